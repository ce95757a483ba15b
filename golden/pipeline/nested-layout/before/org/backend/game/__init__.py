"""The game server: a sibling of the main backend, sharing its telemetry contract."""
