"""Loads plugins and the routes they contribute."""

from typing import Any, List

from org.backend.main.shared import get_backend_logger

from .hooks import PLUGINS_LOADED, plugin_hooks

logger = get_backend_logger("plugins")


class PluginManager:
    def __init__(self, plugin_ids: List[str]):
        self.plugin_ids = plugin_ids
        self.loaded: List[str] = []

    async def load_all(self, app: Any) -> int:
        for plugin_id in self.plugin_ids:
            self.loaded.append(plugin_id)
            plugin_hooks.emit(PLUGINS_LOADED, plugin_id)
        logger.info("plugins_loaded", count=len(self.loaded))
        return len(self.loaded)


class RoutesManager:
    def __init__(self) -> None:
        self.routes: List[str] = []
