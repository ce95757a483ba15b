"""Which folder a piece of code names: path expressions read statically.

Discovery code names the folder it scans in a few shapes: a literal
(``"app/event_handlers"``), a path built from ``__file__``
(``os.path.join(os.path.dirname(__file__), "..", "event_handlers")``,
``Path(__file__).parent.parent / "event_handlers"``, ``.parents[1]``), a
local or module constant holding one of those, or a parameter whose value
the caller passes. :func:`folder_of` reads these with stdlib ``ast`` into a
folder relative to the project root, or ``None`` when the code does not say
(anything computed at run time). Nothing is imported or run.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Mapping

PATH_CLASSES = frozenset({"Path", "PurePath", "PosixPath", "PurePosixPath"})
SAME_PATH = frozenset({"abspath", "realpath", "normpath", "resolve", "absolute", "expanduser", "fspath", "str"})
SCANNERS = frozenset({"listdir", "scandir", "iterdir", "glob", "rglob", "walk", "iglob"})


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def folder_of(expr: ast.expr, file_rel: str, env: Mapping[str, ast.expr]) -> str | None:
    """The project-relative path ``expr`` evaluates to in the file
    ``file_rel`` (``__file__`` is that file), with ``env`` giving the values
    of names; None when it cannot be told or lies outside the project."""
    path = _evaluate(expr, file_rel, env, 0)
    return _normal(path) if path is not None else None


def _evaluate(expr: ast.expr, file_rel: str, env: Mapping[str, ast.expr], depth: int) -> str | None:
    if depth > 20:
        return None
    again = lambda node: _evaluate(node, file_rel, env, depth + 1)  # noqa: E731
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return None if expr.value.startswith("/") else expr.value  # an absolute folder is not the project's
    if isinstance(expr, ast.Name):
        if expr.id == "__file__":
            return file_rel
        value = env.get(expr.id)
        return again(value) if value is not None else None
    if isinstance(expr, ast.Attribute) and expr.attr == "parent":
        inner = again(expr.value)
        return _dirname(inner) if inner is not None else None
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Attribute) and expr.value.attr == "parents":
        inner = again(expr.value.value)
        index = expr.slice
        if inner is None or not (isinstance(index, ast.Constant) and isinstance(index.value, int)):
            return None
        for _ in range(index.value + 1):
            inner = _dirname(inner)
        return inner
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return _join([again(expr.left), again(expr.right)])
    if isinstance(expr, ast.Call):
        called = _name(expr.func)
        args = expr.args
        if called == "dirname" and len(args) == 1:
            inner = again(args[0])
            return _dirname(inner) if inner is not None else None
        if called == "join" and args and not (isinstance(expr.func, ast.Attribute) and isinstance(expr.func.value, ast.Constant)):
            return _join([again(a) for a in args])  # os.path.join, not str.join
        if called == "joinpath" and isinstance(expr.func, ast.Attribute):
            return _join([again(expr.func.value), *(again(a) for a in args)])
        if called in PATH_CLASSES and args:
            return _join([again(a) for a in args])
        if called in SAME_PATH:
            if args:
                return again(args[0])
            if isinstance(expr.func, ast.Attribute):  # Path(...).resolve()
                return again(expr.func.value)
    return None


def _join(parts: list[str | None]) -> str | None:
    if not parts or any(p is None for p in parts):
        return None
    return posixpath.join(*parts)


def _dirname(path: str) -> str:
    normal = posixpath.normpath(path)
    if normal == "." or normal.startswith(".."):
        return posixpath.join(normal, "..")  # above the root: outside the project
    return posixpath.dirname(normal) or "."


def _normal(path: str) -> str | None:
    normal = posixpath.normpath(path) if path else "."
    return None if normal == ".." or normal.startswith("../") or normal.startswith("/") else normal


def scanned_expression(call: ast.Call) -> ast.expr | None:
    """The folder expression a scanning call reads: ``listdir(X)``,
    ``X.iterdir()``, ``X.glob(...)``, ``glob(join(X, "*", ...))``."""
    called = _name(call.func)
    if called not in SCANNERS:
        return None
    if called in ("iterdir", "rglob") or (called == "glob" and isinstance(call.func, ast.Attribute) and not _is_module(call.func.value)):
        return call.func.value if isinstance(call.func, ast.Attribute) else None
    if not call.args:
        return None
    first = call.args[0]
    if called in ("glob", "iglob"):
        return _before_wildcard(first)
    return first


def _is_module(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("glob", "os")


def _before_wildcard(pattern: ast.expr) -> ast.expr | None:
    """``join(X, "*", "manifest.py")`` -> ``X``; a literal ``"x/*/m.py"`` -> ``"x"``."""
    if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str):
        head = pattern.value.split("*")[0].rstrip("/")
        return ast.Constant(head)
    if isinstance(pattern, ast.Call) and _name(pattern.func) == "join":
        kept = []
        for arg in pattern.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "*" in arg.value:
                break
            kept.append(arg)
        return ast.Call(pattern.func, kept, []) if kept else None
    return None


def local_values(func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Module) -> dict[str, ast.expr]:
    """Names assigned exactly once (``name = expr``) in a function or at a
    module's top level: their values, for :func:`folder_of`."""
    counts: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    nodes = ast.walk(func) if not isinstance(func, ast.Module) else iter(func.body)
    for node in nodes:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For)) else []
        for target in targets:
            if isinstance(target, ast.Name):
                counts[target.id] = counts.get(target.id, 0) + 1
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    values[target.id] = node.value
    return {name: value for name, value in values.items() if counts[name] == 1}
