"""Running one function over many files: in a stock process pool, or serially.

:class:`Executor` maps ``func(view, *args)`` over file views and returns
the results in input order, the same whichever way they ran. Below
``PARALLEL_THRESHOLD`` files, with ``jobs == 1``, or where this platform
cannot start processes (black's rule: no ``sem_open``, a sandbox), it runs
them in this process. Otherwise a ``concurrent.futures.ProcessPoolExecutor``
of ``jobs`` workers takes the files in small chunks (a live progress bar,
workers finishing together). The pool forks where fork is available and
this process runs a single thread (a fork from a multi-threaded process may
deadlock), else it uses the platform's default start method; the parent
keeps no state about the workers. Workers ignore SIGINT
(:func:`pixmod.interrupts.in_worker`): a Ctrl-C reaches the parent, which
cancels what is queued and shuts the pool down.
"""

from __future__ import annotations

import copy
import gc
import os
import threading
from typing import TYPE_CHECKING, Any, Callable, Sequence

from pixmod import interrupts

if TYPE_CHECKING:  # imported when a pool starts: a run that needs none is spared 13 ms
    from concurrent.futures import Future, ProcessPoolExecutor

# Below this many files a pool costs more (worker start-up) than it saves.
PARALLEL_THRESHOLD = 12
# Files per message to a worker, at most.
MAX_CHUNK = 8

Progress = Callable[[int, int], None]  # (files done, files in this batch)


def _run_chunk(func: Callable, items: Sequence[Any], args: tuple) -> list[Any]:
    return [func(item, *args) for item in items]


class Executor:
    """``func(item, *args)`` for many items, in worker processes or here."""

    def __init__(self, jobs: int = 1, progress: Progress | None = None):
        self.jobs = max(1, jobs)
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._unavailable = False  # processes cannot be started here: serial from now on

    def map(self, func: Callable, items: Sequence[Any], args: tuple = ()) -> list[Any]:
        """``[func(item, *args) for item in items]``; ``func`` must be a
        module-level function and ``items`` and ``args`` picklable."""
        pool = self._start() if self.jobs > 1 and len(items) >= PARALLEL_THRESHOLD else None
        if pool is None:
            return self._serial(func, items, args)
        from concurrent.futures import FIRST_COMPLETED, wait

        size = max(1, min(MAX_CHUNK, len(items) // (4 * self.jobs)))
        running: dict[Future, range] = {}
        try:
            for start in range(0, len(items), size):
                chunk = range(start, min(start + size, len(items)))
                running[pool.submit(_run_chunk, func, [items[i] for i in chunk], args)] = chunk
        except (OSError, NotImplementedError, PermissionError):  # the workers cannot start (fork refused)
            if running:
                raise
            self._unavailable = True
            self.close()
            return self._serial(func, items, args)
        out: list[Any] = [None] * len(items)
        done = 0
        try:
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk = running.pop(future)
                    for index, result in zip(chunk, future.result()):
                        out[index] = result
                    done += len(chunk)
                    if self.progress is not None:
                        self.progress(done, len(items))
        except BaseException:  # an analysis raised, or Ctrl-C: drop the queued work
            for future in running:
                future.cancel()
            raise
        return out

    def start(self) -> None:
        """Start the workers now rather than at the first :meth:`map` that
        needs them (no-op with ``jobs == 1`` or where processes cannot
        start). A forked worker shares its parent's memory until either side
        writes to a page, which is then copied (a reference count update is
        a write): forked before the parent holds much, the workers share
        little and copy little."""
        if self.jobs > 1:
            self._start()

    def _serial(self, func: Callable, items: Sequence[Any], args: tuple) -> list[Any]:
        out = []
        for done, item in enumerate(items, 1):
            # A copy, as a worker gets: what it computes (a file's parse) dies with it.
            out.append(func(copy.copy(item), *args))
            if self.progress is not None:
                self.progress(done, len(items))
        return out

    def _start(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._unavailable:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            single_threaded = threading.active_count() == 1
            method = "fork" if single_threaded and "fork" in multiprocessing.get_all_start_methods() else None
            try:
                self._pool = ProcessPoolExecutor(
                    self.jobs, mp_context=multiprocessing.get_context(method), initializer=interrupts.in_worker,
                )
                if method == "fork":
                    _fork_workers(self._pool)
            except (ImportError, NotImplementedError, OSError, PermissionError):
                self._unavailable = True  # e.g. no sem_open on this platform: run serially
        return self._pool

    def close(self, *, abandon: bool = False) -> None:
        """Shut the workers down (what is queued is cancelled). ``abandon``
        (the run is ending on a signal or an error): the workers are killed
        rather than left to finish their chunk, since they ignore the ending
        signals and would otherwise outlive a parent that exits first."""
        if self._pool is not None:
            if abandon:
                kill_workers = getattr(self._pool, "kill_workers", None)  # Python 3.14+
                if kill_workers is not None:
                    kill_workers()
                else:  # this pool's own processes only: a host may have others
                    for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                        process.kill()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _fork_workers(pool: ProcessPoolExecutor) -> None:
    """Start the workers now, with every object of this process frozen out
    of the garbage collector's reach for them (Python's advice for a fork
    without exec): a collection in a worker would otherwise walk the whole
    inherited heap, copying each of its pages (copy on write), and made the
    pool slower than one process (0.9 against 0.6 s for homeassistant's
    analyses). This process unfreezes at once and collects as before,
    unless its host had frozen objects itself (the console script does):
    unfreezing would release those too."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        pool.submit(int).result()  # a fork pool starts all its workers at the first task
    finally:
        if not frozen_before:
            gc.unfreeze()


def default_jobs() -> int:
    return os.cpu_count() or 1
