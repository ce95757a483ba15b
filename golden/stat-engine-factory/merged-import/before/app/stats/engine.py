"""The stat engine."""


class StatEngine:
    def clamp(self, value: float) -> float:
        return max(0.0, min(100.0, value))
