"""Decides what an NPC wants to do next from its stats."""

from typing import Dict, List

from ..stats import StatDefinition, create_stat_engine

URGENCY = StatDefinition(id="urgency", label="Urgency", min_value=0.0, max_value=1.0)


class BrainEngine:
    def __init__(self) -> None:
        self.stats = create_stat_engine()

    def rank_drives(self, drives: Dict[str, float]) -> List[str]:
        scored = {name: self.stats.clamp(URGENCY, value) for name, value in drives.items()}
        return sorted(scored, key=lambda name: scored[name], reverse=True)
