from typing import Optional

from app.deps import HttpClient


class BetaService:
    def __init__(self, url: str):
        self.url = url
        self._client = HttpClient(self.url)
