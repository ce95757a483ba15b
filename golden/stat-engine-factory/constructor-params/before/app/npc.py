from app.stats import StatEngine
from app.stats.rules import RuleSet


def build():
    return StatEngine(RuleSet(), cache_size=16)
