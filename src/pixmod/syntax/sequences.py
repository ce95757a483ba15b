"""Inserting into comma-separated sequences (import names, list literals)
without disturbing their layout: one line or one item per line, trailing
comma or not, comments kept."""

from __future__ import annotations

from typing import Sequence, TypeVar

import libcst as cst

Item = TypeVar("Item", cst.ImportAlias, cst.Element)


def insert_item(
    items: Sequence[Item], position: int, new: Item, opening: cst.BaseParenthesizableWhitespace | None = None
) -> list[Item]:
    """``items`` with ``new`` inserted at ``position`` (0 to ``len(items)``).

    Inside the list the new item gets the separator used between items, so
    multi-line lists stay one item per line. Appended, it takes over whatever
    ended the list (a trailing comma, perhaps before a newline, or nothing)
    and the former last item gets the separator. ``opening`` is the
    whitespace after the opening bracket, used when the list had one item.
    """
    items = list(items)
    separator = _clean(_separator(items, opening))
    if position < len(items):
        return [*items[:position], new.with_changes(comma=separator), *items[position:]]
    last = items[-1]
    ending = last.comma
    if isinstance(ending, cst.Comma) and isinstance(ending.whitespace_after, cst.ParenthesizedWhitespace):
        # One item per line: the old last item keeps its own comment and
        # moves on to the next line; the new item ends the list as it ended.
        last_line = getattr(separator.whitespace_after, "last_line", ending.whitespace_after.last_line)
        kept = ending.with_changes(whitespace_after=ending.whitespace_after.with_changes(last_line=last_line))
        return [*items[:-1], last.with_changes(comma=kept), new.with_changes(comma=_clean(ending))]
    return [*items[:-1], last.with_changes(comma=separator), new.with_changes(comma=ending)]


def _clean(comma):
    """A comma without the comment or comment lines that followed it."""
    if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
        ws = comma.whitespace_after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
        return comma.with_changes(whitespace_after=ws)
    return comma


def _separator(items: Sequence[Item], opening) -> cst.Comma:
    for item in items[:-1]:
        if isinstance(item.comma, cst.Comma):
            return item.comma
    if isinstance(opening, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=opening)
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
