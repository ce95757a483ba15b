"""Startup steps."""


def setup_database() -> None:
    pass
