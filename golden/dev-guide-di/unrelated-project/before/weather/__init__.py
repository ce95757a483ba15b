"""Reads a weather station and publishes its measurements."""
