"""Authentication context passed from the API layer to services."""

from dataclasses import dataclass, field
from typing import List, Optional


@dataclass(frozen=True)
class AuthClaims:
    user_id: int
    scopes: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class UserContext:
    claims: AuthClaims
    workspace_id: Optional[int] = None
