from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, db, *, cache: Optional[Cache] = None):
        self.db = db
        self._cache = cache if cache is not None else Cache()
