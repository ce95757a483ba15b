"""Shared infrastructure used across the backend."""

from .auth import AuthClaims, UserContext
from .logging import get_backend_logger, get_event_logger, get_plugin_logger

__all__ = [
    "AuthClaims",
    "UserContext",
    "get_backend_logger",
    "get_event_logger",
    "get_plugin_logger",
]
