from app.shared.schemas.common import GameOnly, page_size


def test_game_only():
    assert GameOnly(1).world_id == 1 and page_size() == 50
