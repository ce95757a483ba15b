"""Media generation providers."""
