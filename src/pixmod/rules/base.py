"""Architecture rules: the report's DON'Ts, checked by ``pixmod check``.

A rule is a small class: a fixed ``code`` (PX001...), a ``name``, a
one-line ``description``, a default ``severity`` and its own ``VALID`` and
``INVALID`` examples, which the test suite runs: a VALID example is a tree
(file path -> source, under a package ``app``) where the rule finds
nothing; an INVALID one is an :class:`Invalid`, a tree and the exact
findings expected in it (path, line, column, message), as Fixit's
``Invalid(code, range=, expected_message=)``. ``check(project)`` yields
:class:`Finding` values; it never prints and never writes.

A rule that checks what a codemod fixes names it in ``codemod`` and reads
that codemod's options for the run (``[tool.pixmod.<codemod>]``, the same
values the codemod gets) as :attr:`Rule.shared_options`: one definition per
setting. A rule's own settings are declared in ``OPTIONS`` (typed
:class:`~pixmod.options.Option` values, as codemods declare theirs), set in
``[tool.pixmod.rules.<CODE>]`` or with ``--set CODE.KEY=VALUE``, and given
to the constructor; the instance reads them as :attr:`Rule.options`. What a
per-file analysis needs of them goes in as its arguments (:meth:`per_file`),
so that they are part of its cache key.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Mapping

from pixmod.analysis import Analysis
from pixmod.model import Finding
from pixmod.options import Option

if TYPE_CHECKING:
    from pixmod.project import Project

SEVERITIES = ("error", "warning", "note")
SUPPRESS = re.compile(r"#\s*pixmod:\s*ignore\[([A-Z0-9, ]+)\]")


@dataclass(frozen=True)
class Invalid:
    """An INVALID example: a tree and the findings ``(path, line, column,
    message)`` the rule must report there, all of them and only them."""

    files: Mapping[str, str]
    expected: tuple[tuple[str, int, int, str], ...]


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[str] = "warning"
    VALID: ClassVar[tuple[Mapping[str, str], ...]] = ()
    INVALID: ClassVar[tuple[Invalid, ...]] = ()
    codemod: ClassVar[str | None] = None  # the codemod whose options the rule shares
    OPTIONS: ClassVar[tuple[Option, ...]] = ()  # the rule's own settings: [tool.pixmod.rules.<CODE>]

    def __init__(
        self, codemod_options: Mapping[str, Mapping[str, Any]] | None = None, options: Mapping[str, Any] | None = None,
    ) -> None:
        """``codemod_options``: each codemod's validated options for this run
        (by codemod name; default: every codemod's defaults). ``options``:
        this rule's own, by key (validated again here; the others keep their
        defaults)."""
        self.unreadable: list[tuple[str, str]] = []  # (path, why) of each file it could not read
        self._declared: list[Analysis] | None = None
        self._codemod_options = codemod_options
        declared = {option.name: option for option in self.OPTIONS}
        self.options: dict[str, Any] = {name: option.default for name, option in declared.items()}
        for key, value in (options or {}).items():
            if key not in declared:
                raise KeyError(f"{self.code} has no option {key!r} (known: {', '.join(declared) or 'none'})")
            self.options[key] = declared[key].validate(value, f"{self.code} option {key}")

    def options_of(self, codemod: str) -> Mapping[str, Any]:
        """The validated options of ``codemod`` for this run, for a rule that
        reports what that codemod fixes: one setting (say, where the engine
        is defined) means the same to both, with one definition, the
        codemod's."""
        if self._codemod_options is None:
            from pixmod import registry  # only the registry imports codemods

            self._codemod_options = registry.default_options()
        return self._codemod_options[codemod]

    @property
    def shared_options(self) -> Mapping[str, Any]:
        """The options of :attr:`codemod` for this run (none without one)."""
        return self.options_of(self.codemod) if self.codemod else {}

    def check(self, project: "Project") -> Iterable[Finding]:
        raise NotImplementedError

    def analyses(self, project: "Project") -> Iterable[Analysis]:
        """The per-file analyses ``check`` reads (through :meth:`results`),
        declared so that the engine can compute them in one pass with the
        codemods'. Made with :meth:`per_file`."""
        return ()

    def declared(self, project: "Project") -> list[Analysis]:
        """:meth:`analyses`, worked out once per run (the engine asks for
        them before ``check``, which reads the same)."""
        if self._declared is None:
            # With --shard, a per-file analysis runs on this shard's files only.
            self._declared = [
                Analysis(a.func, tuple(p for p in a.paths if project.in_shard(p)), a.args) if a.func is _if_parsable else a
                for a in self.analyses(project)
            ]
        return self._declared

    def per_file(self, func, paths: Iterable[str], *args) -> Analysis:
        """``func(view, *args)`` on each of ``paths``, as an analysis whose
        :meth:`results` leave out the files that do not parse (``func``
        raises :class:`~pixmod.rules.scan.Unparsable` or a LibCST parse
        failure for them)."""
        return Analysis(_if_parsable, tuple(paths), (func, *args))

    def results(self, project: "Project", analysis: Analysis) -> dict[str, Any]:
        """A :meth:`per_file` analysis's result for each file that parses,
        through :meth:`Project.compute` (computed already when declared);
        the others are noted in ``unreadable``."""
        results = {}
        for path, result in project.compute(analysis).items():
            if isinstance(result, _Unparsable):
                self.unreadable.append((path, result.reason))
            else:
                results[path] = result
        return results

    def located_findings(self, project: "Project", message) -> Iterable[Finding]:
        """A finding for each place the declared per-file analyses found,
        their results being ``(line, column, *details)`` tuples, worded by
        ``message(*details)``."""
        for analysis in self.declared(project):
            for path, places in self.results(project, analysis).items():
                for line, col, *details in places:
                    yield self.finding(path, line, col, message(*details))

    def finding(self, path: str, line: int, col: int, message: str) -> Finding:
        return Finding(self.code, path, line, col, message, self.severity)


@dataclass(frozen=True)
class _Unparsable:
    reason: str


def _if_parsable(view, func, *args) -> Any:
    from pixmod.model import CodemodError

    from pixmod.rules.scan import Unparsable

    try:
        return func(view, *args)
    except (Unparsable, CodemodError) as exc:
        return _Unparsable(str(exc))


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
