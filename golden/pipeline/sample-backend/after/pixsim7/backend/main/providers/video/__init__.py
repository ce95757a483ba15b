"""Video providers."""
