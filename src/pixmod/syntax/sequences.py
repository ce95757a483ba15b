"""Editing comma-separated sequences (import names, list literals) without
disturbing their layout: one line or one item per line, trailing comma or
not, and every comment staying next to the item it describes.

In LibCST the text between two items (the comma, a trailing ``# comment``,
comment lines, the next line's indent) belongs to the comma of the first. We
split it: the trailing comment stays with the item it follows; comment lines
and the indent lead on to whatever comes next.
"""

from __future__ import annotations

from typing import Sequence, TypeVar

from pixmod.lazy import cst

Item = TypeVar("Item", "cst.ImportAlias", "cst.Element")


def insert_item(items: Sequence[Item], position: int, new: Item, *, opening=None, closing=None):
    """``items`` with ``new`` inserted at ``position`` (0 to ``len(items)``).

    ``opening`` and ``closing`` are the whitespace after the opening bracket
    and before the closing one (None without brackets). Returns the new
    items and the new closing whitespace.
    """
    items = list(items)
    separator = _without_comments(_separator(items, opening))
    if position == 0:
        return [new.with_changes(comma=separator), *items], closing
    before = items[position - 1]
    comma = before.comma
    if position < len(items):
        moved = [before.with_changes(comma=_keep_trailing(comma)), new.with_changes(comma=_leads_on(comma))]
        return [*items[: position - 1], *moved, *items[position:]], closing
    if _multiline(comma):
        # Appended, one item per line, and the comma holds the line break.
        last_line = separator.whitespace_after.last_line if _multiline(separator) else None
        stays = _keep_trailing(comma, last_line=last_line)
        return [*items[:-1], before.with_changes(comma=stays), new.with_changes(comma=_leads_on(comma))], closing
    if isinstance(closing, cst.ParenthesizedWhitespace) and _multiline(separator):
        # Appended, one item per line, and the closing bracket holds the line
        # break: the last item's trailing comment stays with it.
        ws = separator.whitespace_after.with_changes(first_line=closing.first_line)
        stays = separator.with_changes(whitespace_before=_ws_before(comma), whitespace_after=ws)
        closing = closing.with_changes(first_line=cst.TrailingWhitespace())
        return [*items[:-1], before.with_changes(comma=stays), new.with_changes(comma=comma)], closing
    return [*items[:-1], before.with_changes(comma=separator), new.with_changes(comma=comma)], closing


def remove_item(items: Sequence[Item], position: int, *, closing=None):
    """``items`` without ``items[position]``; the list keeps its ending.
    Returns the new items and the new closing whitespace."""
    items = list(items)
    gone = items[position]
    if position < len(items) - 1 or position == 0:
        return items[:position] + items[position + 1 :], closing
    before = items[position - 1]
    if _multiline(gone.comma) and _multiline(before.comma):
        ending = before.comma.with_changes(
            whitespace_after=before.comma.whitespace_after.with_changes(
                empty_lines=gone.comma.whitespace_after.empty_lines,
                last_line=gone.comma.whitespace_after.last_line,
            )
        )
        return [*items[: position - 1], before.with_changes(comma=ending)], closing
    if _multiline(before.comma) and isinstance(closing, cst.ParenthesizedWhitespace):
        # The closing bracket holds the last line break: the item before now
        # ends the list, its trailing comment moves before the bracket.
        closing = closing.with_changes(first_line=before.comma.whitespace_after.first_line)
        ending = gone.comma if isinstance(gone.comma, cst.Comma) else cst.MaybeSentinel.DEFAULT
        if isinstance(ending, cst.Comma):
            ending = ending.with_changes(whitespace_after=cst.SimpleWhitespace(""))
        return [*items[: position - 1], before.with_changes(comma=ending)], closing
    return [*items[: position - 1], before.with_changes(comma=gone.comma)], closing


def _ws_before(comma):
    return comma.whitespace_before if isinstance(comma, cst.Comma) else cst.SimpleWhitespace("")


def _multiline(comma) -> bool:
    return isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)


def _keep_trailing(comma, last_line=None):
    """The part of ``comma`` that stays with its item: the trailing comment."""
    if not _multiline(comma):
        return comma
    ws = comma.whitespace_after.with_changes(empty_lines=[])
    if last_line is not None:
        ws = ws.with_changes(last_line=last_line)
    return comma.with_changes(whitespace_after=ws)


def _leads_on(comma):
    """The part of ``comma`` that leads to the next item: comment lines, indent."""
    if not _multiline(comma):
        return comma
    return comma.with_changes(whitespace_after=comma.whitespace_after.with_changes(first_line=cst.TrailingWhitespace()))


def _without_comments(comma):
    if not _multiline(comma):
        return comma
    ws = comma.whitespace_after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return comma.with_changes(whitespace_after=ws)


def _separator(items: Sequence[Item], opening) -> cst.Comma:
    for item in items[:-1]:
        if isinstance(item.comma, cst.Comma):
            return item.comma
    if isinstance(opening, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=opening)
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
