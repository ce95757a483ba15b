from app.shared.schemas.common import ErrorBody, Page


def fail(page: Page) -> ErrorBody:
    return ErrorBody(message=str(page.number))

from app.shared.schemas.common import _Cursor
from app.shared.schemas.views import Page as ViewPage, View
