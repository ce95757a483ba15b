"""A minimal publish/subscribe bus."""

from collections import defaultdict
from typing import Any, Callable, DefaultDict, List

from org.backend.main.shared.schemas.telemetry_schemas import TelemetryEvent


class EventBus:
    def __init__(self) -> None:
        self._subscribers: DefaultDict[str, List[Callable[[Any], None]]] = defaultdict(list)
        self.telemetry: List[TelemetryEvent] = []

    def subscribe(self, topic: str, handler: Callable[[Any], None]) -> None:
        self._subscribers[topic].append(handler)

    def publish(self, topic: str, payload: Any) -> int:
        self.telemetry.append(TelemetryEvent(name=topic, source="event_bus"))
        for handler in self._subscribers[topic]:
            handler(payload)
        return len(self._subscribers[topic])


event_bus = EventBus()
