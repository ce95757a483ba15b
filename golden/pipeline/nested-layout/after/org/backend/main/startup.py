"""Startup helpers, called in order from ``main.lifespan``.

Each helper imports what it needs inside the function, so importing this
module stays cheap and import order cannot register anything by accident.
"""

from typing import Any, Tuple

from org.backend.main.shared import get_backend_logger

logger = get_backend_logger("startup")

DEFAULT_PLUGINS = ["game_stealth", "romance", "npc_schedules"]


def setup_database() -> None:
    """Prepare the database engine."""
    from org.backend.main.infrastructure.database import init_database

    init_database()
    logger.info("database_ready")


def setup_ecs_components() -> int:
    """
    Register the core ECS components.

    Returns:
        int: Number of components registered
    """
    from org.backend.main.domain.game.ecs import register_core_components

    count = register_core_components()
    logger.info("ecs_components_registered", count=count)
    return count


def setup_stat_packages() -> int:
    """
    Register the core stat packages explicitly, as a step of startup.

    Returns:
        int: Number of stat packages registered
    """
    from org.backend.main.domain.stats import (
        list_stat_packages,
        register_core_stat_packages,
    )

    register_core_stat_packages()
    packages = list_stat_packages()

    logger.info(
        "stat_packages_registered",
        count=len(packages),
        packages=[package.id for package in packages],
    )

    return len(packages)


def setup_event_handlers() -> dict:
    """Discover and register event handler plugins."""
    from org.backend.main.infrastructure.events.handlers import register_handlers

    return register_handlers()


async def setup_plugins(app: Any) -> Tuple[Any, Any]:
    """Load plugins; they may register behavior extensions while loading."""
    from org.backend.main.infrastructure.plugins import PluginManager, RoutesManager

    plugin_manager = PluginManager(DEFAULT_PLUGINS)
    routes_manager = RoutesManager()
    await plugin_manager.load_all(app)
    return plugin_manager, routes_manager


def setup_behavior_registry_lock(plugin_manager: Any, routes_manager: Any) -> dict:
    """Lock the behavior extension registry after plugins are loaded."""
    from org.backend.main.infrastructure.plugins import behavior_registry

    stats = behavior_registry.lock_registry()
    logger.info("behavior_registry_locked", **stats)
    return stats
