from typing import Dict, List

from .schemas import StatPackage

_packages: Dict[str, StatPackage] = {}


def register_stat_package(package: StatPackage) -> None:
    _packages[package.id] = package


def list_stat_packages() -> List[StatPackage]:
    return list(_packages.values())
