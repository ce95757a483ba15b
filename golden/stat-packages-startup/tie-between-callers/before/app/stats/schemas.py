from dataclasses import dataclass


@dataclass
class StatPackage:
    id: str
