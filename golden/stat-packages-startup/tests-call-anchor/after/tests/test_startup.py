from app.startup import setup_ecs_components


def test_ecs_components():
    assert setup_ecs_components() > 0
