"""Core stat package: resources."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.resources"


def register_core_resources_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Resources",
        definitions=[
        StatDefinition(id="energy", label="Energy"),
        StatDefinition(id="money", label="Money"),
        ],
    )
    register_stat_package(package)
    return package
