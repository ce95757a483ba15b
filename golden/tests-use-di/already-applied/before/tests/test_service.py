import pytest

from app.service import PromptContextService


@pytest.fixture
def service(mock_db, mock_store, mock_stat_engine):
    return PromptContextService(mock_db, store=mock_store, stat_engine=mock_stat_engine)
