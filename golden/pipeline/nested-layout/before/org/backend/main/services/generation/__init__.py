"""Generation services."""
