from .engine import StatEngine


def create_stat_engine() -> StatEngine:
    return StatEngine()
