class StatEngine:
    """A different engine that happens to share the name."""


def build():
    return StatEngine()
