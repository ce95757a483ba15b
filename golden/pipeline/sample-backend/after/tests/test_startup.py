"""Tests for the startup helpers."""

from unittest.mock import patch

from pixsim7.backend.main.domain.game.ecs import CORE_COMPONENTS, list_components
from pixsim7.backend.main.startup import setup_ecs_components


class TestSetupEcsComponents:
    """setup_ecs_components() registers the core components and says so."""

    @patch("pixsim7.backend.main.startup.logger")
    def test_returns_the_component_count(self, mock_logger):
        assert setup_ecs_components() == len(CORE_COMPONENTS)

    @patch("pixsim7.backend.main.startup.logger")
    def test_registers_every_core_component(self, mock_logger):
        setup_ecs_components()

        assert set(CORE_COMPONENTS) <= set(list_components())

    @patch("pixsim7.backend.main.startup.logger")
    def test_logs_the_component_count(self, mock_logger):
        count = setup_ecs_components()

        mock_logger.info.assert_called_once_with("ecs_components_registered", count=count)
