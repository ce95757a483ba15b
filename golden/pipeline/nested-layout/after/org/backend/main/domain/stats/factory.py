"""Factory for the StatEngine: the one place that builds engines."""

from .engine import StatEngine


def create_stat_engine() -> StatEngine:
    """Create a StatEngine.

    Build engines here rather than with StatEngine() so that configuration
    and caching can be added in one place.
    """
    return StatEngine()
