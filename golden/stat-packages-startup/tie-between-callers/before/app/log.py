"""Structured logger stand-in."""


class Logger:
    def __init__(self, name):
        self.name = name
        self.events = []

    def info(self, event, **fields):
        self.events.append((event, fields))


def get_logger(name):
    return Logger(name)
