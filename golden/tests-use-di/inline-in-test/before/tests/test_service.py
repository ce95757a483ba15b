from unittest.mock import MagicMock

from app.service import PromptContextService


def make_service(db, stat_engine):
    return PromptContextService(db)


def test_keeps_its_db(mock_db):
    service = PromptContextService(mock_db)

    assert service.db is mock_db


def test_two_services(mock_db, mock_store):
    first, second = PromptContextService(mock_db), PromptContextService(mock_db, store=None)

    assert first is not second


class TestScores:
    def test_score(self, mock_db):
        stat_engine = MagicMock()
        service = PromptContextService(  # the service under test
            mock_db,
        )
        assert service.db is mock_db
