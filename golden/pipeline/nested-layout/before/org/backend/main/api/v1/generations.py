"""Generation endpoints."""

from org.backend.main.shared.schemas import generation_schemas
from org.backend.main.shared.schemas.generation_schemas import GenerationResponse


async def create_generation(payload: dict, service) -> GenerationResponse:
    request = generation_schemas.GenerationRequest(prompt=payload["prompt"])
    return await service.create(request)
