"""Architecture rules: the report's DON'Ts, checked by ``pixmod check``.

A rule is a small class: a fixed ``code`` (PX001...), a ``name``, a
one-line ``description``, a default ``severity`` and its own ``VALID`` and
``INVALID`` examples (each a mapping of file path to source, under a
package ``app``), which the test suite runs. ``check(project)`` yields
:class:`Finding` values; it never prints and never writes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from pixmod.parallel import Analysis

if TYPE_CHECKING:
    from pixmod.project import Project

SEVERITIES = ("error", "warning", "note")
SUPPRESS = re.compile(r"#\s*pixmod:\s*ignore\[([A-Z0-9, ]+)\]")


@dataclass(frozen=True)
class Finding:
    """One place where a rule is broken."""

    code: str
    path: str
    line: int
    col: int
    message: str
    severity: str = "warning"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str] = "warning"
    VALID: ClassVar[tuple[Mapping[str, str], ...]] = ()
    INVALID: ClassVar[tuple[Mapping[str, str], ...]] = ()

    def __init__(self) -> None:
        self.unreadable: list[str] = []

    def check(self, project: "Project") -> Iterable[Finding]:
        raise NotImplementedError

    def analyses(self, project: "Project") -> Iterable[Analysis]:
        """The per-file analyses ``check`` will run through :meth:`analyse`,
        declared so that the engine can compute them in one pass with the
        codemods' (optional: only a matter of speed)."""
        return ()

    def per_file(self, func, paths: Iterable[str], *args) -> Analysis:
        """The declaration of ``self.analyse(project, func, paths, *args)``."""
        return Analysis(_if_parsable, tuple(paths), (func, *args))

    def parsable(self, project: "Project", paths: Iterable[str]) -> Iterable[str]:
        """The paths that parse; the others are noted in ``unreadable`` (a
        broken file the rule cannot read is not a finding, nor a crash)."""
        from pixmod.model import CodemodError

        for path in paths:
            try:
                project.module(path)
            except CodemodError as exc:
                self.unreadable.append(str(exc))
                continue
            yield path

    def analyse(self, project: "Project", func, paths: Iterable[str], *args) -> dict[str, Any]:
        """``func(view, *args)`` for each of ``paths`` that parses, through
        :meth:`Project.map_files` (in the pool when there are many); the
        others are noted in ``unreadable``."""
        results = {}
        for path, result in project.map_files(_if_parsable, paths, func, *args).items():
            if isinstance(result, _Unparsable):
                self.unreadable.append(result.reason)
            else:
                results[path] = result
        return results

    def finding(self, path: str, line: int, col: int, message: str) -> Finding:
        return Finding(self.code, path, line, col, message, self.severity)


@dataclass(frozen=True)
class _Unparsable:
    reason: str


def _if_parsable(view, func, *args) -> Any:
    from pixmod.model import CodemodError

    try:
        view.module()
    except CodemodError as exc:
        return _Unparsable(str(exc))
    return func(view, *args)


def suppressed(text: str, finding: Finding) -> bool:
    """Whether ``# pixmod: ignore[CODE]`` stands on the finding's line or on
    the ``def``/``class`` line of a definition enclosing it."""
    if "pixmod" not in text:  # no suppression comment anywhere: no need to parse
        return False
    lines = text.splitlines()
    candidates = {finding.line}
    try:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.lineno <= finding.line <= (node.end_lineno or node.lineno):
                    candidates.add(node.lineno)
    except (SyntaxError, ValueError):
        pass
    for number in candidates:
        if 0 < number <= len(lines):
            match = SUPPRESS.search(lines[number - 1])
            if match and finding.code in {c.strip() for c in match.group(1).split(",")}:
                return True
    return False
