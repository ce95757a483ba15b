"""Core stat package: relationships."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.relationships"


def register_core_relationships_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Relationships",
        definitions=[
        StatDefinition(id="affinity", label="Affinity"),
        StatDefinition(id="trust", label="Trust"),
        StatDefinition(id="chemistry", label="Chemistry"),
        StatDefinition(id="tension", label="Tension"),
        ],
    )
    register_stat_package(package)
    return package
