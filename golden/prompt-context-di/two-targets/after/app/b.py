from typing import Optional

from app.deps import HttpClient


class BetaService:
    def __init__(self, url: str, *, client: Optional[HttpClient] = None):
        """Create the object; its dependencies may be passed in.

        Args:
            url (str): required.
            client: the HttpClient to use; a default one is created when None.
        """
        self.url = url
        self._client = client if client is not None else HttpClient(self.url)
