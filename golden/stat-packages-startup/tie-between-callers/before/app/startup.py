"""Startup steps."""

from app.log import get_logger

logger = get_logger(__name__)


def setup_ecs_components() -> int:
    from app.ecs import register_core_components

    count = register_core_components()
    logger.info("ecs_components_registered", count=count)
    return count


async def setup_plugins(app) -> int:
    from app.plugins import load_plugins

    return await load_plugins(app)
