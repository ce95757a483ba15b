"""Entity-component registry for game worlds."""

from typing import Dict, List

_components: Dict[str, dict] = {}

CORE_COMPONENTS: List[str] = ["position", "inventory", "schedule", "relationships", "mood"]


def register_component(name: str, schema: dict) -> None:
    _components[name] = schema


def register_core_components() -> int:
    for name in CORE_COMPONENTS:
        register_component(name, {"type": "object"})
    return len(CORE_COMPONENTS)


def list_components() -> List[str]:
    return sorted(_components)
