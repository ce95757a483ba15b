"""Entry point."""

from .startup import setup_ecs_components, setup_plugins


async def lifespan(app):
    setup_ecs_components()
    await setup_plugins(app)
