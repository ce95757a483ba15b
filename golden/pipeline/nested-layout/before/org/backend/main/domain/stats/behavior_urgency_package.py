"""Core stat package: behavior urgency."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.behavior_urgency"


def register_core_behavior_urgency_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Behavior urgency",
        definitions=[
        StatDefinition(id="urgency", label="Urgency"),
        ],
    )
    register_stat_package(package)
    return package
