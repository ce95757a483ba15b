"""Tests for PromptContextService."""

import asyncio

import pytest

from pixsim7.backend.main.services.characters.prompt_context_service import PromptContextService


@pytest.fixture
def service(mock_db, mock_instance_service, mock_sync_service, mock_stat_engine):
    """PromptContextService instance with mocked dependencies."""
    return PromptContextService(
        mock_db,
        instance_service=mock_instance_service,
        sync_service=mock_sync_service,
        stat_engine=mock_stat_engine,
    )


class FakeResolver:
    """Resolves every entity to the same context."""

    def __init__(self, context):
        self.context = context

    async def resolve(self, entity_id):
        return dict(self.context, id=entity_id)


def test_registers_the_npc_resolver(service):
    assert "npc" in service._resolvers


def test_unknown_entity_type_has_no_context(service):
    assert asyncio.run(service.get_context("location", 1)) is None


def test_enrichers_run_after_the_resolver(service):
    async def add_weather(context):
        context["weather"] = "rain"

    service.register_resolver("location", FakeResolver({"name": "Harbor"}))
    service.add_enricher("location", add_weather)

    context = asyncio.run(service.get_context("location", 3))

    assert context == {"name": "Harbor", "id": 3, "weather": "rain"}


def test_npc_prompt_context_carries_the_npc_id(service):
    context = asyncio.run(service.get_npc_prompt_context(7))

    assert context.npc_id == 7


def test_works_with_default_dependencies(mock_db):
    """PromptContextService works with default dependencies (backward compatible)."""
    from pixsim7.backend.main.domain.stats import StatEngine
    from pixsim7.backend.main.services.characters.instance_service import (
        CharacterInstanceService,
    )
    from pixsim7.backend.main.services.characters.npc_sync_service import (
        CharacterNPCSyncService,
    )

    service = PromptContextService(mock_db)

    assert isinstance(service._instance_service, CharacterInstanceService)
    assert isinstance(service._sync_service, CharacterNPCSyncService)
    assert isinstance(service._stat_engine, StatEngine)


def test_accepts_injected_dependencies(
    mock_db, mock_instance_service, mock_sync_service, mock_stat_engine
):
    """PromptContextService accepts injected dependencies (tests can mock them)."""
    service = PromptContextService(
        mock_db,
        instance_service=mock_instance_service,
        sync_service=mock_sync_service,
        stat_engine=mock_stat_engine,
    )

    assert service._instance_service is mock_instance_service
    assert service._sync_service is mock_sync_service
    assert service._stat_engine is mock_stat_engine


def test_stat_engine_is_created_by_the_factory():
    """StatEngine instances come from create_stat_engine()."""
    from pixsim7.backend.main.domain.stats import create_stat_engine
    from pixsim7.backend.main.domain.stats.engine import StatEngine

    assert isinstance(create_stat_engine(), StatEngine)
