"""Factory for the StatEngine: the one place that builds engines."""

from typing import Optional

from .engine import DEFAULT_CACHE, StatEngine
from .rules import RuleSet


def create_stat_engine(
    rules: Optional[RuleSet] = None, *, cache_size: int = DEFAULT_CACHE
) -> StatEngine:
    """Create a StatEngine, passing rules, cache_size on to it.

    Build engines here rather than with StatEngine() so that configuration
    and caching can be added in one place.
    """
    return StatEngine(rules=rules, cache_size=cache_size)
