"""Core stat package: mood."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.mood"


def register_core_mood_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Mood",
        definitions=[
        StatDefinition(id="valence", label="Valence"),
        StatDefinition(id="arousal", label="Arousal"),
        ],
    )
    register_stat_package(package)
    return package
