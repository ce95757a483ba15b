from .engine import StatEngine
from .factory import create_stat_engine

__all__ = ["StatEngine", "create_stat_engine"]
