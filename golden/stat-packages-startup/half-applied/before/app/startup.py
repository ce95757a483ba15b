"""Startup steps."""

from app.log import get_logger

logger = get_logger(__name__)


def setup_ecs_components() -> int:
    from app.ecs import register_core_components

    count = register_core_components()
    logger.info("ecs_components_registered", count=count)
    return count


def setup_stat_packages() -> int:
    """Register the core stat packages (written by hand)."""
    from app.stats import list_stat_packages, register_core_stat_packages

    register_core_stat_packages()
    return len(list_stat_packages())


async def setup_plugins(app) -> int:
    from app.plugins import load_plugins

    return await load_plugins(app)
