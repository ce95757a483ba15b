import app.stats as st


def make_engine():
    return st.create_stat_engine()
