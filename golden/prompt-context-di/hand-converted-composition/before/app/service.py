from typing import Optional

from app.deps import CharacterInstanceService, CharacterNPCSyncService, LinkResolver, ScoreEngine


class PromptContextService:
    def __init__(
        self,
        db,
        instance_service: Optional[CharacterInstanceService] = None,
        sync_service: Optional[CharacterNPCSyncService] = None,
        stat_engine: Optional[ScoreEngine] = None,
    ):
        self.db = db
        self._instance_service = instance_service if instance_service is not None else CharacterInstanceService(db)
        self._sync_service = sync_service
        if self._sync_service is None:
            self._sync_service = CharacterNPCSyncService(db)
        self._stat_engine = stat_engine or ScoreEngine()
        # Built from the engine this service was given: composition, not a dependency.
        self.link_resolver = LinkResolver(db, self._stat_engine)
