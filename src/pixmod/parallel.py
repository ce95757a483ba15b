"""Per-file analysis, memoized and, for many files, run in a process pool.

A codemod hands :meth:`Project.map_files` a top-level function taking a
:class:`FileView` (path, text, module name, package) and picklable
arguments. The engine runs it serially, or in a pool of ``jobs`` processes
when there are enough files to be worth it; results are the same either
way. Results are memoized by function, arguments and file text, so the
second pass over unchanged files costs nothing.

Several analyses often read the same files (a rule, then the codemod that
fixes what it found), and parsing and scope analysis cost far more than the
analyses themselves. So analyses declared up front (:class:`Analysis`) run
together, file by file, on one parse (:func:`analyse_several`). Beyond
that, a file goes to whichever worker is free first, then always back to
that worker, which keeps the views it analysed last, parsed tree and
metadata included (a serial run keeps them the same way, in this process,
until the pool closes); the parent mirrors each worker's cache and sends
the files a worker still holds first. A cached view is used only for the
very text sent: the cache can make a run faster, never different.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections import OrderedDict, deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator

from pixmod import interrupts

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from pixmod.syntax.nodes import NodeIndex
    from pixmod.syntax.positions import NodeStarts

# Below this many files a pool costs more (worker start-up) than it saves.
PARALLEL_THRESHOLD = 12
# Source bytes of recently analysed files a worker keeps parsed; a parsed
# tree with its scope analysis takes some 200 times its source in memory.
# Small: declared analyses (Analysis, Project.prefetch) already run together
# on one parse; this serves the rest (20 MB per worker at most).
WORKER_CACHE_BYTES = 100_000
# Files sent to a worker per message, at most: a live progress bar. Chunks
# shrink towards the end of a batch so that the workers finish together.
MAX_CHUNK = 8


class FileView:
    """What a per-file analysis may read about one file."""

    def __init__(self, path: str, text: str, module_name: str | None, package: str | None, module=None, wrapper=None, starts=None):
        self.path, self.text, self.module_name, self.package = path, text, module_name, package
        self._module = module
        self._wrapper = wrapper if wrapper is not None and wrapper.module is module else None
        self._starts = starts if starts is not None and starts.module is module else None
        self._nodes: "NodeIndex | None" = None
        self.memo: dict[Any, Any] = {}  # analyses of this very text that several callers share

    def __getstate__(self):  # the parsed tree is rebuilt on the other side
        return {"path": self.path, "text": self.text, "module_name": self.module_name, "package": self.package}

    def __setstate__(self, state):
        self.__init__(**state)

    def same_file(self, other: "FileView") -> bool:
        return (self.path, self.text, self.module_name, self.package) == (other.path, other.text, other.module_name, other.package)

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

    def starts(self) -> "NodeStarts":
        """Where each node of :meth:`module` starts (line, column)."""
        if self._starts is None:
            from pixmod.syntax.positions import NodeStarts

            self._starts = NodeStarts(self.module())
        return self._starts

    def nodes(self) -> "NodeIndex":
        """Every node of :meth:`module`, in walk order, with its parent."""
        if self._nodes is None:
            from pixmod.syntax.nodes import NodeIndex

            self._nodes = NodeIndex(self.module())
        return self._nodes

    def qualified_names(self, node: "cst.CSTNode") -> set[str]:
        """Absolute qualified names a node of the file may refer to."""
        from pixmod.syntax.names import qualified_names

        return qualified_names(self.metadata(), node, self.module_name or self.path, self.package or "")


@dataclass(frozen=True)
class Analysis:
    """A per-file analysis a codemod or rule will ask for: ``func(view,
    *args)`` on each of ``paths``. Declared up front, the analyses of every
    codemod and rule run in one pass, each file parsed once for all of them
    (:meth:`Project.prefetch`)."""

    func: Callable[..., Any]
    paths: tuple[str, ...]
    args: tuple = ()


def analyse_several(view: FileView, calls: dict[str, tuple[tuple[Callable, tuple], ...]]) -> list[tuple[bool, Any]]:
    """Several analyses of one file, one after the other on the same parsed
    tree: (True, result), or (False, None) where one raised (it is left to
    raise again, in context, when its caller asks for it)."""
    results = []
    for func, args in calls[view.path]:
        try:
            results.append((True, func(view, *args)))
        except Exception:
            results.append((False, None))
    return results


class RecentFiles:
    """The most recently used files up to a budget of source bytes (LRU),
    each with a value: the views themselves in a worker, nothing in the
    parent's mirror of that worker."""

    def __init__(self, budget: int = WORKER_CACHE_BYTES):
        self.budget, self.size = budget, 0
        self._items: OrderedDict[str, tuple[str, Any]] = OrderedDict()

    def get(self, path: str, text: str) -> Any:
        item = self._items.get(path)
        if item is None or item[0] != text:
            return None
        self._items.move_to_end(path)
        return item[1]

    def clear(self) -> None:
        self._items.clear()
        self.size = 0

    def holds(self, path: str, text: str) -> bool:
        item = self._items.get(path)
        return item is not None and item[0] == text

    def put(self, path: str, text: str, value: Any) -> None:
        old = self._items.pop(path, None)
        if old is not None:
            self.size -= len(old[0])
        self._items[path] = (text, value)
        self.size += len(text)
        while self.size > self.budget and len(self._items) > 1:
            _, (evicted, _) = self._items.popitem(last=False)
            self.size -= len(evicted)


_recent_views = RecentFiles()  # this process's: a worker's, or the parent's when serial


def _analyse(func: Callable, views: list[FileView], args: tuple) -> list[Any]:
    """``func`` on each view, reusing this process's parsed copy of a file
    when it has one for that very text (and the view brings none)."""
    results = []
    for view in views:
        cached = _recent_views.get(view.path, view.text)
        if cached is not None and cached.same_file(view) and view._module is None:
            view = cached
        else:
            _recent_views.put(view.path, view.text, view)
        results.append(func(view, *args))
    return results


Progress = Callable[[int, int], None]  # (files done, files in this batch)


class Pool:
    """Lazily started worker processes, shut down with :meth:`close`.

    ``progress``, if given, is told as the files of a batch are done.
    ``meanwhile`` is work for this process while the workers work (importing
    what the run needs next, say): each runs once, when the first batch has
    gone to the workers; never at all if no batch does."""

    def __init__(self, jobs: int, progress: Progress | None = None, meanwhile: tuple[Callable[[], object], ...] = ()):
        self.jobs = max(1, jobs)
        self.progress = progress
        self._meanwhile = list(meanwhile)
        self._workers: list[Executor] = []
        self._mirrors = [RecentFiles() for _ in range(self.jobs)]
        self._home: dict[str, int] = {}  # path -> the worker that analysed it first

    def map(self, func: Callable, views: list[FileView], args: tuple) -> list[Any]:
        if self.jobs == 1 or len(views) < PARALLEL_THRESHOLD:
            return self._serial(func, views, args)
        self._start()
        # A file goes back to the worker that has analysed it (its parsed tree
        # may still be there), held files first; a file new to the pool goes
        # to whichever worker is free first.
        own: list[deque[int]] = []
        for worker, mirror in enumerate(self._mirrors):
            homed = [i for i, view in enumerate(views) if self._home.get(view.path) == worker]
            own.append(deque(sorted(homed, key=lambda i: not mirror.holds(views[i].path, views[i].text))))
        shared = deque(i for i, view in enumerate(views) if view.path not in self._home)
        running: dict[Future, tuple[int, list[int]]] = {}  # -> (worker, indexes of its files)

        def send(worker: int) -> None:
            queue = own[worker] or shared
            chunk = [queue.popleft() for _ in range(min(len(queue), max(1, len(queue) // (2 * self.jobs)), MAX_CHUNK))]
            for i in chunk:
                self._home[views[i].path] = worker
                self._mirrors[worker].put(views[i].path, views[i].text, None)
            if chunk:
                running[self._workers[worker].submit(_analyse, func, [views[i] for i in chunk], args)] = (worker, chunk)

        for worker in range(self.jobs):
            send(worker)
            send(worker)  # one chunk queued behind the running one: a worker never waits for the parent
        while self._meanwhile:
            self._meanwhile.pop(0)()
        out: list[Any] = [None] * len(views)
        done = 0
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                worker, chunk = running.pop(future)
                for index, result in zip(chunk, future.result()):
                    out[index] = result
                done += len(chunk)
                if self.progress is not None:
                    self.progress(done, len(views))
                send(worker)
        return out

    def _serial(self, func: Callable, views: list[FileView], args: tuple) -> list[Any]:
        out: list[Any] = [None] * len(views)
        held_first = sorted(range(len(views)), key=lambda i: not _recent_views.holds(views[i].path, views[i].text))
        for done, index in enumerate(held_first, 1):
            view = views[index]
            if view._module is None:  # a copy, as a worker gets: its parse lives only as long as the cache keeps it
                view = FileView(view.path, view.text, view.module_name, view.package)
            out[index] = _analyse(func, [view], args)[0]
            if self.progress is not None:
                self.progress(done, len(views))
        return out

    def _start(self) -> None:
        if self._workers:
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        context = multiprocessing.get_context(method)
        self._workers = [
            ProcessPoolExecutor(1, mp_context=context, initializer=interrupts.in_worker) for _ in range(self.jobs)
        ]
        # Forked workers share this process's memory until they write to it;
        # frozen objects are never visited by their garbage collector, which
        # would otherwise copy every page of the parent's heap.
        with frozen_heap():
            for started in [worker.submit(os.getpid) for worker in self._workers]:
                started.result()

    def close(self) -> None:
        for worker in self._workers:
            worker.shutdown(cancel_futures=True)
        self._workers = []
        _recent_views.clear()  # a serial run's parsed files: not kept past the run


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Every object that exists now is frozen (``gc.freeze``): the cyclic
    garbage collector never walks it. Unfrozen on exit, unless something
    was frozen already: ``gc.unfreeze`` would unfreeze that too, and the
    outer freeze unfreezes everything on its own exit."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def default_jobs() -> int:
    return os.cpu_count() or 1
