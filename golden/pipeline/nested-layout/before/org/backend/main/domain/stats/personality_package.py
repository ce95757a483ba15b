"""Core stat package: personality."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.personality"


def register_core_personality_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Personality",
        definitions=[
        StatDefinition(id="openness", label="Openness"),
        StatDefinition(id="conscientiousness", label="Conscientiousness"),
        StatDefinition(id="extraversion", label="Extraversion"),
        ],
    )
    register_stat_package(package)
    return package
