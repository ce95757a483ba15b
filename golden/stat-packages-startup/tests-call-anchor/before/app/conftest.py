import pytest

from app import startup


@pytest.fixture
def ecs():
    return startup.setup_ecs_components()
