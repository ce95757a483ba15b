"""Registry of stat packages, keyed by package id."""

from typing import Dict, List, Optional

from .schemas import StatPackage

_packages: Dict[str, StatPackage] = {}


def register_stat_package(package: StatPackage) -> None:
    _packages[package.id] = package


def get_stat_package(package_id: str) -> Optional[StatPackage]:
    return _packages.get(package_id)


def list_stat_packages() -> List[StatPackage]:
    """Every registered package, in registration order."""
    return list(_packages.values())


def clear_stat_packages() -> None:
    _packages.clear()
