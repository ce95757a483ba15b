"""Stats package."""

from .engine import StatEngine
from .factory import create_stat_engine
from .schemas import StatDefinition

__all__ = [
    # Schemas
    "StatDefinition",
    # Engine
    "StatEngine",
    "create_stat_engine",
]
