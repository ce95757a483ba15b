"""The ``pixmod`` console script's entry point: signal handlers first, then
the imports.

Importing click and the CLI takes a moment (a few hundred milliseconds on a
busy machine); a Ctrl-C meanwhile would print a ``KeyboardInterrupt``
traceback out of some import. Until :func:`pixmod.cli.run` installs its own
handlers, an ending signal here just ends the process, with the same line
and exit status as later on (nothing has been read or written yet).
"""

import os
import signal
import sys


def _interrupted_at_start(signum: int, frame) -> None:
    sys.stderr.write(f"pixmod: interrupted by {signal.Signals(signum).name}: nothing was written\n")
    sys.stderr.flush()
    os._exit(128 + signum)


for _name in ("SIGINT", "SIGTERM", "SIGHUP"):
    _signum = getattr(signal, _name, None)
    if _signum is not None and signal.getsignal(_signum) is not signal.SIG_IGN:
        signal.signal(_signum, _interrupted_at_start)

from pixmod.cli import run  # noqa: E402 - after the handlers, on purpose

__all__ = ["run"]
