"""Structured loggers: ``logger.info("event_name", key=value)``.

A small stand-in for the structlog setup of the real backend; it keeps the
events it emitted so tests can look at them.
"""

import logging
from typing import Any, Dict, List, Tuple


class BackendLogger:
    """A logger whose calls take an event name and keyword fields."""

    def __init__(self, name: str):
        self.name = name
        self._logger = logging.getLogger(f"org.{name}")
        self.events: List[Tuple[str, str, Dict[str, Any]]] = []

    def _emit(self, level: str, event: str, **fields: Any) -> None:
        self.events.append((level, event, fields))
        getattr(self._logger, level)("%s %s", event, fields)

    def debug(self, event: str, **fields: Any) -> None:
        self._emit("debug", event, **fields)

    def info(self, event: str, **fields: Any) -> None:
        self._emit("info", event, **fields)

    def warning(self, event: str, **fields: Any) -> None:
        self._emit("warning", event, **fields)

    def error(self, event: str, **fields: Any) -> None:
        self._emit("error", event, **fields)


_loggers: Dict[str, BackendLogger] = {}


def _get(name: str) -> BackendLogger:
    if name not in _loggers:
        _loggers[name] = BackendLogger(name)
    return _loggers[name]


def get_backend_logger(component: str) -> BackendLogger:
    return _get(f"backend.{component}")


def get_event_logger(component: str) -> BackendLogger:
    return _get(f"events.{component}")


def get_plugin_logger(plugin_id: str) -> BackendLogger:
    return _get(f"plugins.{plugin_id}")
