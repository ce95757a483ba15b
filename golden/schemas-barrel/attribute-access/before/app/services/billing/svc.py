from app.shared.schemas import common


def fail(page: "common.Page") -> "common.ErrorBody":
    return common.ErrorBody(message=str(page.number))
