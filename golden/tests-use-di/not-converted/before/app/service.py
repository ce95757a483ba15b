class PromptContextService:
    def __init__(self, db, *, verbose=False):
        self.db = db
        self.verbose = verbose
