from app.stats import (
    StatDefinition,
    StatEngine,
)


class Npc:
    def __init__(self) -> None:
        self.engine: StatEngine = StatEngine()
        self.mood = StatDefinition(id="mood")
