"""The Pixverse video provider (offline stand-in)."""

from org.backend.main.shared.schemas.asset_schemas import AssetMetadataSchema
from org.backend.main.shared.schemas.generation_schemas import GenerationRequest, GenerationResponse
from org.backend.main.shared.schemas.telemetry_schemas import TelemetryEvent


class PixverseProvider:
    provider_id = "pixverse"

    def submit(self, request: GenerationRequest) -> GenerationResponse:
        return GenerationResponse(generation_id=0, status="submitted")

    def describe_output(self, asset_id: int) -> AssetMetadataSchema:
        return AssetMetadataSchema(asset_id=asset_id, media_type="video", width=1280, height=720)

    def telemetry(self) -> TelemetryEvent:
        return TelemetryEvent(name="provider.submit", source=self.provider_id)
