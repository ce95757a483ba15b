"""Reads and updates the stats of entities."""

from typing import Dict, Optional

from org.backend.main.domain import stats
from org.backend.main.infrastructure.database import AsyncSession


class StatService:
    def __init__(self, db: AsyncSession, redis: Optional[object] = None):
        self.db = db
        self.redis = redis
        self.engine = stats.create_stat_engine()

    async def apply_deltas(self, entity_id: int, deltas: Dict[str, float]) -> Dict[str, float]:
        current = await self.db.get("stats", entity_id) or {}
        updated = self.engine.apply_deltas(current, deltas)
        self.db.add("stats", entity_id, updated)
        return updated


def is_engine(value: object) -> bool:
    return isinstance(value, stats.StatEngine)
