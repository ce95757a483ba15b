"""Handlers."""

REGISTERED_HANDLERS = [
    "metrics",
    "webhooks",
]
