"""Counts finished generations."""

TOPIC = "generation.completed"
counts = {"completed": 0}


def handle(payload) -> None:
    counts["completed"] += 1
