class Station:
    def __init__(self, port: str):
        self.port = port
        self.buffer = Buffer()

    def read(self) -> dict:
        return {"port": self.port}


class Buffer:
    pass
