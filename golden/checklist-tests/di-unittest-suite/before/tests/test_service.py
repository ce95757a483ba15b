import unittest
from unittest.mock import MagicMock

from app.service import PromptContextService


class PromptContextServiceTest(unittest.TestCase):
    def setUp(self):
        self.db = MagicMock()
        self.mock_store = MagicMock()
        self.mock_stat_engine = MagicMock()
        self.service = PromptContextService(
            self.db, store=self.mock_store, stat_engine=self.mock_stat_engine
        )

    def test_keeps_its_db(self):
        self.assertIs(self.service.db, self.db)

    def test_fresh_service(self):
        service = PromptContextService(
            self.db, store=self.mock_store, stat_engine=self.mock_stat_engine
        )
        self.assertIsNot(service, self.service)
