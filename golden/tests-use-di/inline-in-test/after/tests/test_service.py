from unittest.mock import MagicMock

from app.service import PromptContextService


def make_service(db, stat_engine):
    return PromptContextService(db, stat_engine=stat_engine)


def test_keeps_its_db(mock_db, mock_store, mock_stat_engine):
    service = PromptContextService(
        mock_db, store=mock_store, stat_engine=mock_stat_engine
    )

    assert service.db is mock_db


def test_two_services(mock_db, mock_store, mock_stat_engine):
    first, second = PromptContextService(
        mock_db, store=mock_store, stat_engine=mock_stat_engine
    ), PromptContextService(mock_db, store=None, stat_engine=mock_stat_engine)

    assert first is not second


class TestScores:
    def test_score(self, mock_db, mock_store):
        stat_engine = MagicMock()
        service = PromptContextService(  # the service under test
            mock_db,
            store=mock_store,
            stat_engine=stat_engine,
        )
        assert service.db is mock_db
