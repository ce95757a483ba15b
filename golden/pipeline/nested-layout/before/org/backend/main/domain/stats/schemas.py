"""Stat definitions and the packages that bundle them."""

from dataclasses import dataclass, field
from typing import List, Optional


@dataclass(frozen=True)
class StatTier:
    name: str
    min_value: float


@dataclass(frozen=True)
class StatDefinition:
    id: str
    label: str
    min_value: float = 0.0
    max_value: float = 100.0
    default: float = 50.0
    tiers: List[StatTier] = field(default_factory=list)


@dataclass
class StatPackage:
    """A plugin-extensible bundle of stat definitions."""

    id: str
    label: str
    definitions: List[StatDefinition] = field(default_factory=list)
    source_plugin_id: Optional[str] = None
