from typing import Dict

from app.deps import Cache


class PromptContextService:
    def __init__(self):
        self.data: Dict[str, int] = {}
        self._cache = Cache()
