"""Allow ``python -m pixmod``."""

from pixmod.cli import run

run()
