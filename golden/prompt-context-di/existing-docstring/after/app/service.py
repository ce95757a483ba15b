from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, name: str, *, cache: Optional[Cache] = None):
        """Set up the service for ``name``."""
        self.name = name
        self._cache = cache if cache is not None else Cache()
