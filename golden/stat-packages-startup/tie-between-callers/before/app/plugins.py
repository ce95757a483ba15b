async def load_plugins(app) -> int:
    return 0
