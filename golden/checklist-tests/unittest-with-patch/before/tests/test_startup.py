import unittest
from unittest.mock import patch

from app.startup import setup_ecs_components


class TestSetupEcsComponents(unittest.TestCase):
    def test_logs_the_count(self):
        with patch("app.startup.log") as log:
            count = setup_ecs_components()

        log.info.assert_called_once_with("Registered %d ECS components", count)


class TestSomethingElse(unittest.TestCase):
    def test_nothing(self):
        self.assertTrue(True)
