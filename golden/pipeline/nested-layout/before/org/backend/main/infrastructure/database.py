"""Database session stand-in (the real backend uses SQLAlchemy's AsyncSession)."""

from typing import Any, Dict


class AsyncSession:
    """Holds rows in memory, keyed by table and id."""

    def __init__(self) -> None:
        self.rows: Dict[str, Dict[int, Any]] = {}

    async def get(self, table: str, row_id: int) -> Any:
        return self.rows.get(table, {}).get(row_id)

    def add(self, table: str, row_id: int, row: Any) -> None:
        self.rows.setdefault(table, {})[row_id] = row


_engine_ready = False


def init_database() -> None:
    global _engine_ready
    _engine_ready = True


def database_ready() -> bool:
    return _engine_ready
