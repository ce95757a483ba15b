from app.stats import create_stat_engine


def build():
    return create_stat_engine()
