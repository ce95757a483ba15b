"""Modules imported on first use: LibCST above all.

Importing LibCST takes about 0.2 s (it builds some two hundred node
classes): more than a ``check`` of a tree no codemod applies to spends on
everything else but reading it (a 1,000-file application: 0.6 s in all).
The modules that a run reaches before it knows whether any codemod has
work to do bind ``cst`` to :data:`cst` here instead of ``import libcst as
cst``; the first attribute read imports LibCST (or one of its subpackages:
``cst.metadata.ScopeProvider``), later reads are plain attribute reads.
Those modules keep LibCST out of what runs at import time: no LibCST class
as a base, a default argument or a module constant.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any


class LazyModule:
    """A module imported when one of its attributes is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # copy, pickle and introspection ask for these: not the module's
            raise AttributeError(attr)
        module = importlib.import_module(self._name)
        try:
            value = getattr(module, attr)
        except AttributeError:  # a subpackage its __init__ does not import (libcst.metadata)
            value = importlib.import_module(f"{self._name}.{attr}")
        setattr(self, attr, value)  # found in the instance from now on: __getattr__ is not called again
        return value


if TYPE_CHECKING:
    import libcst as cst
else:
    cst = LazyModule("libcst")
