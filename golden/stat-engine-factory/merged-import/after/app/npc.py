from app.stats import (
    StatDefinition,
    StatEngine,
    create_stat_engine,
)


class Npc:
    def __init__(self) -> None:
        self.engine: StatEngine = create_stat_engine()
        self.mood = StatDefinition(id="mood")
