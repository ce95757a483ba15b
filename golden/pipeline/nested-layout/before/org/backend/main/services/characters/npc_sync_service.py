"""Keeps NPC rows in step with their character instances."""

from typing import Any, Dict

from org.backend.main.infrastructure.database import AsyncSession


class CharacterNPCSyncService:
    def __init__(self, db: AsyncSession):
        self.db = db

    async def get_npc_state(self, npc_id: int) -> Dict[str, Any]:
        row = await self.db.get("npc_state", npc_id)
        return dict(row or {})
