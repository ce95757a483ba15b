from typing import Dict

from .schemas import StatPackage

_packages: Dict[str, StatPackage] = {}


def register_stat_package(package: StatPackage) -> None:
    _packages[package.id] = package


def list_stat_packages():
    """Registered packages, keyed by id."""
    return dict(_packages)
