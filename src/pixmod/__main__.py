"""Allow ``python -m pixmod``."""

from pixmod.cli import main

main()
