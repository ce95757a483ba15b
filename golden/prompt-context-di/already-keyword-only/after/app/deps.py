class Database:
    pass


class Cache:
    def __init__(self, size: int = 8):
        self.size = size


class HttpClient:
    def __init__(self, base_url: str, db=None):
        self.base_url = base_url
        self.db = db


class _Registry:
    def __init__(self, *parts):
        self.parts = parts


def default_mapping():
    return {"a": 1}
