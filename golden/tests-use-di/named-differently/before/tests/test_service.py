from unittest.mock import MagicMock

import pytest

from app.service import PromptContextService

fake_store = MagicMock()


@pytest.fixture
def service(mock_db):
    return PromptContextService(mock_db)


def test_engine_left_alone(mock_db, mock_store):
    service = PromptContextService(mock_db)
    assert service.db is mock_db
