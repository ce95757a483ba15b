"""Plugin hook events and their handlers."""

from collections import defaultdict
from typing import Callable, DefaultDict, List

STAT_PACKAGES_REGISTER = "stat_packages.register"
PLUGINS_LOADED = "plugins.loaded"

HookHandler = Callable[[str], None]


class PluginHooks:
    def __init__(self) -> None:
        self._handlers: DefaultDict[str, List[HookHandler]] = defaultdict(list)

    def register(self, event: str, handler: HookHandler) -> None:
        if handler not in self._handlers[event]:
            self._handlers[event].append(handler)

    def emit(self, event: str, plugin_id: str) -> int:
        for handler in self._handlers[event]:
            handler(plugin_id)
        return len(self._handlers[event])


plugin_hooks = PluginHooks()
