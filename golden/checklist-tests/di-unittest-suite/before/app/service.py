"""A converted service: its collaborators may be injected."""

from typing import Optional


class Engine:
    def score(self, value):
        return value


class Store:
    def __init__(self, db):
        self.db = db


class PromptContextService:
    def __init__(self, db, *, store: Optional[Store] = None, stat_engine: Optional[Engine] = None):
        self.db = db
        self._store = store if store is not None else Store(db)
        self._stat_engine = stat_engine if stat_engine is not None else Engine()
