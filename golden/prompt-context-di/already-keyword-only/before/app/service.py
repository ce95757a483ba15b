from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, name: str, *, debug: bool = False) -> None:
        self.name = name
        self.debug = debug
        self._cache = Cache(size=4)
