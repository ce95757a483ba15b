from app.stats import StatEngine


def pair():
    first, second = StatEngine(), StatEngine()
    return first, second, list([StatEngine()])
