"""Allow ``python -m pixmod``."""

from pixmod.console import run

run()
