"""Stats domain."""
