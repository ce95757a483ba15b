from __future__ import annotations

from app.deps import Cache


class PromptContextService:
    def __init__(self, name: str | None = None):
        self.name = name
        self._cache = Cache()
