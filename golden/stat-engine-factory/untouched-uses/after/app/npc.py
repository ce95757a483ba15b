from typing import Optional

from app.stats import StatEngine, create_stat_engine


class FastEngine(StatEngine):
    """Not StatEngine() itself."""


def is_engine(value: object) -> bool:
    return isinstance(value, StatEngine)


def describe(engine: Optional[StatEngine] = None) -> str:
    clamp = StatEngine.clamp
    return "StatEngine()" + repr(clamp) + repr(FastEngine())


def build() -> StatEngine:
    return create_stat_engine()
