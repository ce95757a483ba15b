from app import stats
from app.stats import create_stat_engine, engine


def make_engines():
    return stats.create_stat_engine(), create_stat_engine()
