"""Entry point."""

from app import startup


async def lifespan(app):
    ecs_count = startup.setup_ecs_components()
    await startup.setup_plugins(app)
    return ecs_count
