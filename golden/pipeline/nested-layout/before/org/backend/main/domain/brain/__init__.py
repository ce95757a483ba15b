"""NPC brain: turns stats into behaviour urgencies."""

from .engine import BrainEngine

__all__ = ["BrainEngine"]
