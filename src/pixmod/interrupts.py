"""Signals: Ctrl-C and ``kill`` end a run cleanly, and never half-way
through a write.

Python runs signal handlers in the main thread only, between two
bytecodes, whichever thread the kernel handed the signal to. So blocking
signals in the main thread (``pthread_sigmask``) defers nothing once the
process has other threads, as it does while a process pool is open: the
kernel delivers the signal to another thread, and the main thread still
runs the handler (raising ``KeyboardInterrupt``) at its next bytecode, in
the middle of the write. What defers a signal for the whole process is the
Python-level handler itself: inside :func:`deferred` it only records the
signal, which is delivered when the block ends.

The console script installs :func:`handled` for its whole run: SIGINT,
SIGTERM and SIGHUP raise :class:`Interrupted`, which the CLI turns into a
one-line summary and exit status 128 + the signal number (130 for Ctrl-C,
143 for SIGTERM). Worker processes ignore SIGINT (:func:`in_worker`): a
Ctrl-C reaches the whole process group, and only the parent decides what
it means.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from typing import Iterator

# Signals that end a run: the CLI turns them into Interrupted.
ENDING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
# Signals deferred while files are replaced: every catchable signal whose
# default action ends the process.
DEFERRED = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM")
    if hasattr(signal, name)
)


class Interrupted(BaseException):
    """A signal ended the run (a BaseException, like KeyboardInterrupt:
    ``except Exception`` must not swallow it). ``written`` is the number of
    files the run had written when it stopped (all of them or none), or
    None if the run never reached the write."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.written: int | None = None

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


_owner: int | None = None  # the process that installed handled()
_received: int | None = None  # the ending signal handled() received, if any


def _raise_interrupted(signum: int, frame) -> None:
    global _received
    if os.getpid() != _owner:
        return  # a worker forked before its initializer ran: the parent decides
    _received = signum
    raise Interrupted(signum)


def raise_if_received() -> None:
    """Raise :class:`Interrupted` again for a signal already received.

    A handler's exception raised while Python runs a ``__del__`` method or a
    weakref callback (the import system's module locks have one) is not
    propagated but handed to ``sys.unraisablehook`` and dropped: the run
    would go on as if nothing happened. Called before writing and at the
    end of a run, this makes such a signal count after all."""
    if _received is not None:
        raise Interrupted(_received)


def _unraisable(hook):
    def unraisable(info) -> None:
        if isinstance(info.exc_value, Interrupted):
            return  # recorded in _received, raised again at the next raise_if_received()
        hook(info)

    return unraisable


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """For the console script: the ending signals raise :class:`Interrupted`
    while the block runs (a no-op outside the main thread)."""
    global _owner, _received
    if not _in_main_thread():
        yield
        return
    _owner, _received = os.getpid(), None
    # A signal ignored from the start (a background job's SIGINT, nohup's
    # SIGHUP) stays ignored, as Python itself leaves it.
    previous = {
        signum: signal.signal(signum, _raise_interrupted) for signum in ENDING if signal.getsignal(signum) is not signal.SIG_IGN
    }
    previous_hook, sys.unraisablehook = sys.unraisablehook, _unraisable(sys.unraisablehook)
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


_pending: list[int] | None = None  # signals received inside deferred(); None outside it


def _record(signum: int, frame) -> None:
    if _pending is not None:
        _pending.append(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Run the block with every ending signal recorded instead of acted
    on, then act on the first one received, as the handler that was
    installed before would have (it raises, or the default action ends
    the process). Nested blocks defer to the outermost one.

    Outside the main thread handlers cannot be changed; there the block
    runs as is (a signal then interrupts the main thread, not this one)."""
    global _pending
    if _pending is not None or not _in_main_thread():
        yield
        return
    _pending = []
    previous = {}
    try:
        for signum in DEFERRED:
            handler = signal.getsignal(signum)
            if handler is not signal.SIG_IGN:
                previous[signum] = signal.signal(signum, _record)
        yield
    finally:
        try:
            for signum, handler in previous.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        finally:
            received, _pending = _pending, None
        if received:
            _deliver(received[0], previous.get(received[0]))


def _deliver(signum: int, handler) -> None:
    if callable(handler):
        handler(signum, None)
    elif handler in (signal.SIG_DFL, None):
        signal.raise_signal(signum)  # the default action, now that it is restored


def ignore_ending_signals() -> None:
    """From now on this process ignores the ending signals (the console
    script, once its command is over and only its exit remains)."""
    if _in_main_thread():
        for signum in ENDING:
            signal.signal(signum, signal.SIG_IGN)


def in_worker() -> None:
    """Initializer of a worker process: every ending signal is the parent's
    to handle. A Ctrl-C, or a ``kill`` of the whole process group, reaches
    the workers too; a worker that died of it first would break the pool
    under the parent, which would then report a broken pool instead of the
    interrupt. The parent ends its workers itself when it stops
    (:meth:`pixmod.parallel.Executor.close`)."""
    for signum in ENDING:
        signal.signal(signum, signal.SIG_IGN)
