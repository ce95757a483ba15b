"""Infrastructure: database, plugins, events."""
