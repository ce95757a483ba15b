"""PX003: a service creates its own dependencies.

The report: "Don't create services that are hard to test due to internal
dependency creation". Uses the detector of the prompt-context-di codemod
(pixmod.dependencies): public classes built from constructor state in
``__init__`` or the no-argument helpers it calls. Reported at the creation.
"""

from __future__ import annotations

import ast
import re
from typing import Iterable

import libcst as cst

from pixmod.dependencies import candidates, is_public_class, method
from pixmod.rules.base import Rule


CREATION = re.compile(r"^\s+(?:self\.)?\w+\s*=\s*(?:\w+\.)*[A-Z]\w*\(", re.MULTILINE)
HELPER_CALL = re.compile(r"self\.(\w+)\(\)")


def _def_lines(text: str, names: Iterable[str]) -> list[int]:
    """Indexes of the lines that start (after indentation) ``def <name>(``."""
    found = []
    for name in names:
        needle = f"def {name}("
        at = text.find(needle)
        while at != -1:
            if not text[text.rfind("\n", 0, at) + 1:at].strip(" \t\f"):
                found.append(text.count("\n", 0, at))
            at = text.find(needle, at + 1)
    return sorted(found)


def _block(lines: list[str], headers: list[int]) -> list[str]:
    """The indented bodies of the ``def`` lines at ``headers``."""
    body: list[str] = []
    for index in headers:
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        for follow in lines[index + 1:]:
            if follow.strip() and len(follow) - len(follow.lstrip()) <= indent:
                break
            body.append(follow)
    return body


def _may_create_text(text: str) -> bool:
    """Text pre-filter: a line assigning a call of a CamelCase name inside an
    ``__init__``, or inside a ``self._helper()`` it calls."""
    inits = _def_lines(text, ["__init__"])
    if not inits:
        return False
    lines = text.split("\n")
    init = _block(lines, inits)
    helpers = {name for line in init for name in HELPER_CALL.findall(line)}
    bodies = init + _block(lines, _def_lines(text, helpers))
    return CREATION.search("\n".join(bodies)) is not None


def _may_create(text: str) -> bool:
    """ast pre-filter with the detector's shape: ``x = Cls(...)`` or
    ``self.x = Cls(...)`` (CamelCase callee) as a statement of ``__init__``
    or of a no-argument helper that ``__init__`` calls as ``self._h()``."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return True
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        init = methods.get("__init__")
        if init is None:
            continue
        helpers = [
            methods.get(stmt.value.func.attr) for stmt in init.body
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Attribute) and isinstance(stmt.value.func.value, ast.Name)
            and stmt.value.func.value.id == "self"
        ]
        for func in (init, *filter(None, helpers)):
            for stmt in func.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                    callee = stmt.value.func
                    name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                    if name[:1].isupper():
                        return True
    return False


class SelfBuiltDependencies(Rule):
    code = "PX003"
    name = "self-built-dependencies"
    description = "A class creates its collaborators in its constructor; accept them as optional keyword-only arguments."
    VALID = (
        {"app/__init__.py": "", "app/svc.py": "class Cache:\n    pass\n\n\nclass Service:\n    def __init__(self, *, cache=None):\n        self.cache = cache if cache is not None else Cache()\n"},
        {"app/__init__.py": "", "app/svc.py": "def make():\n    return 1\n\n\nclass Service:\n    def __init__(self):\n        self.value = make()\n"},
    )
    INVALID = (
        {"app/__init__.py": "", "app/svc.py": "class Cache:\n    pass\n\n\nclass Service:\n    def __init__(self):\n        self.cache = Cache()\n"},
        {"app/__init__.py": "", "app/svc.py": "class Client:\n    def __init__(self, db):\n        self.db = db\n\n\nclass Service:\n    def __init__(self, db):\n        self.db = db\n        self._setup()\n\n    def _setup(self):\n        client = Client(self.db)\n        self.clients = [client]\n"},
    )

    def analyses(self, project):
        paths = [
            p for p in project.files_containing("def __init__")
            if _may_create_text(project.text(p)) and _may_create(project.text(p))
        ]
        return [self.per_file(creations, paths)]

    def check(self, project):
        [analysis] = self.declared(project)
        for path, created in self.results(project, analysis).items():
            for class_name, callee, names, line, col in created:
                if is_public_class(project, callee, names):
                    yield self.finding(path, line, col, f"{class_name} creates its {callee} itself; accept it as an optional keyword-only argument")


def creations(view) -> list[tuple[str, str, frozenset[str], int, int]]:
    """Per file (see pixmod.parallel): what each class's constructor creates
    that may be a dependency: (class, callee as spelled, its qualified
    names, line, column)."""
    found = []
    for cls in view.module().body:
        init = method(cls, "__init__") if isinstance(cls, cst.ClassDef) else None
        for dep in candidates(view, cls, init) if init is not None else ():
            start = view.starts()[dep.call]
            found.append((cls.name.value, dep.cls, dep.names, start.line, start.column + 1))
    return found
