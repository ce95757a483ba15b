from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, name, *args, cache: Optional[Cache] = None, **kwargs):
        """Create the object; its dependencies may be passed in.

        Args:
            name: required.
            cache: the Cache to use; a default one is created when None.
        """
        self.name = name
        self.extra = (args, kwargs)
        self._cache = cache if cache is not None else Cache()
