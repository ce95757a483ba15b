import pytest

from app.service import PromptContextService


@pytest.fixture
def service(mock_db):
    return PromptContextService(mock_db)


def test_keeps_its_db(service, mock_db):
    assert service.db is mock_db
