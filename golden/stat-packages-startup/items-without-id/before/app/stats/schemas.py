from dataclasses import dataclass


@dataclass
class StatPackage:
    name: str
