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


class TestSetupStatPackages:
    """setup_stat_packages() registers the core stat packages explicitly, as a step of startup."""

    def setup_method(self):
        from pixsim7.backend.main.domain.stats import clear_stat_packages

        clear_stat_packages()

    @patch("pixsim7.backend.main.startup.logger")
    def test_returns_and_logs_the_package_count(self, mock_logger):
        from pixsim7.backend.main.startup import setup_stat_packages

        count = setup_stat_packages()

        assert count == 7
        assert any(
            call.kwargs.get("count") == count
            for call in mock_logger.info.call_args_list
        )

    def test_registers_every_core_package(self):
        from pixsim7.backend.main.domain.stats import list_stat_packages
        from pixsim7.backend.main.startup import setup_stat_packages

        setup_stat_packages()
        packages = list_stat_packages()

        assert {
            "core.relationships",
            "core.personality",
            "core.mood",
            "core.resources",
            "core.drives",
            "core.behavior_urgency",
            "core.conversation_style",
        } <= {package.id for package in packages}

    def test_registers_packages_independently_of_the_app(self):
        from pixsim7.backend.main.domain.stats import (
            clear_stat_packages,
            list_stat_packages,
        )
        from pixsim7.backend.main.startup import setup_stat_packages

        clear_stat_packages()

        assert setup_stat_packages() == 7
        assert len(list_stat_packages()) == 7

    def test_registers_before_plugins_load(self):
        import inspect

        from pixsim7.backend.main.main import lifespan

        source = inspect.getsource(lifespan)

        assert "setup_stat_packages(" in source
        assert source.index("setup_stat_packages(") < source.index("setup_plugins(")
