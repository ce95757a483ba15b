"""Tests for the service."""

from unittest.mock import MagicMock

import pytest

from app.service import PromptContextService


@pytest.fixture
def db():
    return MagicMock()


@pytest.fixture
def mock_store():
    return MagicMock()


@pytest.fixture
def stub_stat_engine():
    engine = MagicMock()
    engine.score.return_value = 3
    return engine


@pytest.fixture
def service(db, mock_store, stub_stat_engine):
    """The service with mocked dependencies."""
    return PromptContextService(db, store=mock_store, stat_engine=stub_stat_engine)


def test_keeps_its_db(service, db):
    assert service.db is db
