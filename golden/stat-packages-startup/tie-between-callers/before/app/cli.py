"""Command line."""

from app.startup import setup_ecs_components


def warm() -> None:
    setup_ecs_components()
