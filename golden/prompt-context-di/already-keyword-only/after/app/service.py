from typing import Optional

from app.deps import Cache


class PromptContextService:
    def __init__(
        self, name: str, *, debug: bool = False, cache: Optional[Cache] = None
    ) -> None:
        """Create the object; its dependencies may be passed in.

        Args:
            name (str): required.
            debug (bool): optional.
            cache: the Cache to use; a default one is created when None.
        """
        self.name = name
        self.debug = debug
        self._cache = cache if cache is not None else Cache(size=4)
