"""The event handlers this backend loads, by folder name.

Discovery loads only the handlers listed here. A handler folder that is
present but not listed is logged as available but disabled; a listed one
that is missing is logged as an error. Add a name to enable a handler.
"""

REGISTERED_HANDLERS = [
    "auto_retry",
    "metrics",
    "webhooks",
]
