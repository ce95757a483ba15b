"""Retries failed generations once."""

TOPIC = "generation.failed"
retried = []


def handle(payload) -> None:
    retried.append(payload)
