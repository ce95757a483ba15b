from app.service import PromptContextService


def test_keeps_its_db(mock_db, mock_store):
    assert PromptContextService(mock_db).db is mock_db
