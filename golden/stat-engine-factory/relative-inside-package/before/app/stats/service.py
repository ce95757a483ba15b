from .engine import StatEngine


class StatService:
    def __init__(self) -> None:
        self.engine = StatEngine()
