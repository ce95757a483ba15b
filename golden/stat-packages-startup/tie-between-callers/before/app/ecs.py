def register_core_components() -> int:
    return 3
