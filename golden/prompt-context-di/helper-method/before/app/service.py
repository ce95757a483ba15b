from typing import Dict, Optional

from app.deps import Cache, Database, HttpClient, _Registry, default_mapping


class PromptContextService:
    def __init__(self, db: Database, base_url: str = "http://x"):
        self.db = db
        self.base_url = base_url
        self._handlers: Dict[str, object] = {}
        self._setup()

    def _setup(self):
        # Collaborators, built here for now.
        cache = Cache(size=16)
        client = HttpClient(self.base_url, db=self.db)
        mapping = default_mapping()

        registry = _Registry(cache, client, mapping)
        self._handlers["default"] = registry

    def lookup(self, key: str) -> Optional[object]:
        return self._handlers.get(key)
