"""Character services."""
