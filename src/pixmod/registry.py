"""The pipeline: every codemod, in the order it runs.

An explicit list, as the report asks of registries: no auto-discovery and no
registration by import side effect. Each codemod runs on the output of the
ones before it.
"""

from __future__ import annotations

from typing import Sequence

from pixmod.codemod import Codemod
from pixmod.codemods.prompt_context_di import PromptContextDI
from pixmod.codemods.schemas_barrel import SchemasBarrel
from pixmod.codemods.stat_engine_factory import StatEngineFactory
from pixmod.codemods.stat_packages_startup import StatPackagesStartup

PIPELINE: tuple[type[Codemod], ...] = (
    PromptContextDI,
    StatEngineFactory,
    StatPackagesStartup,
    SchemasBarrel,
)


class UnknownCodemod(Exception):
    """A name given to --only/--skip (or the config) names no codemod."""


def by_name() -> dict[str, type[Codemod]]:
    return {codemod.name: codemod for codemod in PIPELINE}


def select(only: Sequence[str] = (), skip: Sequence[str] = ()) -> list[type[Codemod]]:
    """The codemods to run, in pipeline order."""
    known = by_name()
    for name in (*only, *skip):
        if name not in known:
            raise UnknownCodemod(f"unknown codemod '{name}' (known: {', '.join(known)})")
    return [c for c in PIPELINE if (not only or c.name in only) and c.name not in skip]
