from app.deps import Database
from app.service import PromptContextService


def make() -> PromptContextService:
    return PromptContextService(Database(), "http://api")
