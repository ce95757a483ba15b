"""Event handler plugins, discovered in the event_handlers/ folder."""

import importlib
import os
from typing import List

from org.backend.main.shared import get_event_logger

from .bus import event_bus

logger = get_event_logger("handlers")

HANDLERS_PACKAGE = "org.backend.main.event_handlers"


def discover_event_handlers(handlers_dir: str) -> List[str]:
    """Names of the sub-folders of ``handlers_dir`` that hold a manifest.py."""
    found = []
    for entry in sorted(os.listdir(handlers_dir)):
        if os.path.isfile(os.path.join(handlers_dir, entry, "manifest.py")):
            found.append(entry)
    return found


def load_event_handler_plugin(name: str, module_path: str) -> bool:
    try:
        manifest = importlib.import_module(f"{module_path}.manifest")
    except ImportError as exc:
        logger.error("event_handler_failed", handler=name, error=str(exc))
        return False
    event_bus.subscribe(manifest.TOPIC, manifest.handle)
    return True


def register_handlers() -> dict:
    handlers_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "event_handlers")
    stats = {"loaded": 0, "failed": 0}
    for name in discover_event_handlers(handlers_dir):
        if load_event_handler_plugin(name, f"{HANDLERS_PACKAGE}.{name}"):
            stats["loaded"] += 1
        else:
            stats["failed"] += 1
    logger.info("event_handlers_registered", **stats)
    return stats
