"""Which LibCST this pixmod may take shortcuts through.

pixmod uses LibCST's public API. Three speed-ups go further
(:mod:`pixmod.syntax.positions`, :mod:`pixmod.syntax.metadata`,
:mod:`pixmod.syntax.contexts`: node starts from a counting code generation,
whole-module providers run without the batched walk, expression contexts
from a read-only walk); each gives what the public API gives, which the
tests check on every golden file. They run only on the LibCST releases
they were tested with (:data:`TESTED`); on any other, or with
``PIXMOD_LIBCST_PUBLIC=1`` in the environment, pixmod takes the public
path. Add a release here only after the test suite passed on it.
"""

from __future__ import annotations

import os
from functools import lru_cache

TESTED = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9")  # major.minor


@lru_cache(maxsize=None)
def shortcuts() -> bool:
    """Whether the speed-ups may run with the installed LibCST."""
    if os.environ.get("PIXMOD_LIBCST_PUBLIC") == "1":
        return False
    from importlib import metadata

    try:
        version = metadata.version("libcst")
    except metadata.PackageNotFoundError:
        return False
    return ".".join(version.split(".")[:2]) in TESTED
