"""Command line."""

from app.startup import setup_ecs_components, setup_stat_packages


def warm() -> None:
    setup_ecs_components()
    setup_stat_packages()
