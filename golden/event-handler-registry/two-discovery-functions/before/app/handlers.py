"""Event handler plugins."""

import importlib
import os
from typing import List

from app.log import get_logger

logger = get_logger("handlers")


def discover_plugins(plugin_dir: str) -> List[str]:
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
