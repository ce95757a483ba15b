"""Entry point."""


async def boot(app):
    from app.startup import (
        setup_ecs_components,
        setup_plugins,
    )

    ecs_count = setup_ecs_components()
    await setup_plugins(app)
    return ecs_count
