from typing import Optional

from app.deps import Cache, HttpClient


class PromptContextService:
    def __init__(self, base_url: str):
        self.cache = Cache()
        client = HttpClient(base_url)
        self.urls = [client.base_url]
