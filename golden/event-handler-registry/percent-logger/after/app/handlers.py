"""Event handler plugins."""

import importlib
import os
from typing import List

import logging

log = logging.getLogger(__name__)


def discover_event_handlers(handlers_dir: str) -> List[str]:
    """Handlers found by _scan_event_handlers() that REGISTERED_HANDLERS enables."""
    from app.event_handlers.registry import REGISTERED_HANDLERS

    available = _scan_event_handlers(handlers_dir=handlers_dir)
    enabled = [name for name in available if name in REGISTERED_HANDLERS]
    for name in available:
        if name not in REGISTERED_HANDLERS:
            log.info("Event handler %s is available but not registered", name)
    for name in REGISTERED_HANDLERS:
        if name not in available:
            log.error("Registered event handler %s is missing", name)
    log.info("Event handlers enabled: %s of %s available", len(enabled), len(available))
    return enabled


def _scan_event_handlers(handlers_dir: str) -> List[str]:
    """Sub-folders of handlers_dir holding a manifest.py."""
    log.info('scanning %s', handlers_dir)
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
