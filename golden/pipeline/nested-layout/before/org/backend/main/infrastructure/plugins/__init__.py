"""Plugin system: manager, hooks and the behavior extension registry."""

from .behavior_registry import BehaviorExtensionRegistry, behavior_registry
from .hooks import PLUGINS_LOADED, STAT_PACKAGES_REGISTER, plugin_hooks
from .manager import PluginManager, RoutesManager

__all__ = [
    "BehaviorExtensionRegistry",
    "behavior_registry",
    "plugin_hooks",
    "PLUGINS_LOADED",
    "STAT_PACKAGES_REGISTER",
    "PluginManager",
    "RoutesManager",
]
