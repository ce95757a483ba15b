def create_stat_engine(name):
    return {"name": name}
