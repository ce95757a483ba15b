"""Entry point."""

from app import startup


async def lifespan(app):
    ecs_count = startup.setup_ecs_components()
    stat_packages_count = startup.setup_stat_packages()
    await startup.setup_plugins(app)
    return ecs_count
