class Logger:
    def __init__(self):
        self.events = []

    def info(self, event, **fields):
        self.events.append(("info", event, fields))

    def error(self, event, **fields):
        self.events.append(("error", event, fields))


def get_logger(name):
    return Logger()
