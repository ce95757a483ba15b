"""The stat engine."""

from typing import Optional

from .rules import RuleSet

DEFAULT_CACHE = 128


class StatEngine:
    def __init__(self, rules: Optional[RuleSet] = None, *, cache_size: int = DEFAULT_CACHE) -> None:
        self.rules = rules
        self.cache_size = cache_size
