"""Shared fixtures: a database session and mocked collaborators."""

from unittest.mock import AsyncMock, MagicMock

import pytest

from pixsim7.backend.main.domain.stats import StatEngine
from pixsim7.backend.main.infrastructure.database import AsyncSession
from pixsim7.backend.main.services.characters.instance_service import CharacterInstanceService
from pixsim7.backend.main.services.characters.npc_sync_service import CharacterNPCSyncService


@pytest.fixture
def mock_db():
    """A database session that holds no rows."""
    db = MagicMock(spec=AsyncSession)
    db.get = AsyncMock(return_value=None)
    return db


@pytest.fixture
def mock_instance_service():
    """A character instance service that knows one NPC."""
    service = MagicMock(spec=CharacterInstanceService)
    service.get_instance = AsyncMock(return_value={"name": "Ayla", "location": {"name": "Harbor"}})
    return service


@pytest.fixture
def mock_sync_service():
    """An NPC sync service whose NPCs all have the same state."""
    service = MagicMock(spec=CharacterNPCSyncService)
    service.get_npc_state = AsyncMock(return_value={"affinity": 80.0})
    return service


@pytest.fixture
def mock_stat_engine():
    """A stat engine that passes values through and names one tier."""
    engine = MagicMock(spec=StatEngine)
    engine.clamp.side_effect = lambda definition, value: value
    engine.compute_tier.return_value = "friend"
    return engine
