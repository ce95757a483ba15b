"""Behavior extensions (conditions and effects) contributed by plugins."""

from dataclasses import dataclass
from typing import Callable, Dict


@dataclass(frozen=True)
class ConditionMetadata:
    condition_id: str
    plugin_id: str
    evaluate: Callable[..., bool]


@dataclass(frozen=True)
class EffectMetadata:
    effect_id: str
    plugin_id: str
    apply: Callable[..., None]


class RegistryLockedError(RuntimeError):
    pass


class BehaviorExtensionRegistry:
    def __init__(self) -> None:
        self._conditions: Dict[str, ConditionMetadata] = {}
        self._effects: Dict[str, EffectMetadata] = {}
        self._locked = False

    def register_condition(self, meta: ConditionMetadata) -> None:
        if self._locked:
            raise RegistryLockedError(meta.condition_id)
        self._conditions[meta.condition_id] = meta

    def register_effect(self, meta: EffectMetadata) -> None:
        if self._locked:
            raise RegistryLockedError(meta.effect_id)
        self._effects[meta.effect_id] = meta

    def lock_registry(self) -> dict:
        self._locked = True
        return {"conditions": len(self._conditions), "effects": len(self._effects)}


behavior_registry = BehaviorExtensionRegistry()
