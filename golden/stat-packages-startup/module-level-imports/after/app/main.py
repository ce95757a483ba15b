"""Entry point."""

from .startup import setup_ecs_components, setup_plugins, setup_stat_packages


async def lifespan(app):
    setup_ecs_components()
    setup_stat_packages()
    await setup_plugins(app)
