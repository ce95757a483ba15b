class CharacterInstanceService:
    def __init__(self, db):
        self.db = db


class CharacterNPCSyncService:
    def __init__(self, db):
        self.db = db


class ScoreEngine:
    pass


class LinkResolver:
    def __init__(self, db, engine):
        self.db = db
        self.engine = engine
