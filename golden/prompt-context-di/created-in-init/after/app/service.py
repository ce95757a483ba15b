from typing import Optional

from app.deps import Cache, HttpClient


class PromptContextService:
    def __init__(
        self,
        base_url: str,
        *,
        cache: Optional[Cache] = None,
        client: Optional[HttpClient] = None,
    ):
        """Create the object; its dependencies may be passed in.

        Args:
            base_url (str): required.
            cache: the Cache to use; a default one is created when None.
            client: the HttpClient to use; a default one is created when None.
        """
        self.cache = cache if cache is not None else Cache()
        self._client = client if client is not None else HttpClient(base_url)
        self.urls = [self._client.base_url]
