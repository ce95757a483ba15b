from typing import Dict, Optional

from app.deps import Cache


class PromptContextService:
    def __init__(self, *, cache: Optional[Cache] = None):
        """Create the object; its dependencies may be passed in.

        Args:
            cache: the Cache to use; a default one is created when None.
        """
        self.data: Dict[str, int] = {}
        self._cache = cache if cache is not None else Cache()
