"""Shared contracts."""

from dataclasses import dataclass


@dataclass
class Page:
    number: int


@dataclass
class ErrorBody:
    message: str


@dataclass
class GameOnly:
    world_id: int


def page_size() -> int:
    return 50
