from app.stats import create_stat_engine


def pair():
    first, second = create_stat_engine(), create_stat_engine()
    return first, second, list([create_stat_engine()])
