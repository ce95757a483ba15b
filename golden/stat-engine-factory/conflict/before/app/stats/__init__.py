"""Stats package."""

from .engine import StatEngine
from .schemas import StatDefinition

__all__ = [
    # Schemas
    "StatDefinition",
    # Engine
    "StatEngine",
]
