from app.stats import StatEngine


def build():
    return StatEngine()
