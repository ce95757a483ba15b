"""Entry point."""


async def lifespan(app):
    from app.startup import (
        setup_ecs_components,
        setup_plugins,
    )

    await setup_plugins(app)
    ecs_count = setup_ecs_components()
    return ecs_count
