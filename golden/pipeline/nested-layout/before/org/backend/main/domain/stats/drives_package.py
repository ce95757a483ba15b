"""Core stat package: drives."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.drives"


def register_core_drives_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Drives",
        definitions=[
        StatDefinition(id="hunger", label="Hunger"),
        StatDefinition(id="social", label="Social"),
        StatDefinition(id="rest", label="Rest"),
        ],
    )
    register_stat_package(package)
    return package
