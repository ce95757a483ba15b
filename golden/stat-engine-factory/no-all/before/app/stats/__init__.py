"""Stats package."""

from .engine import StatEngine
