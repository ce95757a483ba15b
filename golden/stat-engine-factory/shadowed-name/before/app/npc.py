from app.stats import StatEngine

create_stat_engine = None


def build():
    return StatEngine()
