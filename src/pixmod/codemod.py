"""The codemod interface.

A codemod is a small class: a kebab-case ``name`` (its CLI name), a one-line
``description``, the ``options`` it reads from ``[tool.pixmod.<name>]`` (each an
:class:`~pixmod.options.Option`: type, choices, default, help; validated
before the run, so ``plan`` reads values of the declared type), and
``plan(project, options)`` which returns an :class:`~pixmod.model.Outcome`.
It never writes files, never prints and knows nothing of the CLI. Raising
:class:`~pixmod.model.SkipCodemod` or :class:`~pixmod.model.CodemodError`
inside ``plan`` ends it with ``skipped`` or ``error``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from pixmod.model import Outcome
from pixmod.options import Option
from pixmod.analysis import Analysis

if TYPE_CHECKING:
    from pixmod.project import Project


class Codemod:
    """Base class of every codemod (see module docstring)."""

    name: ClassVar[str]
    description: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    default: ClassVar[bool] = True  # False: opt-in, runs only when named (--only, enable)

    def plan(self, project: "Project", options: Mapping[str, Any]) -> Outcome:
        raise NotImplementedError

    def analyses(self, project: "Project", options: Mapping[str, Any]) -> Iterable[Analysis]:
        """The per-file analyses ``plan`` will ask :meth:`Project.map_files`
        for, declared so that the engine computes them in one pass with the
        rules' (optional, only a matter of speed; must not write or raise
        anything ``plan`` would not)."""
        return ()

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return {opt.name: opt.default for opt in cls.options}


__all__ = ["Codemod", "Option"]
