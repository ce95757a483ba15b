"""Core stat package: conversation style."""

from .package_registry import register_stat_package
from .schemas import StatDefinition, StatPackage

PACKAGE_ID = "core.conversation_style"


def register_core_conversation_style_package() -> StatPackage:
    package = StatPackage(
        id=PACKAGE_ID,
        label="Conversation style",
        definitions=[
        StatDefinition(id="formality", label="Formality"),
        StatDefinition(id="verbosity", label="Verbosity"),
        ],
    )
    register_stat_package(package)
    return package
