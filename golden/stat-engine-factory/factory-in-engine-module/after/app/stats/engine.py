"""The stat engine."""


class StatEngine:
    def clamp(self, value: float) -> float:
        return max(0.0, min(100.0, value))


def create_stat_engine() -> StatEngine:
    """Create a StatEngine.

    Build engines here rather than with StatEngine() so that configuration
    and caching can be added in one place.
    """
    return StatEngine()
