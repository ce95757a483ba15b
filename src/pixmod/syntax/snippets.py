"""Generated code, black-formatted where it will stand.

black formats a statement differently at different depths (the line length
counts the indentation), so a snippet is formatted wrapped in as many
``def`` levels as the place it goes to, then parsed back; its nodes then
carry the right continuation indentation for that place.
"""

from __future__ import annotations

import textwrap

from pixmod.lazy import cst

from pixmod.formatting import Style
from pixmod.syntax.nodes import find_all
from pixmod.syntax.sequences import insert_item

INDENT = "    "


def formatted_statements(style: Style, code: str, *, depth: int, quote: str = '"') -> list[cst.BaseStatement]:
    """``code`` (statements, unindented) formatted for a block ``depth``
    levels deep, as parsed statements."""
    wrapped = "".join(f"{INDENT * level}def _pixmod_{level}():\n" for level in range(depth))
    wrapped += textwrap.indent(code, INDENT * depth)
    node = cst.parse_module(style.format(wrapped, quote=quote)).body[0]
    for _ in range(depth - 1):
        node = node.body.body[0]
    return list(node.body.body)


def fits(style: Style, code: str, *, depth: int) -> bool:
    """Whether ``code`` (a statement as LibCST renders it, without its
    indentation) fits the line length when it stands ``depth`` levels deep:
    its first line is indented, its continuation lines carry their own."""
    lines = code.rstrip("\n").split("\n")
    return len(INDENT * depth + lines[0]) <= style.line_length and all(len(line) <= style.line_length for line in lines[1:])


def refitted(style: Style, stmt: cst.BaseStatement, *, depth: int, quote: str = '"') -> cst.BaseStatement:
    """``stmt``, an edited statement ``depth`` levels deep, black-formatted
    when it no longer fits its line or spans several (an argument appended
    to a multi-line call); kept as written when it holds a comment, which
    black could move away from what it describes."""
    code = cst.Module([]).code_for_node(stmt.with_changes(leading_lines=[]))
    if fits(style, code, depth=depth) and "\n" not in code.rstrip("\n") or find_all(stmt, cst.Comment):
        return stmt
    formatted = _formatted(style, code, depth, quote)
    return formatted[0].with_changes(leading_lines=stmt.leading_lines) if len(formatted) == 1 else stmt


def _formatted(style: Style, code: str, depth: int, quote: str = '"') -> list[cst.BaseStatement]:
    if depth == 0:
        return list(cst.parse_module(style.format(code, quote=quote)).body)
    return formatted_statements(style, code, depth=depth, quote=quote)


def with_params(style: Style, func: cst.FunctionDef, names: list[str], *, depth: int) -> cst.FunctionDef:
    """``func`` also taking the plain parameters ``names`` (after its
    positional ones), its header black-formatted only when it no longer fits."""
    params = func.params
    items = list(params.params)
    for name in names:
        items, _ = insert_item(items, len(items), cst.Param(cst.Name(name)), opening=func.whitespace_before_params)
    func = func.with_changes(params=params.with_changes(params=items))
    header = func.with_changes(body=cst.IndentedBlock([cst.SimpleStatementLine([cst.Pass()])]), decorators=[], leading_lines=[])
    code = cst.Module([]).code_for_node(header)
    if fits(style, code.rpartition("\n" + INDENT)[0], depth=depth):
        return func
    formatted = _formatted(style, code, depth)[0]
    return func.with_changes(
        params=formatted.params,
        whitespace_before_params=formatted.whitespace_before_params,
        whitespace_before_colon=formatted.whitespace_before_colon,
    )
