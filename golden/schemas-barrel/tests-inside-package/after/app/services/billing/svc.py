from app.shared.schemas.common import ErrorBody, Page


def fail(page: Page) -> ErrorBody:
    return ErrorBody(message=str(page.number))
