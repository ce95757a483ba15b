"""Generic prompt context helpers."""

from .mapping import FieldMapping, get_nested_value, set_nested_value

__all__ = ["FieldMapping", "get_nested_value", "set_nested_value"]
