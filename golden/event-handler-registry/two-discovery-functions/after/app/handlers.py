"""Event handler plugins."""

import importlib
import os
from typing import List

from app.log import get_logger

logger = get_logger("handlers")


def discover_plugins(plugin_dir: str) -> List[str]:
    """Handlers found by _scan_plugins() that REGISTERED_HANDLERS enables."""
    from app.event_handlers.registry import REGISTERED_HANDLERS

    available = _scan_plugins(plugin_dir=plugin_dir)
    enabled = [name for name in available if name in REGISTERED_HANDLERS]
    for name in available:
        if name not in REGISTERED_HANDLERS:
            logger.info("Event handler %s is available but not registered", name)
    for name in REGISTERED_HANDLERS:
        if name not in available:
            logger.error("Registered event handler %s is missing", name)
    logger.info(
        "Event handlers enabled: %s of %s available", len(enabled), len(available)
    )
    return enabled


def _scan_plugins(plugin_dir: str) -> List[str]:
    """Sub-folders of plugin_dir holding a manifest.py."""
    return sorted(
        entry for entry in os.listdir(plugin_dir)
        if os.path.isfile(os.path.join(plugin_dir, entry, "manifest.py"))
    )


def load_all() -> List[str]:
    handlers_dir = os.path.join(os.path.dirname(__file__), "event_handlers")
    loaded = []
    for name in discover_plugins(handlers_dir):
        importlib.import_module(f"app.event_handlers.{name}.manifest")
        loaded.append(name)
    return loaded
