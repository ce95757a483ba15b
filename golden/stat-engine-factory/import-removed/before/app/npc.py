"""NPCs."""

import math

from app.stats.engine import StatEngine


def make_engine():
    return StatEngine()


def ceil(x: float) -> int:
    return math.ceil(x)
