class OtherService:
    pass
