"""Stats package."""

from .registry import list_stat_packages, register_stat_package
from .schemas import StatPackage


def register_core_stat_packages() -> None:
    register_stat_package(StatPackage(id="core.mood"))
    register_stat_package(StatPackage(id="core.drives"))


__all__ = ["StatPackage", "list_stat_packages", "register_core_stat_packages", "register_stat_package"]
