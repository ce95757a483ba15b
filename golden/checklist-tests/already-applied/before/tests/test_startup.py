import unittest
from unittest.mock import patch

from app.startup import setup_ecs_components


class TestSetupEcsComponents(unittest.TestCase):
    def test_logs_the_count(self):
        with patch("app.startup.log") as log:
            count = setup_ecs_components()

        log.info.assert_called_once_with("Registered %d ECS components", count)


class TestSetupStatPackages(unittest.TestCase):
    """setup_stat_packages() registers the core stat packages explicitly, as a step of startup."""

    def test_returns_and_logs_the_package_count(self):
        from app.startup import setup_stat_packages

        with patch("app.startup.log") as mock_logger:
            count = setup_stat_packages()

        assert count >= 2
        assert any(count in call.args for call in mock_logger.info.call_args_list)

    def test_registers_every_core_package(self):
        from app.startup import setup_stat_packages
        from app.stats import list_stat_packages

        setup_stat_packages()
        packages = list_stat_packages()

        assert {"core.mood", "core.drives"} <= {package.id for package in packages}

    def test_registers_before_plugins_load(self):
        import inspect

        from app.main import lifespan

        source = inspect.getsource(lifespan)

        assert "setup_stat_packages(" in source
        assert source.index("setup_stat_packages(") < source.index("setup_plugins(")


class TestSomethingElse(unittest.TestCase):
    def test_nothing(self):
        self.assertTrue(True)
