"""Event handler plugins: one folder each, with a manifest.py."""
