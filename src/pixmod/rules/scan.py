"""What the rules read from a file with the standard ``ast`` module.

Detection needs no concrete syntax tree: the rules parse with ``ast`` (C
speed, a fraction of a LibCST parse) once per file, shared by every rule
that looks at it in the same pass (:func:`syntax_tree`), and resolve names
through the file's imports (:func:`bindings`, :func:`qualified`).
"""

from __future__ import annotations

import ast
import sys
from typing import Iterator

from pixmod import prefilter

STDLIB = frozenset(sys.stdlib_module_names) | {"builtins", "__future__"}
TEST_FOLDERS = frozenset({"test", "tests", "testing"})


class Unparsable(Exception):
    """``ast`` cannot parse the file; the message says where and why."""


def syntax_tree(view) -> ast.Module:
    """The file's ``ast`` tree, parsed once per view (the rules checking the
    same file in one pass share it)."""
    parsed = view.memo.get("ast")
    if parsed is None:
        try:
            parsed = ast.parse(view.text)
        except SyntaxError as exc:
            raise Unparsable(f"{view.path}:{exc.lineno or 0}:{exc.offset or 0}: cannot parse: {exc.msg}") from None
        except ValueError as exc:  # a NUL byte
            raise Unparsable(f"{view.path}: cannot parse: {exc}") from None
        view.memo["ast"] = parsed
    return parsed


def is_test_module(path: str) -> bool:
    """A test module: ``test_*.py``, ``*_test.py``, ``conftest.py`` or a file
    under a ``test``, ``tests`` or ``testing`` folder."""
    *folders, name = path.split("/")
    return (
        name.startswith("test_") or name.endswith("_test.py") or name in ("conftest.py", "tests.py")
        or any(folder in TEST_FOLDERS for folder in folders)
    )


def is_main_guard(stmt: ast.stmt) -> bool:
    """``if __name__ == "__main__":``."""
    test = stmt.test if isinstance(stmt, ast.If) else None
    return (
        isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
        and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def is_script(path: str, tree: ast.Module) -> bool:
    """A module meant to run as ``__main__``: ``__main__.py``, or one with an
    ``if __name__ == "__main__":`` block at module level."""
    return path.rpartition("/")[2] == "__main__.py" or any(is_main_guard(stmt) for stmt in tree.body)


def bindings(tree: ast.Module, module: str, package: str) -> dict[str, str]:
    """What each name the module binds by import or by a module-level
    ``class``/``def`` refers to, as a qualified name. Imports anywhere in the
    file count (a function-level import binds the same name for the rule's
    purposes); a module-level definition wins over an import of the name."""
    names: dict[str, str] = {}
    for node in prefilter.statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.partition(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom):
            source = prefilter.absolute_import(node, package)
            for alias in node.names if source else ():
                if alias.name != "*":
                    names[alias.asname or alias.name] = f"{source}.{alias.name}"
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names[node.name] = f"{module}.{node.name}"
    return names


def dotted(expr: ast.expr) -> str | None:
    """``a.b.c`` as written, for a name or a chain of attributes on a name."""
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    return ".".join([expr.id, *reversed(parts)])


def qualified(expr: ast.expr, names: dict[str, str]) -> str | None:
    """The qualified name of a name or attribute chain whose first name the
    module binds (see :func:`bindings`); None for anything else (a local, a
    parameter, ``self.x``, a call's result)."""
    spelled = dotted(expr)
    if spelled is None:
        return None
    first, _, rest = spelled.partition(".")
    bound = names.get(first)
    if bound is None:
        return None
    return f"{bound}.{rest}" if rest else bound


def is_stdlib(qualified_name: str) -> bool:
    return qualified_name.partition(".")[0] in STDLIB


def calls(node: ast.AST) -> Iterator[ast.Call]:
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            yield child
