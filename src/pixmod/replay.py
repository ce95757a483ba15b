"""Replaying a check, or the parts of it, whose result still holds.

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
the changed ones (:func:`changes`). So a check after an edit to a file that
no rule or codemod reads beyond its pre-filters asks that file its questions
again (and runs the analyses a rule used on it, if any) and replays the
result, without the analysis store or any codemod.

A file read whole from disk is followed by its bytes as well: the result
quotes it as on disk (a diff keeps its newlines and BOM). A failure (a file
that does not parse or decode) depends on the whole text of the files it
concerned.

The same holds of each part of a check (:class:`Parts`): the finding of
the application package, each rule, each codemod. A part records what it
learned, as the whole check does, and what it gave; when the whole check
does not hold, each part that does is replayed and only the others run.
Every part reads the application package: found otherwise than the last
time, no part after it replays. A codemod works on the tree as the
codemods before it left it: of the files they left otherwise than the last
time, it must have read none whole and asked the same questions with the
same answers (a part keeps apart what it learned of texts codemods edited
and of texts on disk). A part's answers that the record knows are given
without a look at the files (:meth:`pixmod.project.Project.know_answers`).

The records live next to the analysis store (:func:`pixmod.cache.cache_dir`),
one small pickle per tree holding the latest ``KEEP`` checks. Like the
store, they can only make a run faster: unreadable or corrupt, they are
ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import pickle
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from pixmod import io as pio
from pixmod.analysis import FileView
from pixmod.cache import RACY_NS, load_stored, text_digest, tree_file, write_atomically

if TYPE_CHECKING:
    from pixmod.project import Project, Reads

FORMAT = 4  # bump when a record's layout changes
KEEP = 4  # records kept per tree (one per command line and folder checked)

# What a record keeps of each listed file: its stat (pixmod.io.Stat:
# size, modification and change times, inode) and text digest; a size of -1
# for a file the run never looked at.
_SEEN = struct.Struct("<qqqQ16s")
_NEVER = _SEEN.pack(-1, 0, 0, 0, b"")
_UNDECODABLE = b"\0" * 16  # packed digest of a file that could not be decoded

T = TypeVar("T")


@dataclass
class Question:
    """A yes/no question as a record keeps it: the function by name (imported
    only if a changed file must answer it), its arguments pickled, and the
    indices (into the listing) of the files asked (None: every Python file)
    and of those that said yes."""

    function: tuple[str, str]
    args: bytes
    asked: frozenset[int] | None
    yes: set[int]

    def answer(self, text: str) -> bool:
        return _answer(self.function, self.args, text)

    def was_asked(self, i: int, python_files: int) -> bool:
        return _asks(self.asked, i, python_files)


@dataclass
class AnalysisResults:
    """A per-file analysis the run used, as a record keeps it: the function
    by name, its arguments pickled, and a digest of its result on each file
    (by index into the listing)."""

    function: tuple[str, str]
    args: bytes
    results: dict[int, bytes]

    def result(self, view) -> bytes:
        return _result(self.function, self.args, view)


@dataclass(frozen=True)
class Part:
    """One part of a check as a record keeps it: what it gave, its warnings,
    and what it depended on (indices into the listing): the files it read
    whole, the questions it asked (by key: of which files, None for every
    Python file) and the analyses it used (by key: on which files); and of
    the files as codemods before it had edited them, the answers it was
    given and a digest of the analysis results, each by key and file, with
    the functions that give them (``calls``)."""

    output: Any
    warned: tuple[tuple[str, str | None], ...]
    whole: frozenset[int]
    questions: dict[bytes, frozenset[int] | None]
    analyses: dict[bytes, frozenset[int]]
    edited_questions: dict[bytes, dict[int, bool]] = field(default_factory=dict)
    edited_analyses: dict[bytes, dict[int, bytes]] = field(default_factory=dict)
    calls: dict[bytes, tuple[tuple[str, str], bytes]] = field(default_factory=dict)


@dataclass
class Record:
    """One check's result and what it depended on (see the module docstring)."""

    result: dict
    seen: bytearray  # _SEEN per listed file, in listing order
    whole: frozenset[int]
    python_files: int  # the listing's first ones; the rest are documents
    questions: dict[bytes, Question]
    analyses: dict[bytes, AnalysisResults]
    exists: dict[str, bool]
    started: int  # when the stats were taken (ns since the epoch): those since are racy
    parts: dict[str, Part] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # path -> why: files that could not be decoded
    # Digest of the bytes of each file read whole and read from disk: the
    # result quotes such a file as on disk (its newlines, its BOM).
    raw: dict[int, bytes] = field(default_factory=dict)


def _answer(function: tuple[str, str], args: bytes, text: str) -> bool:
    """A recorded question's answer about ``text``."""
    return bool(_function(function)(text, *pickle.loads(args)))


def _result(function: tuple[str, str], args: bytes, view) -> bytes:
    """The digest of a recorded analysis's result on ``view``."""
    return _digest(_function(function)(view, *pickle.loads(args)))


def _asks(asked: frozenset[int] | None, i: int, python_files: int) -> bool:
    """Whether a question asked of ``asked`` (None: every Python file) asked file ``i``."""
    return i < python_files if asked is None else i in asked


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


# -- recording ------------------------------------------------------------
def record(result: dict, project: "Project", parts: "Parts | None" = None) -> Record | None:
    """What ``project``'s run learned, against its listing, with what each
    of ``parts`` gave and learned (None when a file it read has no known
    state on disk: not replayable)."""
    reads, index = project.reads, {rel: i for i, rel in enumerate(project.listed)}
    if any(rel not in index for rel in reads.seen):  # (files this run created are never "seen")
        return None  # it read a file outside the listing (excluded, ignored, a symlink): not followed, not replayable
    before = parts.before if parts is not None else None
    seen = bytearray(before.seen) if before is not None else bytearray(_NEVER * len(project.listed))
    for rel, (stat, digest) in reads.seen.items():
        i = index[rel]
        if digest is None:  # read whole before any question: its text as read
            digest = project.digest_on_disk(rel)
        if stat is None:
            return None
        _SEEN.pack_into(seen, i * _SEEN.size, *stat, digest or _UNDECODABLE)
    questions = {
        key: Question(
            _name(q.test), pickle.dumps(q.args),
            None if q.paths is None else _indices(q.paths, index), set(_indices(q.yes, index)),
        )
        for key, q in reads.questions.items()
    }
    analyses = {
        key: AnalysisResults(_name(use.func), pickle.dumps(use.args), _digests(use.results, index, before.analyses.get(key) if before else None))
        for key, use in reads.analyses.items()
    }
    made = Record(
        result, seen, _indices(reads.whole, index), len(project.listed) - len(project.documents), questions, analyses,
        dict(reads.exists), reads.started, unreadable=project.unreadable(),
        raw={index[rel]: digest for rel, digest in project.bytes_read_whole().items() if rel in index},
    )
    if parts is not None:
        made.parts = {name: _part(output, parts.reads[name], index) for name, output in parts.outputs.items()}
        if before is not None:
            _carry_replayed(made, before, parts.replayed)
    return made


def _digests(results: dict[str, Any], index: dict[str, int], known: AnalysisResults | None) -> dict[int, bytes]:
    """The digest of each result by file index; those ``known`` (the last
    record's, up to date with the files on disk) are not worked out again."""
    known_digests = known.results if known is not None else {}
    digests = {}
    for rel, value in results.items():
        i = index.get(rel)
        if i is not None:
            digests[i] = known_digests.get(i) or _digest(value)
    return digests


def _part(output: Any, reads: "Reads", index: dict[str, int]) -> Part:
    calls = {key: (_name(q.test), pickle.dumps(q.args)) for key, q in reads.edited_questions.items()}
    calls.update((key, (_name(use.func), pickle.dumps(use.args))) for key, use in reads.edited_analyses.items())
    return Part(
        output, tuple(reads.warned), frozenset(_indices(reads.whole, index)),
        {key: None if q.paths is None else _indices(q.paths, index) for key, q in reads.questions.items()},
        {key: _indices(use.results, index) for key, use in reads.analyses.items()},
        {key: {index[rel]: rel in q.yes for rel in q.paths if rel in index} for key, q in reads.edited_questions.items()},
        {key: {index[rel]: _digest(value) for rel, value in use.results.items() if rel in index} for key, use in reads.edited_analyses.items()},
        calls,
    )


def _carry_replayed(made: Record, before: Record, replayed: dict[str, Part]) -> None:
    """Add to ``made`` what the replayed parts depended on, known from
    ``before`` (brought up to date with this run's tree by :func:`changes`)."""
    made.parts.update(replayed)
    made.exists = {**before.exists, **made.exists}  # module names this run did not work out again
    made.unreadable = {**before.unreadable, **made.unreadable}
    whole = set(made.whole)
    for part in replayed.values():
        whole |= part.whole
        made.raw.update((i, before.raw[i]) for i in part.whole if i in before.raw and i not in made.raw)
        for key, asked in part.questions.items():
            old = before.questions[key]
            new = made.questions.setdefault(key, Question(old.function, old.args, frozenset(), set()))
            if asked is None or new.asked is None:
                new.asked = None
                new.yes |= old.yes
            else:
                new.asked = new.asked | asked
                new.yes |= old.yes & asked
        for key, files in part.analyses.items():
            old_use = before.analyses[key]
            new_use = made.analyses.setdefault(key, AnalysisResults(old_use.function, old_use.args, {}))
            for i in files:
                new_use.results.setdefault(i, old_use.results[i])
    made.whole = frozenset(whole)


def _name(function: Callable[..., Any]) -> tuple[str, str]:
    return function.__module__, function.__qualname__


def _indices(paths, index: dict[str, int]) -> frozenset[int]:
    return frozenset(index[rel] for rel in paths if rel in index)


# -- checking -------------------------------------------------------------
@dataclass
class Changes:
    """How the tree differs from a record's: the files whose text changed
    (by index), and for each question and analysis (by key) those whose
    answer or result changed."""

    edited: set[int]
    questions: dict[bytes, set[int]]
    analyses: dict[bytes, set[int]]
    rewritten: set[int] = field(default_factory=set)  # other bytes for the same text (newlines, BOM, encoding)

    def touch(self, whole: frozenset[int], questions, analyses, python_files: int, edited_questions=None) -> bool:
        """Whether a change reaches what was read whole, or an answer to a
        question asked (``questions``: key -> indices, None for every Python
        file) or an analysis result used (``analyses``: key -> indices); a
        part's answers about files as codemods left them
        (``edited_questions``, by key and index) are not of texts on disk."""
        if not self.edited:
            return False
        if not whole.isdisjoint(self.edited):
            return True
        for key, asked in questions.items():
            broken = self.questions.get(key)
            if broken and edited_questions and key in edited_questions:
                broken = broken.difference(edited_questions[key])
            if broken and (asked is None and min(broken) < python_files or asked is not None and not asked.isdisjoint(broken)):
                return True
        return any(not files.isdisjoint(self.analyses.get(key, ())) for key, files in analyses.items())


def changes(record: Record, project: "Project", stats: dict | None = None) -> Changes | None:
    """How the tree, as ``project`` lists it (the listing the record was
    made on), differs from what ``record`` learned, which is brought up to
    date with it; None when what changed cannot be followed (a file gone or
    undecodable, a module-name lookup that finds otherwise): nothing
    replays. ``stats`` is given the (size, modification time) of each file
    looked at."""
    root, listed = project.root, project.listed
    base, now, racy = str(root), time.time_ns(), record.started - RACY_NS
    moved = []
    for i, (size, mtime, ctime, inode, _) in enumerate(_SEEN.iter_unpack(record.seen)):
        if size < 0:
            continue
        try:
            info = os.stat(f"{base}/{listed[i]}")
        except OSError:
            return None
        stat = pio.stat_of(info)
        if stats is not None:
            stats[listed[i]] = stat
        if stat != (size, mtime, ctime, inode) or mtime >= racy:
            moved.append(i)
    if any((root / rel).is_file() != found for rel, found in record.exists.items()):
        return None
    found = Changes(set(), {}, {})
    updates = {}
    for i in moved:
        digest = _SEEN.unpack_from(record.seen, i * _SEEN.size)[-1]
        if digest == _UNDECODABLE:  # its warning quotes the bytes
            return None
        try:
            source = pio.read_source(root / listed[i])
        except (OSError, pio.UndecodableFile):
            return None
        new = text_digest(source.text)
        if i in record.raw and source.digest != record.raw[i]:
            found.rewritten.add(i)
            record.raw[i] = source.digest
        if new != digest:
            found.edited.add(i)
            try:
                _answer_again(record, found, i, source.text, project)
            except Exception:  # a question or analysis that cannot be run again: run the check
                return None
        updates[i] = (source.stat, new)
    for i, (stat, digest) in updates.items():
        _SEEN.pack_into(record.seen, i * _SEEN.size, *stat, digest)
    if moved:  # every file was found as recorded at this time: those read again are no longer racy
        record.started = now
    return found


def _answer_again(record: Record, found: Changes, i: int, text: str, project: "Project") -> None:
    """Ask the edited file ``i`` the questions and analyses the record holds
    of it, noting those that changed and bringing the record up to date."""
    for key, question in record.questions.items():
        if question.was_asked(i, record.python_files) and question.answer(text) != (i in question.yes):
            found.questions.setdefault(key, set()).add(i)
            question.yes ^= {i}
    used = [(key, a) for key, a in record.analyses.items() if i in a.results]
    if used:
        rel = project.listed[i]
        view = FileView(rel, text, project.module_name(rel), project.package_of(rel))
        for key, analysis in used:
            result = analysis.result(view)
            if result != analysis.results[i]:
                found.analyses.setdefault(key, set()).add(i)
                analysis.results[i] = result


def still_holds(record: Record, project: "Project", stats: dict | None = None) -> bool:
    """Whether the tree, as ``project`` lists it, still gives the record's
    result (see :func:`changes`)."""
    found = changes(record, project, stats)
    return found is not None and not found.rewritten and not found.touch(record.whole, _asked(record.questions), _used(record.analyses), record.python_files)


def _asked(questions: dict[bytes, Question]) -> dict[bytes, frozenset[int] | None]:
    return {key: q.asked for key, q in questions.items()}


def _used(analyses: dict[bytes, AnalysisResults]) -> dict[bytes, frozenset[int]]:
    return {key: frozenset(a.results) for key, a in analyses.items()}


# -- running --------------------------------------------------------------
class Parts:
    """The parts of one check (see the module docstring): each given by the
    record of the last check with the same key where it still holds, else
    run while the project records what it learns."""

    def __init__(self, project: "Project", before: Record | None = None, holding: dict[str, Part] | None = None):
        self.project = project
        self.before = before  # the last check's record, up to date with the tree
        self.holding = holding or {}  # the parts of it that still hold of the files on disk
        self.replayed: dict[str, Part] = {}
        self.outputs: dict[str, Any] = {}  # of the parts that ran
        self.reads: dict[str, "Reads"] = {}
        # The texts codemods gave files so far, in this run and in the last.
        self._now: dict[str, str] = {}
        self._then: dict[str, str] = {}
        self._index_of: dict[str, int] | None = None

    def replays(self, name: str) -> bool:
        """Whether part ``name`` still holds of the files on disk (a codemod
        may still meet files that codemods before it left otherwise)."""
        return name in self.holding

    def recorded(self, name: str) -> Any:
        """What the part gave the last time (None if unknown)."""
        part = self.before.parts.get(name) if self.before is not None else None
        return part.output if part is not None else None

    @contextlib.contextmanager
    def recording(self, name: str):
        """Within: what the project learns is what part ``name`` learned."""
        from pixmod.project import Reads

        with self.project.recording(self.reads.setdefault(name, Reads())):
            yield

    def run(self, name: str, compute: Callable[[], T], *, read_by_all: bool = False) -> T:
        """What part ``name`` gives: replayed (with its warnings), or
        ``compute()``, recorded. What a part ``read_by_all`` gives, every
        part after it reads (the application package): given otherwise
        than the last time, none of them replays."""
        part = self.holding.get(name)
        if part is not None and self._holds_as_left(part):
            self.replayed[name] = part
            for message, path in part.warned:
                self.project.warn(message, path)
            return part.output
        with self.recording(name):
            output = compute()
        self.outputs[name] = output
        if read_by_all and output != self.recorded(name):
            self.holding = {}
        return output

    def trace(self, *, whole: bool = False) -> None:
        """With PIXMOD_TRACE_REPLAY set, say on stderr what was replayed
        (for tests and bench/soundness.py)."""
        if os.environ.get("PIXMOD_TRACE_REPLAY"):
            said = "whole" if whole else f"replayed {sorted(self.replayed)}; ran {sorted(self.outputs)}"
            print(f"pixmod replay: {said}", file=sys.stderr)

    def edited(self, now, then) -> None:
        """Note the changes (each with ``path`` and ``text``) a codemod
        made in this run (``now``) and the last time (``then``; None if
        unknown: no later part replays)."""
        if then is None:
            self.holding = {}
            return
        self._now.update((change.path, change.text) for change in now)
        self._then.update((change.path, change.text) for change in then)

    def _holds_as_left(self, part: Part) -> bool:
        """Whether the files codemods left otherwise than the last time give
        the part the same answers and results as then."""
        differing = [rel for rel in self._now.keys() | self._then.keys() if self._now.get(rel) != self._then.get(rel)]
        if not differing:
            return True
        index, project, python_files = self._index(), self.project, self.before.python_files
        if any(rel not in index for rel in differing):
            return False  # a file created otherwise: what reads it is not followed
        try:
            for rel in differing:
                i = index[rel]
                if i in part.whole:
                    return False
                text = project.text(rel)  # as the codemods left it
                for key, asked in part.questions.items():
                    answers = part.edited_questions.get(key, {})
                    if i in answers:
                        if _answer(*part.calls[key], text) != answers[i]:
                            return False
                    elif _asks(asked, i, python_files):
                        return False  # asked of its text on disk
                for key, files in part.analyses.items():
                    if i in files:
                        return False
                for key, digests in part.edited_analyses.items():
                    if i in digests:
                        view = FileView(rel, text, project.module_name(rel), project.package_of(rel))
                        if _result(*part.calls[key], view) != digests[i]:
                            return False
        except Exception:  # a question or analysis that cannot be run again: run the part
            return False
        return True

    def _index(self) -> dict[str, int]:
        if self._index_of is None:
            self._index_of = {rel: i for i, rel in enumerate(self.project.listed)}
        return self._index_of


@dataclass
class Replay:
    """What the records give for this check: the whole result, or else the
    parts to run (:class:`Parts`)."""

    result: dict | None
    parts: Parts


class RunLog:
    """The records of a tree's latest checks, by key (see the module docstring)."""

    def __init__(self, path: Path | None, records: dict[bytes, Record | bytes] | None = None):
        self.path = path
        self._records = records or {}  # each pickled apart: a check unpickles its own only
        self._changed = False

    @classmethod
    def for_tree(cls, root: Path) -> "RunLog":
        path = tree_file(root, "runs")
        return cls(path, load_stored(path, FORMAT).get("records", {}))

    def replay(self, key: bytes, project: "Project") -> Replay:
        """The result of the check recorded under ``key`` if the tree, as
        ``project`` lists it, still gives it; else the parts of it that do."""
        found = self._records.get(key)
        if isinstance(found, bytes):
            try:
                found = self._records[key] = pickle.loads(found)
            except Exception:
                found = self._records.pop(key)
        if not isinstance(found, Record):
            return Replay(None, Parts(project))
        seen, started, stats = bytes(found.seen), found.started, {}
        changed = changes(found, project, stats)
        if changed is not None and not changed.rewritten and not changed.touch(found.whole, _asked(found.questions), _used(found.analyses), found.python_files):
            self._changed = self._changed or bytes(found.seen) != seen or found.started != started
            return Replay(found.result, Parts(project))
        # Its result no longer holds (the record, brought up to date, serves the parts only).
        del self._records[key]
        self._changed = True
        project.note_stats(stats)  # the check that runs instead need not take them again
        if changed is None:
            return Replay(None, Parts(project))
        holding = {
            name: part for name, part in found.parts.items()
            if not changed.touch(part.whole, part.questions, part.analyses, found.python_files, part.edited_questions)
        }
        project.note_unreadable(found.unreadable)
        listed = project.listed
        project.know_answers({
            key: (None if q.asked is None else frozenset(listed[i] for i in q.asked), frozenset(listed[i] for i in q.yes))
            for key, q in found.questions.items()
        })
        return Replay(None, Parts(project, found, holding))

    def remember(self, key: bytes, result: dict, project: "Project", parts: Parts | None = None) -> None:
        try:
            made = record(result, project, parts)
        except Exception:  # a cache never fails a run
            made = None
        if made is not None:
            self._records.pop(key, None)
            self._records[key] = made  # the latest last
            self._changed = True

    def save(self) -> None:
        """Keep the latest records (best effort: a cache never fails a run)."""
        if self.path is None or not self._changed:
            return
        with contextlib.suppress(Exception):
            records = {
                key: made if isinstance(made, bytes) else pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
                for key, made in list(self._records.items())[-KEEP:]
            }
            write_atomically(self.path, pickle.dumps({"format": FORMAT, "records": records}, protocol=pickle.HIGHEST_PROTOCOL))
