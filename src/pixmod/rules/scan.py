"""What the rules read from a file with the standard ``ast`` module.

Detection needs no concrete syntax tree: the rules parse with ``ast`` (C
speed, a fraction of a LibCST parse) once per file, shared by every rule
that looks at it in the same pass (:func:`syntax_tree`), and resolve names
through the file's imports (:func:`bindings`, :func:`qualified`). A rule
that needs a few methods of a file parses only those and its imports
(:class:`Snippets`).
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import re
import sys
import textwrap
from typing import Iterable, Iterator

from pixmod import prefilter

STDLIB = frozenset(sys.stdlib_module_names) | {"builtins", "__future__"}
TEST_FOLDERS = frozenset({"test", "tests", "testing"})
IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import\b|import[ \t]+\w)", re.MULTILINE)
MODULE_NAME = re.compile(r"^(?:(?:async[ \t]+)?def[ \t]+(\w+)|class[ \t]+(\w+)|(\w+)[ \t]*(?::[^=\n]*)?=(?!=))", re.MULTILINE)
CLASS_LINE = re.compile(r"^([ \t]*)class[ \t]+(\w+)")


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


class Snippets:
    """What PX003 reads of a file: its imports, its module-level names, and
    the ``__init__`` (and helper) methods of its classes, each parsed alone
    with ``ast`` and placed back at their lines and columns."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")

    def imports(self) -> ast.Module:
        """The file's import statements (at any depth), as one module."""
        statements, index, counted = [], 0, 0
        for match in IMPORT_LINE.finditer(self.text):
            index += self.text.count("\n", counted, match.start())
            counted = match.start()
            statements.append(textwrap.dedent(self._statement(index)))
        try:  # all at once; one at a time if one of them is not an import after all
            return ast.parse("\n".join(statements))
        except SyntaxError:
            body = []
            for statement in statements:
                try:
                    body += ast.parse(statement).body
                except SyntaxError:
                    continue
            return ast.Module(body=body, type_ignores=[])

    def module_names(self) -> dict[str, str]:
        """Names bound at module level: ``def``, ``class`` (kind "def") and
        assignments (kind "assign")."""
        names = {}
        for match in MODULE_NAME.finditer(self.text):
            def_name, class_name, assigned = match.groups()
            names[def_name or class_name or assigned] = "assign" if assigned else "def"
        return names

    def _statement(self, index: int) -> str:
        """The logical line starting at line ``index`` (brackets and
        backslashes continue it)."""
        parts, depth = [], 0
        for line in self.lines[index:]:
            parts.append(line)
            depth += line.count("(") - line.count(")") + line.count("[") - line.count("]")
            if depth <= 0 and not line.rstrip().endswith("\\"):
                break
        return "\n".join(parts)

    def method(self, index: int) -> ast.FunctionDef | None:
        """The method whose ``def`` is line ``index``, parsed alone, with the
        lines and columns it has in the file."""
        line = self.lines[index]
        indent = len(line) - len(line.lstrip())
        end = index + 1
        depth = line.count("(") - line.count(")")
        while end < len(self.lines):
            follow = self.lines[end]
            if depth > 0:
                depth += follow.count("(") - follow.count(")")
            elif follow.strip() and len(follow) - len(follow.lstrip()) <= indent:
                break
            end += 1
        source = "\n".join(self.lines[index:end])
        try:
            parsed = ast.parse(textwrap.dedent(source))
        except SyntaxError:
            return None
        func = parsed.body[0] if parsed.body and isinstance(parsed.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if func is None:
            return None
        func.pixmod_place = (index, indent)  # where its lines and columns start in the file
        return func

    def class_of(self, index: int) -> tuple[str, int, int] | None:
        """The class whose body holds line ``index``: name, line and end."""
        indent = len(self.lines[index]) - len(self.lines[index].lstrip())
        for above in range(index - 1, -1, -1):
            line = self.lines[above]
            if not line.strip() or line.lstrip().startswith(("#", "@")):
                continue
            own = len(line) - len(line.lstrip())
            if own < indent:
                match = CLASS_LINE.match(line)
                if not match and line.lstrip().startswith(")"):  # the end of a header over several lines
                    header = next((j for j in range(above - 1, -1, -1) if CLASS_LINE.match(self.lines[j]) and len(self.lines[j]) - len(self.lines[j].lstrip()) == own), None)
                    match = CLASS_LINE.match(self.lines[header]) if header is not None else None
                    above = header if header is not None else above
                if not match:
                    return None
                end = index + 1
                while end < len(self.lines):
                    follow = self.lines[end]
                    if follow.strip() and not follow.lstrip().startswith("#") and len(follow) - len(follow.lstrip()) <= own:
                        break
                    end += 1
                return match.group(2), above, end
        return None


@functools.lru_cache(maxsize=64)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern:
    """One regular expression matching a whole name against any of
    ``patterns`` (fnmatch-style, case-sensitive); none matches nothing."""
    return re.compile("|".join(fnmatch.translate(p) for p in patterns) or r"(?!)")


def matches(name: str, patterns: Iterable[str]) -> bool:
    """Whether ``name`` matches one of the fnmatch-style ``patterns``
    (``session``, ``*_client``): a rule option's names as a user writes them."""
    return _any_of(tuple(patterns)).match(name) is not None


def names_class(qualified: str, patterns: Iterable[str]) -> bool:
    """Whether one of ``patterns`` names the class ``qualified``: a pattern
    with a dot matches the qualified name (``redis.Redis``,
    ``app.models.*``), one without a dot the class name alone (``*Client``,
    ``DeviceInfo``)."""
    patterns = tuple(patterns)
    dotted = tuple(p for p in patterns if "." in p)
    plain = tuple(p for p in patterns if "." not in p)
    return (bool(dotted) and matches(qualified, dotted)) or (bool(plain) and matches(qualified.rpartition(".")[2], plain))
