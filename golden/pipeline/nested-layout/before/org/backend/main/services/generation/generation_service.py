"""Creates generations and tracks their progress."""

from itertools import count
from typing import Dict

from org.backend.main.infrastructure.database import AsyncSession
from org.backend.main.shared.schemas.generation_schemas import (
    GenerationRequest,
    GenerationResponse,
    SceneRefSchema,
)
from org.backend.main.shared.schemas.telemetry_schemas import TelemetryEvent

_ids = count(1)


class GenerationCreationService:
    def __init__(self, db: AsyncSession):
        self.db = db
        self.events: list[TelemetryEvent] = []

    async def create(self, request: GenerationRequest) -> GenerationResponse:
        generation_id = next(_ids)
        scene = request.scene or SceneRefSchema(scene_id=0)
        self.db.add("generations", generation_id, {"prompt": request.prompt, "scene": scene.scene_id})
        self.events.append(TelemetryEvent(name="generation.created", source="generation_service"))
        return GenerationResponse(generation_id=generation_id, status="queued")


class GenerationRetryService:
    def __init__(self, db: AsyncSession, creation_service: GenerationCreationService):
        self.db = db
        self.creation_service = creation_service
        self.attempts: Dict[int, int] = {}

    async def retry(self, generation_id: int, request: GenerationRequest) -> GenerationResponse:
        self.attempts[generation_id] = self.attempts.get(generation_id, 0) + 1
        return await self.creation_service.create(request)
