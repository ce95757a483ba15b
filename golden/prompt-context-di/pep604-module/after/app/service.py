from __future__ import annotations

from app.deps import Cache


class PromptContextService:
    def __init__(self, name: str | None = None, *, cache: Cache | None = None):
        """Create the object; its dependencies may be passed in.

        Args:
            name (str | None): optional.
            cache: the Cache to use; a default one is created when None.
        """
        self.name = name
        self._cache = cache if cache is not None else Cache()
