"""NPC endpoints."""

from org.backend.main.services.characters.prompt_context_service import PromptContextService


def get_prompt_context_service(db) -> PromptContextService:
    return PromptContextService(db)


async def npc_prompt_context(npc_id: int, db) -> dict:
    context = await get_prompt_context_service(db).get_npc_prompt_context(npc_id)
    return {"npc_id": context.npc_id, "name": context.name, "stats": context.stats}
