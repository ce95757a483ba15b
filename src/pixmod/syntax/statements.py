"""Inserting statements into a block while keeping its blank-line rhythm."""

from __future__ import annotations

from typing import Sequence

from pixmod.lazy import cst


def blank_lines_before(stmt: cst.CSTNode) -> int:
    """How many blank lines (no comments) precede ``stmt``, counted from the
    line just above it."""
    count = 0
    for line in reversed(getattr(stmt, "leading_lines", ())):
        if line.comment is not None:
            break
        count += 1
    return count


def with_blank_lines(stmt: cst.CSTNode, count: int) -> cst.CSTNode:
    """``stmt`` with exactly ``count`` blank lines above it (comments kept)."""
    return stmt.with_changes(leading_lines=[cst.EmptyLine()] * count + [
        line for line in stmt.leading_lines if line.comment is not None
    ])


def insert_after(block, index: int, new: Sequence[cst.CSTNode]):
    """``block`` (a Module or IndentedBlock) with ``new`` statements inserted
    after its statement at ``index``."""
    body = list(block.body)
    return block.with_changes(body=[*body[: index + 1], *new, *body[index + 1 :]])


def insert_definition_after(module: cst.Module, anchor: cst.CSTNode, new: cst.CSTNode) -> cst.Module:
    """``module`` with the top-level ``new`` definition right after
    ``anchor``, separated by as many blank lines as the module puts after
    ``anchor`` today (two when it is the last statement)."""
    body = list(module.body)
    new = with_blank_lines(new, spacing_after(body, anchor, default=2))
    return insert_after(module, body.index(anchor), [new])


def spacing_after(body: Sequence[cst.CSTNode], anchor: cst.CSTNode, default: int) -> int:
    """The blank lines the block puts between ``anchor`` and what follows it
    (``default`` when it is the last statement)."""
    for index, stmt in enumerate(body):
        if stmt is anchor and index + 1 < len(body):
            return blank_lines_before(body[index + 1])
    return default


def remove_statement(block, stmt: cst.CSTNode):
    """``block`` without ``stmt`` (by identity); see :func:`remove_statements_at`."""
    return remove_statements_at(block, [list(block.body).index(stmt)])


def remove_statements_at(block, indices):
    """``block`` without the statements at ``indices``. A removed statement's
    blank and comment lines are kept, on the statement that follows when
    that one has none of its own."""
    body = list(block.body)
    doomed = set(indices)
    kept, carried = [], []
    for index, stmt in enumerate(body):
        if index in doomed:
            carried = carried or list(getattr(stmt, "leading_lines", ()))
            continue
        if carried and not stmt.leading_lines:
            stmt = stmt.with_changes(leading_lines=carried)
        carried = []
        kept.append(stmt)
    return block.with_changes(body=kept)
