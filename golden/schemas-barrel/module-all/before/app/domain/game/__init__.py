"""Game domain."""
