"""Hand-made."""

from .common import Page

__all__ = ["Page"]
