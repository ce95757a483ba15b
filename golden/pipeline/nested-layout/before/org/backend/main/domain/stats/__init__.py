"""Stats domain: definitions, packages, the engine and its registry.

Import from here, not from the submodules:

    from org.backend.main.domain.stats import StatEngine, list_stat_packages
"""

from org.backend.main.infrastructure.plugins import STAT_PACKAGES_REGISTER, plugin_hooks

from .engine import StatEngine
from .package_registry import (
    clear_stat_packages,
    get_stat_package,
    list_stat_packages,
    register_stat_package,
)
from .schemas import StatDefinition, StatPackage, StatTier


def register_core_stat_packages() -> None:
    """Register all core stat packages."""
    from .behavior_urgency_package import register_core_behavior_urgency_package
    from .conversation_style_package import register_core_conversation_style_package
    from .drives_package import register_core_drives_package
    from .mood_package import register_core_mood_package
    from .personality_package import register_core_personality_package
    from .relationships_package import register_core_relationships_package
    from .resources_package import register_core_resources_package

    register_core_relationships_package()
    register_core_personality_package()
    register_core_mood_package()
    register_core_resources_package()
    register_core_drives_package()
    register_core_behavior_urgency_package()
    register_core_conversation_style_package()


def _on_stat_packages_register(plugin_id: str) -> None:
    """Hook handler for the STAT_PACKAGES_REGISTER event."""
    register_core_stat_packages()


def setup_stat_package_hooks() -> None:
    plugin_hooks.register(STAT_PACKAGES_REGISTER, _on_stat_packages_register)


setup_stat_package_hooks()

__all__ = [
    # Schemas
    "StatDefinition",
    "StatPackage",
    "StatTier",
    # Engine
    "StatEngine",
    # Registry
    "register_stat_package",
    "get_stat_package",
    "list_stat_packages",
    "clear_stat_packages",
    # Registration
    "register_core_stat_packages",
    "setup_stat_package_hooks",
]
