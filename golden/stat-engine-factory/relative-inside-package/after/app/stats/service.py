from .factory import create_stat_engine


class StatService:
    def __init__(self) -> None:
        self.engine = create_stat_engine()
