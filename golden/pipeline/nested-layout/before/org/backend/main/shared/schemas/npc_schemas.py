"""NPC prompt context: only the character services use it."""

from dataclasses import dataclass, field
from typing import Any, Dict


@dataclass
class NPCPromptContext:
    npc_id: int
    name: str
    stats: Dict[str, Any] = field(default_factory=dict)
    traits: Dict[str, Any] = field(default_factory=dict)
