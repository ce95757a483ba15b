"""Entry point."""


async def lifespan(app):
    from app.startup import (
        setup_ecs_components,
        setup_plugins,
        setup_stat_packages,
    )

    setup_ecs_components()
    setup_stat_packages()
    await setup_plugins(app)
