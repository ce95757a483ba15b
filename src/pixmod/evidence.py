"""Choosing a target among candidates by evidence, the way a person would.

Every codemod finds its targets by definition (the class ``StatEngine``, the
module defining ``setup_ecs_components``, the module calling it...). A real
tree often holds several candidates: tests that define or call the same
names, a command-line helper beside the app's lifespan, a second plugin
folder. :func:`choose` is the one place that decides among them:

1. a pinned value (``[tool.pixmod.<codemod>] <option> = ...``) wins; one that
   matches no candidate is an error;
2. tests (``test_*.py``, ``*_test.py``, ``conftest.py``, anything under a
   ``tests``/``test`` folder) are never a definition, entry point or anchor;
3. the candidates left are ranked by the points of their evidence; the best
   wins unless another has as many points: then, and only then, it refuses,
   naming at most five candidates and the exact TOML line that pins one.

Each decision is a :class:`Choice` (chosen, rejected and why, the pin line);
while :func:`recording` is active they are collected, which is what
``pixmod explain`` shows.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator

from pixmod.model import CodemodError, SkipCodemod

TEST_FOLDERS = frozenset({"tests", "test"})
MAX_LISTED = 5


def is_test_path(rel: str) -> bool:
    """Whether a file (POSIX path relative to the project root) is a test:
    ``test_*.py``, ``*_test.py``, ``conftest.py`` or under ``tests``/``test``."""
    *folders, name = rel.split("/")
    return (
        name == "conftest.py" or (name.startswith("test_") and name.endswith(".py")) or name.endswith("_test.py")
        or any(folder in TEST_FOLDERS for folder in folders)
    )


@dataclass(frozen=True)
class Candidate:
    """One possible target: where it is and what speaks for it."""

    path: str  # file relative to the project root
    line: int
    symbol: str  # what it is, as a person names it: "app.main", "app.engine:StatEngine"
    pin: str  # the option value that pins it
    evidence: tuple[tuple[int, str], ...] = ()  # (points, why)
    item: Any = field(default=None, compare=False, repr=False)  # the caller's object

    @property
    def score(self) -> int:
        return sum(points for points, _ in self.evidence)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def reasons(self) -> str:
        return "; ".join(why for _, why in self.evidence) or "no evidence"


@dataclass(frozen=True)
class Choice:
    """A decision and how it was reached (what ``pixmod explain`` shows)."""

    codemod: str
    what: str  # "the startup module (defines setup_ecs_components)"
    option: str  # the option that pins it ("" when none)
    chosen: Candidate | None
    rejected: tuple[tuple[Candidate, str], ...] = ()
    pinned: bool = False
    as_list: bool = False  # the option holds a list of such values

    @property
    def table(self) -> str:
        """The pyproject.toml table the pin goes in."""
        return table_of(self.codemod)

    def pin_line(self, candidate: Candidate | None = None) -> str:
        """The TOML line that pins ``candidate`` (default: the chosen one),
        to paste under :attr:`table`."""
        target = candidate or self.chosen
        if not self.option or target is None:
            return ""
        value = f'"{target.pin}"'
        return f"{self.option} = [{value}]" if self.as_list else f"{self.option} = {value}"


def table_of(codemod: str) -> str:
    """``[tool.pixmod.<codemod>]`` (``[tool.pixmod]`` for the top level)."""
    return f"[tool.pixmod.{codemod}]" if codemod else "[tool.pixmod]"


_RECORDED: contextvars.ContextVar[list[Choice] | None] = contextvars.ContextVar("pixmod_choices", default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[Choice]]:
    """Collect every :class:`Choice` made inside the block, in order."""
    choices: list[Choice] = []
    token = _RECORDED.set(choices)
    try:
        yield choices
    finally:
        _RECORDED.reset(token)


def record(choice: Choice) -> None:
    """Keep a decision for ``explain`` (nothing happens outside :func:`recording`)."""
    choices = _RECORDED.get()
    if choices is None:
        return
    # Kept as plain values: the caller's objects (parsed nodes) stay out of a
    # run's result, which a replayed check restores without importing LibCST.
    bare = replace(
        choice, chosen=replace(choice.chosen, item=None) if choice.chosen else None,
        rejected=tuple((replace(c, item=None), why) for c, why in choice.rejected),
    )
    if bare not in choices:
        choices.append(bare)


def choose(
    candidates: Iterable[Candidate], *, codemod: str, what: str, option: str, pinned: str | None = None,
    none_found: str, pin_unknown: str | None = None, excluded: Iterable[tuple[Candidate, str]] = (), as_list: bool = False,
) -> Candidate:
    """The candidate the evidence picks (see the module docstring).

    ``none_found`` is the skip reason when nothing is left; ``pin_unknown``
    the error when ``pinned`` matches no candidate; ``excluded`` are
    candidates the caller ruled out, with why (shown by ``explain``). Raises
    :class:`SkipCodemod` or :class:`CodemodError` (a tie)."""
    candidates = list(candidates)
    excluded = list(excluded)
    if pinned:
        matching = [c for c in candidates if c.pin == pinned]
        if not matching:
            raise CodemodError(pin_unknown or f"[tool.pixmod.{codemod}] {option} = '{pinned}' matches no {what}")
        chosen = matching[0]
        rejected = tuple((c, f"not the pinned {option}") for c in candidates if c is not chosen) + tuple(excluded)
        record(Choice(codemod, what, option, chosen, rejected, pinned=True, as_list=as_list))
        return chosen
    tests = [c for c in candidates if is_test_path(c.path)]
    rejected = excluded + [(c, "a test: tests are never a definition, entry point or anchor") for c in tests]
    left = sorted((c for c in candidates if c not in tests), key=lambda c: (-c.score, c.path, c.line))
    if not left:
        record(Choice(codemod, what, option, None, tuple(rejected), as_list=as_list))
        raise SkipCodemod(none_found + (f" outside tests ({_places(tests)})" if tests else ""))
    best = left[0]
    tied = [c for c in left if c.score == best.score]
    if len(tied) > 1:
        choice = Choice(codemod, what, option, None, tuple(rejected + [(c, "ties on evidence") for c in left]), as_list=as_list)
        record(choice)
        listed = "; ".join(f"{c.where} ({c.symbol}: {c.reasons()})" for c in tied[:MAX_LISTED])
        more = f"; and {len(tied) - MAX_LISTED} more" if len(tied) > MAX_LISTED else ""
        raise CodemodError(
            f"{len(tied)} candidates for {what} tie on evidence: {listed}{more}; "
            f"pin one by adding this line under {table_of(codemod)} in pyproject.toml: {choice.pin_line(tied[0])}"
        )
    for other in left[1:]:
        rejected.append((other, f"less evidence ({other.score} vs {best.score}: {other.reasons()})"))
    record(Choice(codemod, what, option, best, tuple(rejected), as_list=as_list))
    return best


def _places(candidates: list[Candidate]) -> str:
    shown = ", ".join(c.where for c in candidates[:MAX_LISTED])
    return shown + (f" and {len(candidates) - MAX_LISTED} more" if len(candidates) > MAX_LISTED else "")
