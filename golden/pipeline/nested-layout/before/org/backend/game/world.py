"""The game world loop."""

from org.backend.main.shared.schemas.telemetry_schemas import TelemetryEvent


def tick(world: dict) -> TelemetryEvent:
    world["ticks"] = world.get("ticks", 0) + 1
    return TelemetryEvent(name="tick", source="game")
