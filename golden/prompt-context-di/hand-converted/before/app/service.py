from typing import Optional

from app.deps import Cache, HttpClient


class PromptContextService:
    def __init__(self, base_url: str, *, cache: Optional[Cache] = None, client: Optional[HttpClient] = None):
        self._cache = cache or Cache()
        if client is None:
            client = HttpClient(base_url)
        self._client = client
