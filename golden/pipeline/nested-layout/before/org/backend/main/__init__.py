"""org backend: the main application package."""
