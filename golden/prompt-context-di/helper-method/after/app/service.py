from typing import Dict, Optional

from app.deps import Cache, Database, HttpClient, _Registry, default_mapping


class PromptContextService:
    def __init__(
        self,
        db: Database,
        base_url: str = "http://x",
        *,
        cache: Optional[Cache] = None,
        client: Optional[HttpClient] = None,
    ):
        """Create the object; its dependencies may be passed in.

        Args:
            db (Database): required.
            base_url (str): optional.
            cache: the Cache to use; a default one is created when None.
            client: the HttpClient to use; a default one is created when None.
        """
        self.db = db
        self.base_url = base_url
        self._handlers: Dict[str, object] = {}
        self._cache = cache if cache is not None else Cache(size=16)
        self._client = (
            client if client is not None else HttpClient(self.base_url, db=self.db)
        )
        self._setup()

    def _setup(self):
        # Collaborators, built here for now.
        mapping = default_mapping()

        registry = _Registry(self._cache, self._client, mapping)
        self._handlers["default"] = registry

    def lookup(self, key: str) -> Optional[object]:
        return self._handlers.get(key)
