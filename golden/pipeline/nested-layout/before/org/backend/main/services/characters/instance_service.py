"""Character instances: the per-world copy of a character."""

from typing import Any, Dict, Optional

from org.backend.main.infrastructure.database import AsyncSession


class CharacterInstanceService:
    def __init__(self, db: AsyncSession):
        self.db = db

    async def get_instance(self, npc_id: int) -> Optional[Dict[str, Any]]:
        return await self.db.get("character_instances", npc_id)
