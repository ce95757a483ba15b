"""The analysis store: the one place per-file analysis results live.

A per-file analysis (:class:`pixmod.parallel.Analysis`) depends only on the
code that computes it, its arguments and the file (path, text, module name,
package): that is the contract that lets it run in any process. So its
results are kept under two keys:

* the analysis's: a digest of the code fingerprint (pixmod's own sources,
  the analysis module's, the LibCST and Python versions), the function and
  its arguments, worked out once per analysis and run;
* the file's: a digest of its text, module name and package, filed under
  its path.

In memory for one run; on disk between runs when the store belongs to a
tree (like black's and ruff's caches): one pickle per tree in
``$PIXMOD_CACHE_DIR`` (default ``$XDG_CACHE_HOME/pixmod`` or
``~/.cache/pixmod``). ``check``, ``apply --diff`` and ``apply`` share it: a
run drops only the results of file versions that are neither on disk any
more nor used by itself, and of analyses no run has used for
``KEEP_RUNS`` runs (an older pixmod's). A file's text digest is also kept
with its size and modification time, so that a warm run learns a file is
unchanged without reading it (black's rule).

The store can only make a run faster: an unreadable, corrupt or unwritable
cache is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from pixmod.io import Stat

FORMAT = 6  # bump when the layout of the pickle changes
STALE_DAYS = 30  # caches of trees not analysed for this long are deleted
KEEP_RUNS = 8  # an analysis no run used for this many runs is dropped
MISSING = object()  # what get() returns for a result it does not have
# A file modified this close before its stat was taken may be written again
# within the same tick of a coarse file-system clock (2 s on FAT), same size:
# its stat then says nothing, and its text is read again.
RACY_NS = 2_000_000_000



def cache_dir() -> Path:
    configured = os.environ.get("PIXMOD_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pixmod"


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def file_key(digest: bytes, module_name: str | None, package: str | None) -> bytes:
    """The file part of a result's key: its text, as the digest ``digest``,
    and where it sits (module name and package)."""
    return hashlib.blake2b(b"%s|%s|%s" % (digest, (module_name or "").encode(), (package or "").encode()), digest_size=16).digest()


class AnalysisStore:
    """Per-file analysis results (see the module docstring)."""

    def __init__(self, path: Path | None = None, stored: dict | None = None):
        self.path = path  # None: in memory only
        stored = stored or {}
        self._run: int = stored.get("run", 0) + 1
        # analysis key -> path -> file key -> result
        self._results: dict[bytes, dict[str, dict[bytes, Any]]] = stored.get("results", {})
        self._last_run: dict[bytes, int] = stored.get("last_run", {})  # analysis key -> run that last used it
        self.file_rows = FileRows(stored.get("file_rows", ()))  # the file versions text pre-filters answered for
        self._answers: dict[bytes, Answers] = stored.get("answers", {})  # analysis key -> its answers
        for answers in self._answers.values():
            answers.rows = self.file_rows
        # path -> (stat, text digest, when the stat was taken at the latest)
        self._stats: dict[str, tuple[Stat, bytes, int]] = stored.get("stats", {})
        self._opened = time.time_ns()  # before this run took any stat
        self._used: dict[bytes, dict[str, set[bytes]]] = {}  # what this run read or wrote
        self._keys: dict[tuple, bytes] = {}
        self._changed = False

    @classmethod
    def for_tree(cls, root: Path) -> "AnalysisStore":
        """The store kept on disk for the tree at ``root``."""
        path = tree_file(root, "analyses")
        return cls(path, load_stored(path, FORMAT))

    # -- keys ----------------------------------------------------------
    def analysis_key(self, func: Callable, args: tuple) -> bytes:
        """A digest of the code of ``func`` (and of any function passed in
        ``args``), of ``func`` itself and of the arguments."""
        memo = (func, args)
        key = self._keys.get(memo)
        if key is None:
            modules = tuple(sorted({func.__module__, *(a.__module__ for a in args if callable(a))}))
            # Only results kept between runs can meet other code (hashing pixmod's sources: 0.05 s).
            code = tuple(code_fingerprint(module) for module in modules) if self.path is not None else ()
            parts = (code, func.__module__, func.__qualname__, _canonical(args))
            key = self._keys[memo] = hashlib.blake2b(pickle.dumps(parts, protocol=4), digest_size=20).digest()
        return key

    # -- results -------------------------------------------------------
    def get(self, analysis: bytes, path: str, file: bytes) -> Any:
        """The result of ``analysis`` for ``path`` as ``file``, or ``MISSING``."""
        value = self._results.get(analysis, {}).get(path, {}).get(file, MISSING)
        if value is not MISSING:
            self._used.setdefault(analysis, {}).setdefault(path, set()).add(file)
        return value

    def answers(self, analysis: bytes) -> "Answers":
        """The stored yes/no results of ``analysis`` (a text pre-filter), by
        file key alone: a cheap result depends on the file's text, and a run
        asks a few dozen such questions of thousands of files, so each
        question keeps one byte per file version, at the version's row of
        :attr:`file_rows` (shared by all questions). Two sets of keys per
        question took as much memory as the files' texts (45 MB for 20,000
        files); one entry per file and question, ten times the load time.
        New answers go in with :meth:`Answers.add`."""
        self._used.setdefault(analysis, {})
        found = self._answers.get(analysis)
        if found is None:
            found = self._answers[analysis] = Answers(self.file_rows)
        return found

    def put(self, analysis: bytes, path: str, file: bytes, value: Any) -> None:
        self._results.setdefault(analysis, {}).setdefault(path, {})[file] = value
        self._used.setdefault(analysis, {}).setdefault(path, set()).add(file)
        self._changed = True

    # -- files on disk -------------------------------------------------
    def known_digest(self, path: str, stat: Stat) -> bytes | None:
        """The text digest of ``path`` if it was read with this very stat,
        modified long enough before it was taken: a file modified just
        before may have been written again in the same tick of a coarse
        file-system clock, same size and all (git's "racy" files)."""
        known = self._stats.get(path)
        if known is None or known[0] != stat or stat[1] >= known[2] - RACY_NS:
            return None
        return known[1]

    def note_digest(self, path: str, stat: Stat, digest: bytes) -> None:
        known = self._stats.get(path)
        if known is None or known[:2] != (stat, digest) or stat[1] >= known[2] - RACY_NS:
            self._stats[path] = (stat, digest, self._opened)
            self._changed = True

    # -- keeping -------------------------------------------------------
    def save(self, on_disk: dict[str, bytes]) -> None:
        """Keep, for the next runs, what this run used and the results of the
        files as they are on disk (``on_disk``: path -> file key, for the
        files this run knows); drop the rest (best effort: a cache never
        fails a run)."""
        if self.path is None:
            return
        for analysis in self._used:
            self._last_run[analysis] = self._run
        for analysis in [a for a in self._results if self._run - self._last_run.get(a, self._run) >= KEEP_RUNS]:
            del self._results[analysis]
            self._changed = True
        for analysis in [a for a in self._answers if self._run - self._last_run.get(a, self._run) >= KEEP_RUNS]:
            del self._answers[analysis]
            self._changed = True
        if self._prune_answers(set(on_disk.values())):
            self._changed = True
        for analysis, by_path in self._results.items():  # pruned in place: most paths hold one version
            used = self._used.get(analysis, {})
            for path, versions in by_path.items():
                current = on_disk.get(path)
                if len(versions) > 1 and current is not None:  # a file this run looked at, in several versions
                    wanted = used.get(path, set()) | {current}
                    for file in [file for file in versions if file not in wanted]:
                        del versions[file]
                        self._changed = True
        if not self._changed:
            return
        last_run = {analysis: run for analysis, run in self._last_run.items() if analysis in self._results or analysis in self._answers}
        stored = {
            "format": FORMAT, "run": self._run, "results": self._results, "file_rows": self.file_rows.keys,
            "answers": self._answers, "last_run": last_run, "stats": self._stats,
        }
        with contextlib.suppress(Exception):
            write_atomically(self.path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(self.path.parent)

    def _prune_answers(self, keep: set[bytes]) -> bool:
        """Keep the text pre-filters' answers for the file versions in
        ``keep`` (those on disk) only, once the others are a tenth of them
        (a pass over every answer costs more than a few stale ones); whether
        any answer changed since the store was read."""
        changed = any(answers.changed for answers in self._answers.values())
        rows = self.file_rows
        if len(rows.keys) <= len(keep) + len(keep) // 10 + 16:
            return changed
        kept = [file for file in rows.keys if file in keep]
        old_rows = [rows.row[file] for file in kept]
        for answers in self._answers.values():
            said = answers.said + bytes(max(0, len(rows.keys) - len(answers.said)))
            answers.said = bytearray(map(said.__getitem__, old_rows))
        rows.__init__(kept)  # in place: every question refers to it
        return True


class FileRows:
    """A row for each file version (file key) the text pre-filters answered
    for: where its answer sits in every question's :class:`Answers`."""

    __slots__ = ("keys", "row")

    def __init__(self, keys=()) -> None:
        self.keys: list[bytes] = list(keys)  # row -> file key
        self.row: dict[bytes, int] = {file: row for row, file in enumerate(self.keys)}

    def add(self, file: bytes) -> int:
        row = self.row.get(file)
        if row is None:
            row = self.row[file] = len(self.keys)
            self.keys.append(file)
        return row


class Answers:
    """A text pre-filter's answers (see :meth:`AnalysisStore.answers`):
    ``said[row]`` is ``YES``, ``NO`` or ``UNASKED`` (also past its end) for
    the file version at that row of ``rows``."""

    UNASKED, NO, YES = 0, 1, 2
    __slots__ = ("rows", "said", "changed")

    def __init__(self, rows: FileRows) -> None:
        self.rows = rows
        self.said = bytearray()
        self.changed = False

    def __getstate__(self):
        return (bytes(self.said),)  # the rows are the store's, kept once for all questions

    def __setstate__(self, state) -> None:
        self.rows, self.said, self.changed = None, bytearray(state[0]), False

    def add(self, file: bytes, value: bool) -> None:
        row = self.rows.add(file)
        if row >= len(self.said):
            self.said.extend(bytes(row + 1 - len(self.said)))
        self.said[row] = self.YES if value else self.NO
        self.changed = True

    def files_said(self, answer: int) -> Iterator[bytes]:
        """The file versions of :attr:`rows` with ``answer`` (``UNASKED``:
        not answered yet), found by a scan of the bytes, in C: its cost
        follows the versions found, not those of the tree."""
        said, keys = self.said, self.rows.keys
        if len(said) < len(keys):
            said.extend(bytes(len(keys) - len(said)))
        row = said.find(answer)
        while row >= 0:
            yield keys[row]
            row = said.find(answer, row + 1)


def tree_file(root: Path, kind: str) -> Path:
    """Where the cache keeps its ``kind`` of file for the tree at ``root``."""
    digest = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return cache_dir() / f"{kind}-{digest}.pickle"


def load_stored(path: Path, format: int) -> dict:
    """The dict pickled at ``path`` in layout ``format``, or an empty one:
    absent, unreadable, corrupt or of another layout, a cache starts afresh."""
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except Exception:
        return {}
    return stored if isinstance(stored, dict) and stored.get("format") == format else {}


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once (a reader sees the old file or
    the new one, never a part)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _prune(folder: Path) -> None:
    """Delete the caches of trees no run has saved for ``STALE_DAYS``
    (temporary copies, deleted checkouts): their analyses and their
    checks' records (pixmod.replay)."""
    cutoff = time.time() - STALE_DAYS * 86400
    for path in [*folder.glob("analyses-*.pickle"), *folder.glob("runs-*.pickle")]:
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def _canonical(value: Any) -> Any:
    """``value`` with sets as sorted tuples, so that equal arguments pickle
    the same in every process (set order varies with string hashing)."""
    if isinstance(value, (set, frozenset)):
        return ("<set>", tuple(sorted((_canonical(v) for v in value), key=repr)))
    if isinstance(value, (tuple, list)):
        return tuple(_canonical(v) for v in value)
    if callable(value):
        return ("<function>", value.__module__, value.__qualname__)
    return value


@lru_cache(maxsize=None)
def code_fingerprint(module_name: str) -> str:
    """A digest of the code an analysis may run: every pixmod module, the
    analysis's own module (it may live outside pixmod), LibCST, black and
    Python."""
    own = getattr(sys.modules.get(module_name), "__file__", None)
    if not own or Path(own).is_relative_to(Path(__file__).parent):
        return _pixmod_fingerprint()
    digest = hashlib.blake2b(_pixmod_fingerprint().encode(), digest_size=16)
    digest.update(Path(own).as_posix().encode())
    digest.update(Path(own).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _pixmod_fingerprint() -> str:
    """Every pixmod module's path and source, LibCST's, black's and Python's versions:
    read once per run (every analysis module shares it)."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}|{sys.version}|".encode() + _dependency_versions())
    sources = [p for p in package.rglob("*.py") if "_sample" not in p.relative_to(package).parts]
    for folder in _codemods_folders():
        if not folder.is_relative_to(package):  # a source checkout's codemods/, mapped into the package
            sources += folder.rglob("*.py")
    for source in sorted(sources):
        digest.update(source.as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _codemods_folders() -> list[Path]:
    """Where ``pixmod.codemods`` lives (found, not imported): inside the
    installed package, or the repository's ``codemods/`` in an editable
    install."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pixmod.codemods")
    except (ImportError, ValueError):
        return []
    return [Path(location).resolve() for location in (spec.submodule_search_locations or [])] if spec else []


def _dependency_versions() -> bytes:
    """LibCST's and black's version files, read rather than imported or
    asked of the installed metadata (importing ``importlib.metadata`` alone
    takes 25 ms, a tenth of a replayed check). Both shape what a run finds:
    LibCST parses, black formats the code codemods generate."""
    import importlib.util

    found = []
    for module, inside in (("libcst", "_version.py"), ("_black_version", None)):
        try:
            spec = importlib.util.find_spec(module)  # finds it without importing it
        except (ImportError, ValueError):
            spec = None
        folders = spec.submodule_search_locations if spec is not None else None
        path = Path(folders[0]) / inside if inside and folders else Path(spec.origin) if spec is not None and spec.origin else None
        try:
            found.append(path.read_bytes() if path is not None else b"absent")
        except OSError:
            found.append(b"unreadable")
    return b"|".join(found)
