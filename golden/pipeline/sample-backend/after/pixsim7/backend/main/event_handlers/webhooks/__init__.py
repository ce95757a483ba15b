"""The webhooks event handler."""
