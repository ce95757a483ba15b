"""Startup steps."""

from app.log import get_logger

logger = get_logger(__name__)


def setup_ecs_components() -> int:
    from app.ecs import register_core_components

    count = register_core_components()
    logger.info("ecs_components_registered", count=count)
    return count


def setup_stat_packages() -> int:
    """
    Register the core stat packages explicitly, as a step of startup.

    Returns:
        int: Number of stat packages registered
    """
    from app.stats import list_stat_packages, register_core_stat_packages

    register_core_stat_packages()
    packages = list_stat_packages()

    logger.info(
        "stat_packages_registered",
        count=len(packages),
        packages=[package.id for package in packages],
    )

    return len(packages)


async def setup_plugins(app) -> int:
    from app.plugins import load_plugins

    return await load_plugins(app)
