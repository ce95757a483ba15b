"""Handlers."""

REGISTERED_HANDLERS = [
    "metrics",
]
