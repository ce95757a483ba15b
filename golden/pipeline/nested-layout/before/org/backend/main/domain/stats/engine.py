"""Stat computation: clamping, tiers and derived values."""

from typing import Dict, Optional

from .schemas import StatDefinition


class StatEngine:
    """Stateless stat arithmetic shared by services and the brain."""

    def clamp(self, definition: StatDefinition, value: float) -> float:
        return max(definition.min_value, min(definition.max_value, value))

    def compute_tier(self, definition: StatDefinition, value: float) -> Optional[str]:
        tier_name = None
        for tier in sorted(definition.tiers, key=lambda t: t.min_value):
            if value >= tier.min_value:
                tier_name = tier.name
        return tier_name

    def normalize(self, definition: StatDefinition, value: float) -> float:
        span = definition.max_value - definition.min_value
        return (self.clamp(definition, value) - definition.min_value) / span if span else 0.0

    def apply_deltas(self, values: Dict[str, float], deltas: Dict[str, float]) -> Dict[str, float]:
        out = dict(values)
        for key, delta in deltas.items():
            out[key] = out.get(key, 0.0) + delta
        return out
