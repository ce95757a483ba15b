"""Login and token contracts."""

from dataclasses import dataclass


@dataclass
class AuthRequest:
    username: str
    password: str


@dataclass
class TokenClaims:
    sub: int
    exp: int
