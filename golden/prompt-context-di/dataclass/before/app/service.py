from dataclasses import dataclass, field

from app.deps import Cache


@dataclass
class PromptContextService:
    name: str
    cache: Cache = field(default_factory=Cache)
