"""Entry point."""


async def lifespan(app):
    from app.startup import (
        setup_ecs_components,
        setup_plugins,
        setup_stat_packages,
    )

    ecs_count = setup_ecs_components()
    stat_packages_count = setup_stat_packages()
    await setup_plugins(app)
    return ecs_count
