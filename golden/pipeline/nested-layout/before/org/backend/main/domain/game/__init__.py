"""Game domain: worlds and their ECS components."""

from dataclasses import dataclass

from .ecs import list_components, register_component, register_core_components


@dataclass
class GameWorld:
    id: int
    name: str


__all__ = [
    "GameWorld",
    "list_components",
    "register_component",
    "register_core_components",
]
