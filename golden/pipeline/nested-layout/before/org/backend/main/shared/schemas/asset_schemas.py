"""Asset metadata exchanged between providers, services and the API."""

from dataclasses import dataclass
from typing import Optional


@dataclass
class AssetMetadataSchema:
    asset_id: int
    media_type: str
    width: Optional[int] = None
    height: Optional[int] = None
    duration_sec: Optional[float] = None


def describe_asset(meta: AssetMetadataSchema) -> str:
    size = f"{meta.width}x{meta.height}" if meta.width and meta.height else "unknown size"
    return f"{meta.media_type} #{meta.asset_id} ({size})"
