"""The codemods, one module each; the pipeline order is in pixmod.registry."""
