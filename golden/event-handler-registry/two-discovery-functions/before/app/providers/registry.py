"""Provider discovery: not event handlers, so not event-handler-registry's business."""

import importlib
from pathlib import Path
from typing import List


def discover_providers() -> List[str]:
    providers_dir = Path(__file__).parent
    return sorted(p.name for p in providers_dir.iterdir() if (p / "manifest.py").is_file())


def load_providers() -> list:
    return [importlib.import_module(f"app.providers.{name}.manifest") for name in discover_providers()]
