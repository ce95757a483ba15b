"""Baselines: adopting pixmod's rules on a tree that already breaks them.

``pixmod check --write-baseline FILE`` records every finding the rules
report today; ``pixmod check --baseline FILE`` then reports, and fails on,
only the findings that are not in it, says how many it hid, and lists the
entries that match nothing any more (fixed or deleted code) so that a team
can shrink the file as it pays the debt off.

A finding is matched by its *fingerprint*, not its line number, so that
code moving up or down (an import added at the top of the file, a function
moved) does not turn old findings into new ones. As GitHub's
``primaryLocationLineHash`` in SARIF ``partialFingerprints``, it hashes

- the rule code and the file's path (relative to PATH),
- the chain of definitions enclosing the finding (``Service.__init__``),
- the finding's line without its whitespace (indentation and spacing
  changes do not matter),

and adds the occurrence index among the findings that share that hash
(two identical lines in one function stay two entries). What the rule says
(its message) and the column are left out: rewording a message or
reformatting a line must not make a debt look new. Renaming the file, the
enclosing function or the line itself does: that is new code.

The file is JSON, sorted, one entry per finding, with the rule's message
and the enclosing definitions for the reader; no line numbers, so that
rewriting an unchanged baseline gives the same bytes::

    {"version": 1, "tool": "pixmod",
     "findings": [{"fingerprint": str, "code": "PX003", "path": str,
                   "context": "Service.__init__", "message": str}]}

Stale entries are only those of a rule that ran (``--select``/``--ignore``
leave the others alone) on a file that was read and parses (a syntax error
being fixed must not cost the file its entries); writing a baseline keeps
the existing file's entries for rules and files this run did not check.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Container, Iterable, Sequence

from pixmod.model import Finding

FORMAT_VERSION = 1
SARIF_KEY = "pixmodFingerprint/v1"  # the name of the fingerprint in SARIF partialFingerprints


class BaselineError(Exception):
    """The baseline file cannot be read or is not a pixmod baseline."""


@dataclass(frozen=True)
class Entry:
    """One finding recorded in a baseline."""

    fingerprint: str
    code: str
    path: str
    context: str  # the enclosing definitions, dotted; "" at module level
    message: str

    def describe(self) -> str:
        where = f" (in {self.context})" if self.context else ""
        return f"{self.path}: {self.code}{where} {self.message}"


@dataclass(frozen=True)
class Baseline:
    entries: tuple[Entry, ...] = ()

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline (write one with `pixmod check --write-baseline {path}`)") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read the baseline: {exc}") from exc
        if not isinstance(data, dict) or data.get("tool") != "pixmod" or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not a pixmod baseline (written by `pixmod check --write-baseline`)")
        if data.get("version") != FORMAT_VERSION:
            raise BaselineError(f"{path}: baseline version {data.get('version')!r}, this pixmod reads version {FORMAT_VERSION}")
        try:
            entries = tuple(
                Entry(str(e["fingerprint"]), str(e["code"]), str(e["path"]), str(e.get("context", "")), str(e.get("message", "")))
                for e in data["findings"]
            )
        except (KeyError, TypeError) as exc:
            raise BaselineError(f"{path}: an entry lacks its fingerprint, code or path ({exc})") from exc
        return cls(entries)

    def dumps(self) -> str:
        entries = sorted(self.entries, key=lambda e: (e.path, e.code, e.context, e.fingerprint))
        data = {
            "version": FORMAT_VERSION,
            "tool": "pixmod",
            "findings": [
                {"fingerprint": e.fingerprint, "code": e.code, "path": e.path, "context": e.context, "message": e.message}
                for e in entries
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class BaselineOutcome:
    """What a baseline did in a run: the findings it hid (for counts), the
    entries that match nothing any more, and how many entries were written."""

    path: Path
    hidden: tuple[Finding, ...] = ()
    stale: tuple[Entry, ...] = ()
    entries: int = 0  # in the baseline as read (or as written)
    written: bool = False


def fingerprints(findings: Sequence[Finding], text_of: Callable[[str], str]) -> list[str]:
    """The fingerprint of each finding (see the module docstring), in order.
    Each file with findings is read once, through ``text_of(path)``."""
    out = [""] * len(findings)
    for path, group in _by_path(findings).items():
        text = text_of(path)
        lines = text.splitlines()
        contexts = _Contexts(text)
        seen: Counter[str] = Counter()  # occurrences so far, in the file's order
        for index, finding in group:
            line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            digest = _line_hash(finding.code, path, contexts.at(finding.line), line)
            out[index] = f"{digest}:{seen[digest]}"
            seen[digest] += 1
    return out


def contexts(findings: Sequence[Finding], text_of: Callable[[str], str]) -> list[str]:
    """The enclosing definitions of each finding, for the baseline's reader."""
    out: dict[int, str] = {}
    for path, group in _by_path(findings).items():
        found = _Contexts(text_of(path))
        out.update((index, found.at(finding.line)) for index, finding in group)
    return [out[index] for index in range(len(findings))]


def _by_path(findings: Sequence[Finding]) -> dict[str, list[tuple[int, Finding]]]:
    groups: dict[str, list[tuple[int, Finding]]] = {}
    # occurrence indexes follow the order in the file, whatever the findings' order
    for index, finding in sorted(enumerate(findings), key=lambda p: (p[1].path, p[1].line, p[1].col, p[1].code, p[0])):
        groups.setdefault(finding.path, []).append((index, finding))
    return groups


def _line_hash(code: str, path: str, context: str, line: str) -> str:
    normalized = "".join(line.split())  # black or a hand re-indenting it changes nothing
    return hashlib.sha256("\0".join((code, path, context, normalized)).encode("utf-8")).hexdigest()[:20]


class _Contexts:
    """The dotted chain of ``class``/``def`` names enclosing a line, from the
    file's syntax tree (stdlib ``ast``; a file it cannot parse has none)."""

    def __init__(self, text: str) -> None:
        self._spans: list[tuple[int, int, str]] = []  # (first line, last line, dotted name), outermost first
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return
        self._collect(tree, "")

    def _collect(self, node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                self._spans.append((first, child.end_lineno or child.lineno, name))
                self._collect(child, f"{name}.")
            else:
                self._collect(child, prefix)

    def at(self, line: int) -> str:
        inner = ""
        for first, last, name in self._spans:  # parents come before their children
            if first <= line <= last:
                inner = name
        return inner


def settle(
    findings: Sequence[Finding],
    keys: Sequence[str],
    *,
    read: tuple[Path, Baseline] | None,
    write: tuple[Path, Baseline | None] | None,
    context_of: Callable[[Sequence[Finding]], list[str]],
    checked_codes: Collection[str],
    unchecked_paths: Container[str],
) -> tuple[list[Finding], list[str], BaselineOutcome, str | None]:
    """Apply a baseline to a run's findings.

    ``read``: the baseline given with ``--baseline`` (path, contents);
    ``write``: the ``--write-baseline`` path and what is there already (or
    None). Returns the findings left to report with their fingerprints, the
    outcome, and the text to write to ``write``'s path (or None).
    """
    text = None
    if write is not None:
        path, existing = write
        kept = [e for e in (existing.entries if existing else ()) if not _checked(e, checked_codes, unchecked_paths)]
        new = [
            Entry(key, f.code, f.path, context, f.message)
            for f, key, context in zip(findings, keys, context_of(findings))
        ]
        written = Baseline(tuple(kept + new))
        text = written.dumps()
        # what is written is the baseline of this run: every finding in it
        if read is None or read[0].resolve() == path.resolve():
            read = (path, written)
    if read is None:
        raise ValueError("settle() needs a baseline to read or to write")
    path, baseline = read
    known = {e.fingerprint for e in baseline.entries}
    shown = [(f, k) for f, k in zip(findings, keys) if k not in known]
    hidden = tuple(f for f, k in zip(findings, keys) if k in known)
    matched = set(keys) & known
    stale = tuple(
        e for e in baseline.entries if e.fingerprint not in matched and _checked(e, checked_codes, unchecked_paths)
    )
    outcome = BaselineOutcome(path, hidden, stale, len(baseline.entries), written=text is not None)
    return [f for f, _ in shown], [k for _, k in shown], outcome, text


def _checked(entry: Entry, codes: Collection[str], unchecked_paths: Container[str]) -> bool:
    """Whether this run checked the entry's rule on the entry's file."""
    return entry.code in codes and entry.path not in unchecked_paths


class UncheckedFiles:
    """The files a run did not check: those it could not read, and those
    that do not parse (the rules skip them, with a warning). An entry there
    is not stale, only unverified: a syntax error being fixed must not
    drop the file's entries from a rewritten baseline. Asked only about
    baseline entries' files, each parsed at most once."""

    def __init__(self, unreadable: Iterable[str], exists: Callable[[str], bool], text_of: Callable[[str], str]) -> None:
        self._known = {path: True for path in unreadable}
        self._exists, self._text_of = exists, text_of

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        if path not in self._known:
            self._known[path] = self._exists(path) and not _parses(self._text_of(path))
        return self._known[path]


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True
