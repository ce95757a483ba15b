from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, name, *args, **kwargs):
        self.name = name
        self.extra = (args, kwargs)
        self._cache = Cache()
