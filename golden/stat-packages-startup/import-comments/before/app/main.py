"""Entry point."""


async def lifespan(app):
    from app.startup import (  # startup helpers, in call order
        setup_ecs_components,  # before plugins
        setup_plugins,  # loads plugins
    )

    ecs_count = setup_ecs_components()
    await setup_plugins(app)
    return ecs_count
