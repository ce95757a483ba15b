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


class TestPromptContextServiceDependencies(unittest.TestCase):
    """The report's testing checklist: PromptContextService's dependencies, by default and injected."""

    def test_works_with_default_dependencies(self):
        """PromptContextService works with default dependencies (backward compatible)."""
        from app.service import Engine, Store

        service = PromptContextService(MagicMock())

        self.assertIsInstance(service._store, Store)
        self.assertIsInstance(service._stat_engine, Engine)

    def test_accepts_injected_dependencies(self):
        """PromptContextService accepts injected dependencies (tests can mock them)."""
        store = MagicMock()
        stat_engine = MagicMock()
        service = PromptContextService(
            MagicMock(), store=store, stat_engine=stat_engine
        )

        self.assertIs(service._store, store)
        self.assertIs(service._stat_engine, stat_engine)
