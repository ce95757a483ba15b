"""Asset endpoints."""

from org.backend.main.shared.schemas.asset_schemas import AssetMetadataSchema, describe_asset
from org.backend.main.shared.schemas.auth_schemas import TokenClaims


def asset_summary(claims: TokenClaims, meta: AssetMetadataSchema) -> dict:
    return {"user": claims.sub, "asset": describe_asset(meta)}
