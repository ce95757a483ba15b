"""Where a project starts and which package is the application.

* :func:`project_root`: for a PATH inside a package, like black and ruff,
  upward to the first folder holding ``pyproject.toml`` or ``.git``, so that
  a run from a subfolder sees the whole project: its module names, its
  areas, every caller of a target.
* :func:`application_package`: the package the report's targets live in,
  found by evidence rather than by size: the package holding
  ``shared/schemas``, the package of the startup module (the one defining
  ``setup_ecs_components``), the package of the module that builds the app
  or defines its lifespan. At any depth (``org/backend/main``), beside
  sibling packages and non-Python folders; tests are no evidence. Without
  any evidence: the largest top-level package, descended while it is a mere
  namespace holding a single subpackage.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from pixmod.evidence import Candidate, Choice, is_test_path
from pixmod.targets import ECS_SETUP, SCHEMAS_PACKAGE

if TYPE_CHECKING:
    from pixmod.project import Project

ROOT_MARKERS = ("pyproject.toml", ".git")
APP_CLASSES = frozenset({"FastAPI", "Flask", "Starlette", "Quart", "Sanic", "Litestar"})

# Points of each kind of evidence: shared/schemas names the package exactly;
# the startup module sits at its root; the app's module usually does.
SCHEMAS_POINTS, STARTUP_POINTS, APP_POINTS = 3, 2, 1


def project_root(path: Path) -> Path:
    """The folder to analyse for a run on ``path``.

    A folder inside a Python package (it holds ``__init__.py``) is only part
    of a project: its module names, areas and callers are the whole
    project's. The run then starts, like black and ruff, from the first
    folder at or above it holding ``pyproject.toml`` or ``.git``, or, when
    there is none, from the folder holding its top-level package. Any other
    folder (a repository, a ``src`` folder, a fixture tree inside another
    repository) is the tree itself."""
    path = path.resolve()
    if not (path / "__init__.py").is_file():
        return path
    for folder in (path, *path.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    top = path
    while (top / "__init__.py").is_file() and top.parent != top:
        top = top.parent
    return top


def application_package(project: "Project") -> tuple[str | None, Choice]:
    """The application package and the evidence for it (see module docstring)."""
    points: dict[str, list[tuple[int, str]]] = {}
    first_seen: dict[str, str] = {}

    def vote(package: str | None, rel: str, amount: int, why: str) -> None:
        if package and not is_test_path(rel):
            points.setdefault(package, []).append((amount, why))
            first_seen.setdefault(package, rel)

    for rel in project.files:
        name = project.module_name(rel) or ""
        if rel.endswith("/__init__.py") and name.endswith("." + SCHEMAS_PACKAGE):
            vote(name[: -len("." + SCHEMAS_PACKAGE)], rel, SCHEMAS_POINTS, f"holds shared/schemas ({rel.rpartition('/')[0]})")
    for rel in project.files_where(_defines, project.files_containing(f"def {ECS_SETUP}"), ECS_SETUP):
        vote(project.package_of(rel), rel, STARTUP_POINTS, f"its module {rel} defines {ECS_SETUP}")
    app_candidates = sorted({*project.files_containing("lifespan"), *(p for c in APP_CLASSES for p in project.files_containing(f"{c}("))})
    for rel in project.files_where(_builds_app, app_candidates):
        vote(project.package_of(rel), rel, APP_POINTS, f"its module {rel} builds the app or defines its lifespan")
    candidates = [
        Candidate(project.path_of_module(package) or first_seen[package], 1, package, package, tuple(evidence))
        for package, evidence in points.items()
    ]
    what = "the application package"
    if candidates:
        ranked = sorted(candidates, key=lambda c: (-c.score, -c.symbol.count("."), c.symbol))
        best = ranked[0]
        # Equal evidence: the deeper package (the more specific), then by name.
        rejected = tuple((c, f"less evidence ({c.score} vs {best.score}: {c.reasons()})") for c in ranked[1:])
        return best.symbol, Choice("", what, "package", best, rejected)
    guess = _largest_package(project)
    chosen = (
        Candidate(project.path_of_module(guess) or "", 1, guess, guess, ((0, "no target found: the largest top-level package"),))
        if guess else None
    )
    return guess, Choice("", what, "package", chosen)


def _parsed(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):  # unparsable: no evidence
        return None


def _defines(text: str, name: str) -> bool:
    """Whether the module defines the function ``name`` at its top level (a
    question of :meth:`Project.files_where`: answered once per file text)."""
    tree = _parsed(text)
    return tree is not None and any(
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name for node in tree.body
    )


def enclosing_function(text: str, line: int) -> str | None:
    """The name of the innermost function around ``line`` (None at module level
    or when the text does not parse)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= (node.end_lineno or 0):
            if found is None or node.lineno >= found.lineno:
                found = node
    return found.name if found else None


def builds_app(project: "Project", rel: str) -> bool:
    """A module-level ``lifespan`` function, or a module-level assignment
    building a web application object (``app = FastAPI(...)``); answered
    once per file text (undecodable: no)."""
    return bool(project.files_where(_builds_app, [rel]))


def _builds_app(text: str) -> bool:
    tree = _parsed(text)
    if tree is None:
        return False
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "lifespan":
            return True
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in APP_CLASSES:
                return True
    return False


def _largest_package(project: "Project") -> str | None:
    """The largest top-level package, descended while it is a mere namespace
    holding a single subpackage (tests not counted)."""
    tops: dict[str, int] = {}
    names = {rel: project.module_name(rel) for rel in project.files if not is_test_path(rel)}
    for rel, name in names.items():
        if name is not None and ("." in name or rel.endswith("__init__.py")):
            top = name.split(".")[0]
            tops[top] = tops.get(top, 0) + 1
    if not tops:
        return None
    best = max(sorted(tops), key=lambda t: tops[t])
    while True:
        children = {n.split(".")[best.count(".") + 1] for n in names.values() if n and n.startswith(best + ".")}
        init = project.path_of_module(best)
        namespace_only = init is None or not project.text(init).strip()
        if len(children) == 1 and namespace_only:
            child = f"{best}.{children.pop()}"
            child_init = project.path_of_module(child)
            if child_init and child_init.endswith("__init__.py"):
                best = child
                continue
        return best
