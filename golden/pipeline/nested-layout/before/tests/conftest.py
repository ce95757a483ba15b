import pytest

from org.backend.main.startup import setup_ecs_components


@pytest.fixture
def ecs_count() -> int:
    return setup_ecs_components()
