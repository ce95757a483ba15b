"""Startup steps."""

import logging

from app.ecs import register_core_components
from app.plugins import load_plugins

log = logging.getLogger(__name__)


def setup_ecs_components() -> int:
    count = register_core_components()
    log.info('Registered %d ECS components', count)
    return count


async def setup_plugins(app) -> int:
    return await load_plugins(app)
