from app.stats import StatEngine as SE


def make_engine():
    return SE()
