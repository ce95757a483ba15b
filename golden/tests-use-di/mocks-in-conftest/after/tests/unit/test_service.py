import pytest

from app.service import PromptContextService


@pytest.fixture
def service(mock_db, mock_store, mock_stat_engine):
    return PromptContextService(mock_db, store=mock_store, stat_engine=mock_stat_engine)


def test_keeps_its_db(service, mock_db):
    assert service.db is mock_db
