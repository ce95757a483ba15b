"""Per-file analysis, memoized and, for many files, run in a process pool.

A codemod hands :meth:`Project.map_files` a top-level function taking a
:class:`FileView` (path, text, module name, package) and picklable
arguments. The engine runs it serially, or in a pool of ``jobs`` processes
when there are enough files to be worth it; results are the same either
way. Results are memoized by function, arguments and file text, so the
second pass over unchanged files costs nothing.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

# Below this many files a pool costs more (worker start-up) than it saves.
PARALLEL_THRESHOLD = 12


class FileView:
    """What a per-file analysis may read about one file."""

    def __init__(self, path: str, text: str, module_name: str | None, package: str | None, module=None, wrapper=None):
        self.path, self.text, self.module_name, self.package = path, text, module_name, package
        self._module = module
        self._wrapper = wrapper if wrapper is not None and wrapper.module is module else None

    def __getstate__(self):  # the parsed tree is rebuilt on the other side
        return {"path": self.path, "text": self.text, "module_name": self.module_name, "package": self.package}

    def __setstate__(self, state):
        self.__init__(**state)

    def module(self) -> "cst.Module":
        if self._module is None:
            from pixmod.project import parse

            self._module = parse(self.path, self.text)
        return self._module

    def metadata(self) -> "MetadataWrapper":
        if self._wrapper is None:
            from pixmod.project import metadata_wrapper

            self._wrapper = metadata_wrapper(self.module(), self.module_name or self.path, self.package or "")
        return self._wrapper


    def qualified_names(self, node: "cst.CSTNode") -> set[str]:
        """Absolute qualified names a node of the file may refer to."""
        from pixmod.syntax.names import qualified_names

        return qualified_names(self.metadata(), node, self.module_name or self.path, self.package or "")


def _call(job: tuple[Callable, FileView, tuple]) -> Any:
    func, view, args = job
    return func(view, *args)


Progress = Callable[[int, int], None]  # (files done, files in this batch)


class Pool:
    """A lazily started process pool, shut down with :meth:`close`.

    ``progress``, if given, is told after each file of a batch."""

    def __init__(self, jobs: int, progress: Progress | None = None):
        self.jobs = max(1, jobs)
        self.progress = progress
        self._executor: Executor | None = None

    def map(self, func: Callable, views: list[FileView], args: tuple) -> list[Any]:
        if self.jobs == 1 or len(views) < PARALLEL_THRESHOLD:
            results = (func(view, *args) for view in views)
        else:
            if self._executor is None:
                method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
                self._executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method))
            chunk = max(1, len(views) // (self.jobs * 4))
            results = self._executor.map(_call, [(func, view, args) for view in views], chunksize=chunk)
        out = []
        for result in results:
            out.append(result)
            if self.progress is not None:
                self.progress(len(out), len(views))
        return out

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None


def default_jobs() -> int:
    return os.cpu_count() or 1
