"""Replaying a check whose result still holds.

A check's result depends on pixmod's code, the settings, the list of files
and what the run learned of their texts. The project records the last
(:class:`pixmod.project.Reads`): the files read whole, any character of
which may matter; for each yes/no question about a file's text (the
pre-filters of :meth:`~pixmod.project.Project.files_where`) the files asked
and those that said yes; and for each per-file analysis the run used
(:meth:`~pixmod.project.Project.map_files`) a digest of its result on each
file. A later check with the same code, settings and list of files (the
record's key, see ``runner._replay_key``) gives the same result when

* no file read whole has changed, and
* every changed file answers each question it was asked as before, and
  gives each analysis the run used on it the same result.

A stat of each file the run looked at (size and modification time, then
the text's digest if they moved, or if they were taken too close to the
run to tell a later write in the same clock tick: git's "racy" files) finds
the changed ones. So a check after
an edit to a file that no rule or codemod reads beyond its pre-filters asks
that file its questions again (and runs the analyses a rule used on it, if
any) and replays the result, without the analysis store or any codemod;
any other change runs the check.

The records live next to the analysis store (:func:`pixmod.cache.cache_dir`),
one small pickle per tree holding the latest ``KEEP`` checks. Like the
store, they can only make a run faster: unreadable or corrupt, they are
ignored.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import importlib
import os
import pickle
import struct
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pixmod import io as pio
from pixmod.analysis import FileView
from pixmod.cache import RACY_NS, load_stored, text_digest, tree_file, write_atomically

if TYPE_CHECKING:
    from pixmod.project import Project

FORMAT = 1  # bump when a record's layout changes
KEEP = 4  # records kept per tree (one per command line and folder checked)

# What a record keeps of each listed file: size, modification time (ns) and
# text digest; a size of -1 for a file the run never looked at.
_SEEN = struct.Struct("<qq16s")
_NEVER = _SEEN.pack(-1, 0, b"")
_UNDECODABLE = b"\0" * 16  # packed digest of a file that could not be decoded


@dataclass(frozen=True)
class Question:
    """A yes/no question as a record keeps it: the function by name (imported
    only if a changed file must answer it), its arguments pickled, and the
    indices (into the listing) of the files asked (None: every Python file)
    and of those that said yes, each sorted."""

    function: tuple[str, str]
    args: bytes
    asked: bytes | None
    yes: bytes

    def answer(self, text: str) -> bool:
        return bool(_function(self.function)(text, *pickle.loads(self.args)))


@dataclass(frozen=True)
class AnalysisResults:
    """A per-file analysis the run used, as a record keeps it: the function
    by name, its arguments pickled, and a digest of its result on each file
    (by index into the listing)."""

    function: tuple[str, str]
    args: bytes
    results: dict[int, bytes]

    def result(self, view) -> bytes:
        return _digest(_function(self.function)(view, *pickle.loads(self.args)))


def _function(name: tuple[str, str]) -> Callable[..., Any]:
    found: Any = importlib.import_module(name[0])
    for part in name[1].split("."):
        found = getattr(found, part)
    return found


def _digest(value: Any) -> bytes:
    """A digest of a result, through its pickle: equal results pickle the
    same within a process, and those that do not across processes (a set's
    order follows string hashing) only cost a check that runs."""
    return hashlib.blake2b(pickle.dumps(value, protocol=4), digest_size=16).digest()


@dataclass
class Record:
    """One check's result and what it depended on (see the module docstring)."""

    result: dict
    seen: bytearray  # _SEEN per listed file, in listing order
    whole: frozenset[int]
    python_files: int  # the listing's first ones; the rest are documents
    questions: tuple[Question, ...]
    analyses: tuple[AnalysisResults, ...]
    exists: tuple[tuple[str, bool], ...]
    started: int  # when the stats were taken (ns since the epoch): those since are racy


def record(result: dict, project: "Project") -> Record | None:
    """What ``project``'s run learned, against its listing (None when a file
    it read has no known state on disk: not replayable)."""
    reads, index = project.reads, {rel: i for i, rel in enumerate(project.listed)}
    seen = bytearray(_NEVER * len(project.listed))
    if any(rel not in index for rel in reads.seen):  # (files this run created are never "seen")
        return None  # it read a file outside the listing (excluded, ignored, a symlink): not followed, not replayable
    for rel, (stat, digest) in reads.seen.items():
        i = index.get(rel)
        if i is None:
            continue
        if digest is None:  # read whole before any question: its text as read
            digest = project.digest_on_disk(rel)
        if stat is None:
            return None
        _SEEN.pack_into(seen, i * _SEEN.size, stat[0], stat[1], digest or _UNDECODABLE)
    questions = tuple(
        Question(
            (q.test.__module__, q.test.__qualname__),
            pickle.dumps(q.args),
            None if q.paths is None else _indices(q.paths, index),
            _indices(q.yes, index),
        )
        for q in reads.questions.values()
    )
    analyses = tuple(
        AnalysisResults(
            (use.func.__module__, use.func.__qualname__),
            pickle.dumps(use.args),
            {index[rel]: _digest(value) for rel, value in use.results.items() if rel in index},
        )
        for use in reads.analyses.values()
    )
    whole = frozenset(index[rel] for rel in reads.whole if rel in index)
    return Record(result, seen, whole, len(project.listed) - len(project.documents), questions, analyses, tuple(sorted(reads.exists.items())), reads.started)


def _indices(paths, index: dict[str, int]) -> bytes:
    return array("I", sorted(index[rel] for rel in paths if rel in index)).tobytes()


def _holds(indices: bytes, i: int) -> bool:
    found = array("I")
    found.frombytes(indices)
    at = bisect.bisect_left(found, i)
    return at < len(found) and found[at] == i


def still_holds(record: Record, project: "Project", stats: dict | None = None) -> bool:
    """Whether the tree, as ``project`` lists it (the listing the record was
    made on), still gives the record's result; the record is brought up to
    date with the files found touched or edited harmlessly. ``stats`` is
    given the (size, modification time) of each file looked at."""
    root, listed = project.root, project.listed
    base, now, racy = str(root), time.time_ns(), record.started - RACY_NS
    changed = []
    for i, (size, mtime, _) in enumerate(_SEEN.iter_unpack(record.seen)):
        if size < 0:
            continue
        try:
            info = os.stat(f"{base}/{listed[i]}")
        except OSError:
            return False
        if stats is not None:
            stats[listed[i]] = (info.st_size, info.st_mtime_ns)
        if info.st_size != size or info.st_mtime_ns != mtime or mtime >= racy:
            changed.append(i)
    if any((root / rel).is_file() != found for rel, found in record.exists):
        return False
    updates = {}
    for i in changed:
        digest = _SEEN.unpack_from(record.seen, i * _SEEN.size)[2]
        if digest == _UNDECODABLE:  # its warning quotes the bytes
            return False
        try:
            source = pio.read_source(root / listed[i])
        except (OSError, pio.UndecodableFile):
            return False
        new = text_digest(source.text)
        if new != digest:
            if i in record.whole:
                return False
            try:
                if any(q.answer(source.text) != _holds(q.yes, i) for q in record.questions if _was_asked(q, i, record)):
                    return False
                used = [a for a in record.analyses if i in a.results]
                if used:
                    view = FileView(listed[i], source.text, project.module_name(listed[i]), project.package_of(listed[i]))
                    if any(a.result(view) != a.results[i] for a in used):
                        return False
            except Exception:  # a question or analysis that cannot be run again: run the check
                return False
        updates[i] = (source.stat, new)
    for i, (stat, digest) in updates.items():
        _SEEN.pack_into(record.seen, i * _SEEN.size, stat[0], stat[1], digest)
    if changed:  # every file was found as recorded at this time: those read again are no longer racy
        record.started = now
    return True


def _was_asked(question: Question, i: int, record: Record) -> bool:
    if question.asked is None:
        return i < record.python_files
    return _holds(question.asked, i)


class RunLog:
    """The records of a tree's latest checks, by key (see the module docstring)."""

    def __init__(self, path: Path | None, records: dict[bytes, Record] | None = None):
        self.path = path
        self._records = records or {}
        self._changed = False

    @classmethod
    def for_tree(cls, root: Path) -> "RunLog":
        path = tree_file(root, "runs")
        return cls(path, load_stored(path, FORMAT).get("records", {}))

    def replay(self, key: bytes, project: "Project") -> dict | None:
        """The result of the check recorded under ``key`` if the tree, as
        ``project`` lists it, still gives it (None otherwise)."""
        found = self._records.get(key)
        if found is None:
            return None
        seen, started, stats = bytes(found.seen), found.started, {}
        if not still_holds(found, project, stats):
            project.note_stats(stats)  # the check that runs instead need not take them again
            return None
        self._changed = self._changed or bytes(found.seen) != seen or found.started != started
        return found.result

    def remember(self, key: bytes, result: dict, project: "Project") -> None:
        made = record(result, project)
        if made is not None:
            self._records.pop(key, None)
            self._records[key] = made  # the latest last
            self._changed = True

    def save(self) -> None:
        """Keep the latest records (best effort: a cache never fails a run)."""
        if self.path is None or not self._changed:
            return
        records = dict(list(self._records.items())[-KEEP:])
        with contextlib.suppress(Exception):
            write_atomically(self.path, pickle.dumps({"format": FORMAT, "records": records}, protocol=pickle.HIGHEST_PROTOCOL))
