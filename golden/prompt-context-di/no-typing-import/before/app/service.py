"""A service."""

from app.deps import Cache


class PromptContextService:
    def __init__(self):
        self._cache = Cache()
