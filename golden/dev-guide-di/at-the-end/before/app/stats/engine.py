class StatEngine:
    pass
