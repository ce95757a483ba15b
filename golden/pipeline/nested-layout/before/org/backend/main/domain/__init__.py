"""Domain models.

Export conventions:

- Core cross-cutting models are exported here: ``from org.backend.main.domain
  import User``.
- Extended subsystems are imported from their own package:
  ``from org.backend.main.domain.stats import StatEngine``,
  ``from org.backend.main.domain.game import GameWorld``.
"""

from .core import Asset, Generation, User, UserRole, Workspace

__all__ = [
    "User",
    "UserRole",
    "Workspace",
    "Asset",
    "Generation",
]
