from app.stats import create_stat_engine


def make_engine():
    return create_stat_engine()
