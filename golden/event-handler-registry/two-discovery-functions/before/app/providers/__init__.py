"""Video providers, each a folder with a manifest.py."""
