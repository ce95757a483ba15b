"""Request and response contracts of the generation API."""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass
class SceneRefSchema:
    scene_id: int
    beat: Optional[str] = None


@dataclass
class PlayerContextSnapshotSchema:
    player_id: int
    location_id: Optional[int] = None
    flags: Dict[str, Any] = field(default_factory=dict)


@dataclass
class GenerationRequest:
    prompt: str
    provider_id: str = "pixverse"
    scene: Optional[SceneRefSchema] = None
    params: Dict[str, Any] = field(default_factory=dict)


@dataclass
class GenerationResponse:
    generation_id: int
    status: str
    asset_ids: List[int] = field(default_factory=list)
