"""Which NPC fields feed the prompt context, and where they go."""

from typing import List

from org.backend.main.services.prompt_context.mapping import FieldMapping

NPC_FIELD_MAPPING: List[FieldMapping] = [
    FieldMapping("name", "npc.name"),
    FieldMapping("personality.summary", "npc.personality"),
    FieldMapping("location.name", "npc.location"),
]


def get_npc_field_mapping() -> List[FieldMapping]:
    return list(NPC_FIELD_MAPPING)
