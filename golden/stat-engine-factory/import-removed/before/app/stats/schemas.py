from dataclasses import dataclass


@dataclass
class StatDefinition:
    id: str
