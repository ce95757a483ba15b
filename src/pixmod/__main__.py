"""Allow ``python -m pixmod``."""

from pixmod.cli import main

main(prog_name="pixmod")
