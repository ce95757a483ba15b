"""Observability payloads emitted by services and event handlers."""

from dataclasses import dataclass, field
from typing import Dict


@dataclass
class TelemetryEvent:
    name: str
    source: str
    attributes: Dict[str, str] = field(default_factory=dict)


@dataclass
class MetricSnapshot:
    name: str
    value: float
