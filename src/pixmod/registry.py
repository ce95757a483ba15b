"""The pipeline: every codemod, in the order it runs.

An explicit list, as the report asks of registries: no auto-discovery and no
registration by import side effect. Each codemod runs on the output of the
ones before it.

Entries name their class by import path, so ``pixmod list`` and ``--help``
can show names and descriptions without importing LibCST: :func:`listing`
reads the two class attributes from the module source (they are plain
string literals); :func:`pipeline` imports the classes to run them.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from pixmod.codemod import Codemod

PIPELINE: tuple[str, ...] = (
    "pixmod.codemods.prompt_context_di:PromptContextDI",
    "pixmod.codemods.stat_engine_factory:StatEngineFactory",
    "pixmod.codemods.stat_packages_startup:StatPackagesStartup",
    "pixmod.codemods.schemas_barrel:SchemasBarrel",
    "pixmod.codemods.tests_use_di:TestsUseDI",
    "pixmod.codemods.checklist_tests:ChecklistTests",
    "pixmod.codemods.dev_guide_di:DevGuideDI",
    # Opt-in (its class says default = False): run only when named.
    "pixmod.codemods.event_handler_registry:EventHandlerRegistry",
)


class UnknownCodemod(Exception):
    """A name given to --only/--skip (or the config) names no codemod."""


@lru_cache(maxsize=None)
def pipeline() -> tuple[type["Codemod"], ...]:
    """The codemod classes, in pipeline order."""
    classes = []
    for entry in PIPELINE:
        module, _, name = entry.partition(":")
        classes.append(getattr(importlib.import_module(module), name))
    return tuple(classes)


def default_options() -> dict[str, dict[str, Any]]:
    """Each codemod's options at their defaults, by codemod name."""
    return {codemod.name: codemod.defaults() for codemod in pipeline()}


def listing() -> list[tuple[str, str]]:
    """(name, description) of each codemod, in order, without importing them."""
    rows = []
    for entry in PIPELINE:
        module, _, class_name = entry.partition(":")
        source = importlib.util.find_spec(module).loader.get_source(module)
        cls = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == class_name)
        attrs = {
            target.id: stmt.value.value
            for stmt in cls.body if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
            for target in stmt.targets if isinstance(target, ast.Name)
        }
        opt_in = attrs.get("default", True) is False
        rows.append((attrs["name"], attrs["description"] + (" (opt-in)" if opt_in else "")))
    return rows


def select(only: Sequence[str] = (), skip: Sequence[str] = (), enable: Sequence[str] = ()) -> list[type["Codemod"]]:
    """The codemods to run, in pipeline order: ``only`` those named, or every
    default one plus the opt-in ones in ``enable``; never those in ``skip``."""
    known = [c.name for c in pipeline()]
    for name in (*only, *skip, *enable):
        if name not in known:
            raise UnknownCodemod(f"unknown codemod '{name}' (known: {', '.join(known)})")
    chosen = [c for c in pipeline() if c.name in only] if only else [c for c in pipeline() if c.default or c.name in enable]
    return [c for c in chosen if c.name not in skip]
