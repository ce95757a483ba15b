"""Cheap pre-filters with the standard ``ast`` module (C speed, about a
tenth of a LibCST parse without metadata).

They decide which files are worth a LibCST parse and qualified-name
resolution, never what to change: a file they keep is analysed fully, and
they keep every file they cannot read (a syntax ``ast`` does not know is
left for LibCST to judge).
"""

from __future__ import annotations

import ast
from typing import Iterator


def tree(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of ``body``, nested ones included (not expressions:
    an import is always a statement, and a file holds far more expression
    nodes than statements)."""
    for node in body:
        yield node
        for field in ("body", "orelse", "finalbody"):
            yield from statements(getattr(node, field, None) or [])
        for clause in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
            yield from statements(clause.body)


def may_call(text: str, name: str) -> bool:
    """Whether the file may call ``name``: a call of the name, of a name it
    is imported ``as``, or of an attribute with that name."""
    if f"{name}(" in text:  # spelled out like a call (maybe in a comment): worth parsing
        return True
    parsed = tree(text)
    if parsed is None:
        return True
    names = {name} | {
        alias.asname for node in statements(parsed.body) if isinstance(node, ast.ImportFrom)
        for alias in node.names if alias.name == name and alias.asname
    }
    for node in ast.walk(parsed):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id in names) or (isinstance(func, ast.Attribute) and func.attr == name):
                return True
    return False


def absolute_import(node: ast.ImportFrom, package: str) -> str | None:
    """The absolute module a ``from ... import`` reads (None if it climbs
    above the top-level package)."""
    if not node.level:
        return node.module
    parts = package.split(".") if package else []
    if node.level - 1 > len(parts) or (node.level - 1 == len(parts) and not node.module):
        return None
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else [])) or None


def imported_names(parsed: ast.Module, package: str) -> tuple[set[str], set[str]]:
    """Qualified names brought in by ``from X import y`` (``X.y``) anywhere
    in the module, and the modules bound by ``import X``."""
    names, modules = set(), set()
    for node in statements(parsed.body):
        if isinstance(node, ast.ImportFrom):
            source = absolute_import(node, package)
            if source:
                names |= {f"{source}.{alias.name}" for alias in node.names if alias.name != "*"}
        elif isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
    return names, modules
