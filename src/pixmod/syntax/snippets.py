"""Generated code, black-formatted where it will stand.

black formats a statement differently at different depths (the line length
counts the indentation), so a snippet is formatted wrapped in as many
``def`` levels as the place it goes to, then parsed back; its nodes then
carry the right continuation indentation for that place.
"""

from __future__ import annotations

import textwrap

import libcst as cst

from pixmod.formatting import Style

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
