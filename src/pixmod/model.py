"""Value types shared by the engine, the codemods and the report.

A codemod returns an :class:`Outcome`: a status, the reason behind it, the
file changes it wants (never written by the codemod itself) and notes for the
summary. Everything here is frozen so results can be passed around freely.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Status(enum.Enum):
    """What a codemod did to the tree, as the summary prints it."""

    APPLIED = "applied"
    ALREADY_APPLIED = "already applied"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True)
class FileChange:
    """New text for one file, relative to the project root (POSIX separators).

    ``text`` uses ``\\n`` line endings as the project holds it in memory; the
    io layer restores the file's own newline style and encoding on write.
    """

    path: str
    text: str
    created: bool = False


@dataclass(frozen=True)
class Outcome:
    """The result of one codemod run over a project."""

    status: Status
    reason: str = ""
    changes: tuple[FileChange, ...] = ()
    notes: tuple[str, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()
    sites: tuple[tuple[str, int], ...] = ()  # (path, line before the change) of each rewritten site

    @classmethod
    def applied(cls, reason: str, changes, notes=(), counts=(), sites=()) -> "Outcome":
        return cls(Status.APPLIED, reason, tuple(changes), tuple(notes), tuple(counts), tuple(sites))

    @classmethod
    def already_applied(cls, reason: str = "", notes=()) -> "Outcome":
        return cls(Status.ALREADY_APPLIED, reason, notes=tuple(notes))

    @classmethod
    def skipped(cls, reason: str, notes=()) -> "Outcome":
        return cls(Status.SKIPPED, reason, notes=tuple(notes))

    @classmethod
    def error(cls, reason: str, notes=()) -> "Outcome":
        return cls(Status.ERROR, reason, notes=tuple(notes))

    def label(self) -> str:
        """``applied``, ``skipped: why``... as the summary shows it."""
        if self.reason and self.status in (Status.SKIPPED, Status.ERROR):
            return f"{self.status.value}: {self.reason}"
        return self.status.value


class CodemodError(Exception):
    """Raised inside a codemod to end it with an ``error`` outcome."""


class SkipCodemod(Exception):
    """Raised inside a codemod to end it with a ``skipped`` outcome."""


@dataclass(frozen=True)
class CodemodReport:
    """One line of the summary: a codemod's name and its outcome."""

    name: str
    outcome: Outcome
    changed_paths: tuple[str, ...] = field(default=())
    choices: tuple = field(default=())  # the pixmod.evidence.Choice values behind it (what explain shows)


@dataclass(frozen=True)
class Finding:
    """One place where an architecture rule is broken (see :mod:`pixmod.rules`)."""

    code: str
    path: str
    line: int
    col: int
    message: str
    severity: str = "warning"


@dataclass(frozen=True)
class RunWarning:
    """Something a run could not take into account and went on without (a
    file it could not read, a rule that could not check one): the sentence
    the summary prints, and the file it concerns, if one (a location in
    SARIF and GitHub annotations). ``str()`` is the sentence."""

    message: str
    path: str | None = None  # relative to the project root

    def __str__(self) -> str:
        return self.message
