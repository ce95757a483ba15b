"""The metrics event handler."""
