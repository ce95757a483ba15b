"""Core cross-cutting models."""

from dataclasses import dataclass
from enum import Enum
from typing import Optional


class UserRole(str, Enum):
    PLAYER = "player"
    CREATOR = "creator"
    ADMIN = "admin"


@dataclass
class User:
    id: int
    email: str
    role: UserRole = UserRole.PLAYER


@dataclass
class Workspace:
    id: int
    owner_id: int


@dataclass
class Asset:
    id: int
    workspace_id: int
    media_type: str


@dataclass
class Generation:
    id: int
    prompt: str
    asset_id: Optional[int] = None
