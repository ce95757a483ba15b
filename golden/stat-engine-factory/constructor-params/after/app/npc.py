from app.stats import create_stat_engine
from app.stats.rules import RuleSet


def build():
    return create_stat_engine(RuleSet(), cache_size=16)
