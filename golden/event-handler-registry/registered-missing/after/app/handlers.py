"""Event handler plugins."""

import importlib
import os
from typing import List

from app.log import get_logger

logger = get_logger("handlers")


def discover_event_handlers(handlers_dir: str) -> List[str]:
    from app.event_handlers.registry import REGISTERED_HANDLERS  # validated

    """Sub-folders of handlers_dir holding a manifest.py."""
    return sorted(
        entry for entry in os.listdir(handlers_dir)
        if os.path.isfile(os.path.join(handlers_dir, entry, "manifest.py"))
    )


def load_all(handlers_dir: str) -> List[str]:
    loaded = []
    for name in discover_event_handlers(handlers_dir):
        importlib.import_module(f"app.event_handlers.{name}.manifest")
        loaded.append(name)
    return loaded
