from app.startup import setup_ecs_components


def setup_ecs_components_twice():
    setup_ecs_components()
    setup_ecs_components()
