"""Stats package."""

from .engine import StatEngine
from .factory import create_stat_engine
