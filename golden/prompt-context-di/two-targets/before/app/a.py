from typing import Optional

from app.deps import Cache


class AlphaService:
    def __init__(self):
        self._cache = Cache()
