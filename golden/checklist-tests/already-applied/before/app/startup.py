"""Startup steps."""

import logging

from app.ecs import register_core_components
from app.plugins import load_plugins
from app.stats import list_stat_packages, register_core_stat_packages

log = logging.getLogger(__name__)


def setup_ecs_components() -> int:
    count = register_core_components()
    log.info('Registered %d ECS components', count)
    return count


def setup_stat_packages() -> int:
    """
    Register the core stat packages explicitly, as a step of startup.

    Returns:
        int: Number of stat packages registered
    """
    register_core_stat_packages()
    packages = list_stat_packages()

    log.info(
        'Registered %s stat packages: %s',
        len(packages),
        [package.id for package in packages],
    )

    return len(packages)


async def setup_plugins(app) -> int:
    return await load_plugins(app)
