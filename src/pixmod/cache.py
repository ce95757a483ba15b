"""A cache of per-file analyses that outlives the run (like black's and ruff's).

:meth:`Project.map_files` results depend only on the analysis function, its
arguments and the file (path, text, module name, package): that is the
contract that lets them run in any process. So they can also be kept on
disk between runs, keyed by a digest of all of that plus a fingerprint of
the code that computed them (pixmod's own sources, the analysis module's,
the LibCST and Python versions). A file whose text changed, or a pixmod
whose code changed, simply misses.

One pickle per target tree in ``$PIXMOD_CACHE_DIR`` (default
``$XDG_CACHE_HOME/pixmod`` or ``~/.cache/pixmod``), holding only the
entries the last run used, so it never grows past the tree. The cache can
only make a run faster: an unreadable, corrupt or unwritable cache is
ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

FORMAT = 1  # bump when the layout of the pickle changes
STALE_DAYS = 30  # caches of trees not analysed for this long are deleted
MISSING = object()  # what get() returns for a result it does not have


def cache_dir() -> Path:
    configured = os.environ.get("PIXMOD_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pixmod"


class AnalysisCache:
    """Per-file analysis results of one target tree, on disk."""

    def __init__(self, path: Path, entries: dict[bytes, Any]):
        self.path = path
        self._stored = entries
        self._used: dict[bytes, Any] = {}

    @classmethod
    def load(cls, root: Path) -> "AnalysisCache":
        digest = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
        path = cache_dir() / f"analyses-{digest}.pickle"
        try:
            with path.open("rb") as handle:
                stored = pickle.load(handle)
            entries = stored["entries"] if stored.get("format") == FORMAT else {}
        except Exception:  # absent, unreadable or corrupt: start afresh
            entries = {}
        return cls(path, entries)

    def key(self, func: Callable, args: tuple, view_key: tuple) -> bytes:
        """A digest of everything an analysis result depends on: the code
        (of ``func`` and of any function passed in ``args``), the arguments
        and the file (``view_key``)."""
        modules = tuple(sorted({func.__module__, *(a.__module__ for a in args if callable(a))}))
        code = tuple(_code_fingerprint(module) for module in modules)
        parts = (code, func.__module__, func.__qualname__, _canonical(args), view_key)
        return hashlib.blake2b(pickle.dumps(parts, protocol=4), digest_size=20).digest()

    def get(self, key: bytes) -> Any:
        """The stored result, or ``MISSING``."""
        value = self._used.get(key, MISSING)
        if value is MISSING:
            value = self._stored.get(key, MISSING)
            if value is not MISSING:
                self._used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        self._used[key] = value

    def save(self) -> None:
        """Keep what this run used (best effort: a cache never fails a run)."""
        if self._used.keys() == self._stored.keys():
            return
        try:
            data = pickle.dumps({"format": FORMAT, "entries": self._used}, protocol=pickle.HIGHEST_PROTOCOL)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        except Exception:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, self.path)
        except Exception:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        _prune(self.path.parent)


def _prune(folder: Path) -> None:
    """Delete the caches of trees no run has saved for ``STALE_DAYS``
    (temporary copies, deleted checkouts)."""
    cutoff = time.time() - STALE_DAYS * 86400
    for path in folder.glob("analyses-*.pickle"):
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
    return value


@lru_cache(maxsize=None)
def _code_fingerprint(module_name: str) -> str:
    """A digest of the code an analysis may run: every pixmod module, the
    analysis's own module (it may live outside pixmod), LibCST and Python."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}|{sys.version}|{_libcst_version()}".encode())
    sources = sorted(p for p in package.rglob("*.py") if "_sample" not in p.relative_to(package).parts)
    module = sys.modules.get(module_name)
    own = getattr(module, "__file__", None)
    if own and not Path(own).is_relative_to(package):
        sources.append(Path(own))
    for source in sources:
        digest.update(source.as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _libcst_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("libcst")
    except metadata.PackageNotFoundError:
        return "unknown"
