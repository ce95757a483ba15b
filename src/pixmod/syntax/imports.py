"""Import placement: naming a module from another one, and adding a name to
an existing ``from ... import`` statement in its own layout."""

from __future__ import annotations

import libcst as cst

from pixmod.syntax.sequences import insert_item, remove_item


def import_module_text(node: cst.ImportFrom) -> str:
    """``from <this> import ...`` as written, dots included."""
    dots = "." * len(node.relative)
    module = cst.Module([]).code_for_node(node.module) if node.module is not None else ""
    return dots + module


def relative_module(from_package: str, target: str) -> str | None:
    """``target`` written relative to ``from_package`` (``.domain.stats``),
    or None when they share no top-level package."""
    here, there = from_package.split("."), target.split(".")
    if here[0] != there[0]:
        return None
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    dots = "." * (len(here) - common + 1)
    return dots + ".".join(there[common:])


def alias_index(node: cst.ImportFrom, name: str) -> int | None:
    """Position of the imported ``name`` (as imported, before any ``as``)."""
    if isinstance(node.names, cst.ImportStar):
        return None
    for index, alias in enumerate(node.names):
        if isinstance(alias.name, cst.Name) and alias.name.value == name:
            return index
    return None


def add_name(node: cst.ImportFrom, name: str, *, after: str) -> cst.ImportFrom:
    """``node`` also importing ``name``: in sorted position when the names
    are sorted (as isort leaves them), else right after ``after``."""
    if alias_index(node, name) is not None or isinstance(node.names, cst.ImportStar):
        return node
    imported = [cst.Module([]).code_for_node(alias.name) for alias in node.names]
    if imported == sorted(imported, key=str.lower):
        position = sum(1 for existing in imported if existing.lower() < name.lower())
    else:
        index = alias_index(node, after)
        if index is None:
            raise ValueError(f"{after} is not imported by this statement")
        position = index + 1
    names, closing = insert_item(
        node.names, position, cst.ImportAlias(name=cst.Name(name)), opening=_opening(node), closing=_closing(node)
    )
    return _with_closing(node.with_changes(names=names), closing)


def remove_name(node: cst.ImportFrom, name: str) -> cst.ImportFrom | None:
    """``node`` without the imported ``name`` (None when nothing is left)."""
    index = alias_index(node, name)
    if index is None:
        return node
    if len(node.names) == 1:
        return None
    names, closing = remove_item(node.names, index, closing=_closing(node))
    return _with_closing(node.with_changes(names=names), closing)


def _opening(node: cst.ImportFrom):
    return node.lpar.whitespace_after if node.lpar is not None else None


def _closing(node: cst.ImportFrom):
    return node.rpar.whitespace_before if node.rpar is not None else None


def _with_closing(node: cst.ImportFrom, closing) -> cst.ImportFrom:
    if node.rpar is None or closing is None:
        return node
    return node.with_changes(rpar=node.rpar.with_changes(whitespace_before=closing))
