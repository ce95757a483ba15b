"""In-process event bus and its handler plugins."""

from .bus import event_bus

__all__ = ["event_bus"]
