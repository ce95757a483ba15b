from app import stats
from app.stats import engine


def make_engines():
    return stats.StatEngine(), engine.StatEngine()
