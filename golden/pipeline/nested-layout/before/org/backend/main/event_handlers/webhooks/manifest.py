"""Queues webhook deliveries for finished generations."""

TOPIC = "generation.completed"
outbox = []


def handle(payload) -> None:
    outbox.append(payload)
