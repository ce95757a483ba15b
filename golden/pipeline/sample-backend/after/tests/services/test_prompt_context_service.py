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
