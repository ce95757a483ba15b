"""A module's logger and the way its calls are written.

Generated log lines follow the module: the module-level logger object (the
one the anchor function uses, if several), and its call style:

* ``structured``: ``logger.info("event_name", key=value)`` (structlog style);
* ``percent``: ``logger.info("message %s", value)`` (stdlib logging);
* ``fstring``: ``logger.info(f"message {value}")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Mapping

from pixmod.lazy import cst
from pixmod.syntax.nodes import find_all, is_name, only_statement, single_target

LEVELS = {"debug", "info", "warning", "warn", "error", "exception", "critical"}
# Keywords the stdlib logger accepts: they do not make a call structured.
STDLIB_KEYWORDS = {"exc_info", "stack_info", "stacklevel", "extra"}


@dataclass(frozen=True)
class LoggerStyle:
    name: str
    style: Literal["structured", "percent", "fstring"]

    def call(self, level: str, event: str, message: str, fields: Mapping[str, str], *, quote: str = '"') -> str:
        """Source of one log call. ``event`` is a string literal (structured
        style); ``message`` a template with ``{field}`` placeholders (the
        others); ``fields`` maps each field to its expression."""
        if self.style == "structured":
            args = [event, *(f"{key}={expr}" for key, expr in fields.items())]
        elif self.style == "fstring":
            text = re.sub(r"\{(\w+)\}", lambda mt: "{" + fields[mt.group(1)] + "}", message)
            args = [f"f{quote}{text}{quote}"]
        else:
            keys = re.findall(r"\{(\w+)\}", message)
            args = [quote + re.sub(r"\{\w+\}", "%s", message) + quote, *(fields[k] for k in keys)]
        return f"{self.name}.{level}({', '.join(args)})"


def find_logger(module: cst.Module, near: cst.CSTNode | None = None) -> LoggerStyle | None:
    """The module-level logger (preferring one used inside ``near``) and its
    call style, or None if the module has no logger."""
    candidates = []
    for stmt in module.body:
        assign = only_statement(stmt, cst.Assign)
        if assign is not None and is_name(single_target(assign)) and isinstance(assign.value, cst.Call):
            callee = cst.Module([]).code_for_node(assign.value.func).lower()
            if "log" in callee:
                candidates.append(assign.targets[0].target.value)
    if not candidates:
        return None
    name = candidates[0]
    if near is not None:
        used = {call.func.value.value for call in _log_calls(near, set(candidates))}
        name = next((c for c in candidates if c in used), name)
    return LoggerStyle(name, _style(list(_log_calls(module, {name}))))


def _log_calls(node: cst.CSTNode, names: set[str]):
    for call in find_all(node, cst.Call):
        func = call.func
        if isinstance(func, cst.Attribute) and is_name(func.value) and func.value.value in names and func.attr.value in LEVELS:
            yield call


def _style(calls: list[cst.Call]) -> str:
    for call in calls:
        if any(arg.keyword is not None and arg.keyword.value not in STDLIB_KEYWORDS for arg in call.args):
            return "structured"
        if any(arg.star == "**" for arg in call.args):
            return "structured"
    if calls and all(call.args and isinstance(call.args[0].value, cst.FormattedString) for call in calls):
        return "fstring"
    return "percent"


def log_calls(node: cst.CSTNode, logger: str) -> list[cst.Call]:
    """The calls of ``logger`` (``logger.info(...)``, any level) inside ``node``."""
    return list(_log_calls(node, {logger}))
