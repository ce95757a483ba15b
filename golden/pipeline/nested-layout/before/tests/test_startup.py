from org.backend.main.domain.stats import StatEngine
from org.backend.main.startup import setup_ecs_components


def test_ecs_components_register() -> None:
    assert setup_ecs_components() > 0


def test_engine_builds() -> None:
    assert StatEngine() is not None
