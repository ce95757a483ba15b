"""Where the bundled sample backend (the demo's input) lives.

It is the ``before/`` tree of the main golden case. A wheel carries it as
data under ``pixmod/_sample``; a source checkout (editable install) reads it
from ``golden/`` directly.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CANDIDATES = (
    _PACKAGE_DIR / "_sample",
    _PACKAGE_DIR.parent.parent / "golden" / "pipeline" / "sample-backend" / "before",
)


def sample_root() -> Path:
    """The sample backend's folder; raises FileNotFoundError if missing."""
    for candidate in _CANDIDATES:
        if (candidate / "pixsim7").is_dir():
            return candidate
    raise FileNotFoundError("the bundled sample backend is missing from this installation")
