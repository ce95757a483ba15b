"""Narrative runtime."""

from dataclasses import dataclass, field
from typing import List


@dataclass
class NarrativeEngine:
    beats: List[str] = field(default_factory=list)

    def advance(self, beat: str) -> int:
        self.beats.append(beat)
        return len(self.beats)


__all__ = ["NarrativeEngine"]
