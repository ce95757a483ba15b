from app.shared.schemas.common import ErrorBody, GameOnly, Page


def list_items(page: Page) -> ErrorBody:
    return ErrorBody(message=f"page {page.number} of {GameOnly(1)}")
