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


def test_works_with_default_dependencies(db):
    """PromptContextService works with default dependencies (backward compatible)."""
    from app.service import Engine, Store

    service = PromptContextService(db)

    assert isinstance(service._store, Store)
    assert isinstance(service._stat_engine, Engine)


def test_accepts_injected_dependencies(db, mock_store, stub_stat_engine):
    """PromptContextService accepts injected dependencies (tests can mock them)."""
    service = PromptContextService(db, store=mock_store, stat_engine=stub_stat_engine)

    assert service._store is mock_store
    assert service._stat_engine is stub_stat_engine
