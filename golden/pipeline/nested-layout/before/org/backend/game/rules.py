"""Game rules, independent of the backend."""

MAX_PLAYERS = 8


def can_join(players: int) -> bool:
    return players < MAX_PLAYERS
