from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, name: str):
        """Set up the service for ``name``."""
        self.name = name
        self._cache = Cache()
