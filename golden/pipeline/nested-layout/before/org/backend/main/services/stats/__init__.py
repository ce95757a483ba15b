"""Stat services."""
