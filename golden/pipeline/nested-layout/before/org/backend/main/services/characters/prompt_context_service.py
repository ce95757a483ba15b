"""Builds prompt context for entities (NPCs today) from their resolvers."""

from typing import Any, Awaitable, Callable, Dict, List, Optional, Protocol

from org.backend.main.domain.stats import (
    StatDefinition,
    StatEngine,
)
from org.backend.main.infrastructure.database import AsyncSession
from org.backend.main.services.prompt_context.mapping import (
    FieldMapping,
    get_nested_value,
    set_nested_value,
)
from org.backend.main.shared.schemas.npc_schemas import NPCPromptContext

from .instance_service import CharacterInstanceService
from .npc_prompt_mapping import get_npc_field_mapping
from .npc_sync_service import CharacterNPCSyncService

EnricherFn = Callable[[Dict[str, Any]], Awaitable[None]]

AFFINITY = StatDefinition(id="affinity", label="Affinity")


class EntityContextResolver(Protocol):
    async def resolve(self, entity_id: int) -> Dict[str, Any]: ...


class _NpcContextResolver:
    def __init__(
        self,
        db: AsyncSession,
        instance_service: CharacterInstanceService,
        sync_service: CharacterNPCSyncService,
        stat_engine: StatEngine,
        field_mapping: List[FieldMapping],
    ):
        self.db = db
        self.instance_service = instance_service
        self.sync_service = sync_service
        self.stat_engine = stat_engine
        self.field_mapping = field_mapping

    async def resolve(self, entity_id: int) -> Dict[str, Any]:
        instance = await self.instance_service.get_instance(entity_id) or {}
        state = await self.sync_service.get_npc_state(entity_id)
        context: Dict[str, Any] = {}
        for mapping in self.field_mapping:
            value = get_nested_value(instance, mapping.source_path)
            if value is not None:
                set_nested_value(context, mapping.target_path, value)
        affinity = self.stat_engine.clamp(AFFINITY, state.get("affinity", AFFINITY.default))
        set_nested_value(context, "npc.affinity_tier", self.stat_engine.compute_tier(AFFINITY, affinity))
        return context


class PromptContextService:
    """Entry point used by the generation pipeline."""

    def __init__(self, db: AsyncSession):
        self.db = db
        self._resolvers: Dict[str, EntityContextResolver] = {}
        self._enrichers: Dict[str, List[EnricherFn]] = {}
        self._register_default_npc_resolver()

    def _register_default_npc_resolver(self):
        # Everything the NPC resolver needs is created here.
        instance_service = CharacterInstanceService(self.db)
        sync_service = CharacterNPCSyncService(self.db)
        stat_engine = StatEngine()
        field_mapping = get_npc_field_mapping()

        npc_resolver = _NpcContextResolver(
            db=self.db,
            instance_service=instance_service,
            sync_service=sync_service,
            stat_engine=stat_engine,
            field_mapping=field_mapping,
        )
        self.register_resolver("npc", npc_resolver)

    def register_resolver(self, entity_type: str, resolver: EntityContextResolver) -> None:
        self._resolvers[entity_type] = resolver

    def add_enricher(self, entity_type: str, enricher: EnricherFn) -> None:
        self._enrichers.setdefault(entity_type, []).append(enricher)

    async def get_context(self, entity_type: str, entity_id: int) -> Optional[Dict[str, Any]]:
        resolver = self._resolvers.get(entity_type)
        if resolver is None:
            return None
        context = await resolver.resolve(entity_id)
        for enricher in self._enrichers.get(entity_type, []):
            await enricher(context)
        return context

    async def get_npc_prompt_context(self, npc_id: int) -> NPCPromptContext:
        context = await self.get_context("npc", npc_id) or {}
        npc = context.get("npc", {})
        return NPCPromptContext(npc_id=npc_id, name=npc.get("name", ""), stats={"affinity_tier": npc.get("affinity_tier")})
