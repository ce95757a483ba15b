"""Who uses what: the areas of a package that import each public name of a
set of modules (the ``shared/schemas`` analysis).

An *area* is the first ``depth`` parts of a module's path under the
application package (``api/v1``, ``services/generation``). A name counts as
used by an area when a module of that area imports it or refers to it by a
qualified name (``from x import Name``, ``x.Name`` after ``import x``, or
through a package that re-exports it), resolved with LibCST's
``FullyQualifiedNameProvider``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
import libcst.matchers as m
from libcst.metadata import FullyQualifiedNameProvider

from pixmod.syntax.exports import exported_names
from pixmod.syntax.imports import absolute_module

if TYPE_CHECKING:
    from pixmod.project import Project


@dataclass
class Usage:
    """Public names of the inspected modules and the areas using each."""

    defined: dict[str, list[str]] = field(default_factory=dict)  # module -> names, in file order
    areas: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (module, name) -> areas

    def areas_of(self, module: str, name: str) -> set[str]:
        return self.areas.get((module, name), set())


def public_names(module: cst.Module) -> list[str]:
    """Names a module defines for others: its top-level classes, functions
    and assignments not starting with ``_``, limited to ``__all__`` when it
    has one. Names it merely imports (re-exports) are not its own."""
    names = []
    for stmt in module.body:
        if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)):
            names.append(stmt.name.value)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                targets = small.targets if isinstance(small, cst.Assign) else [small] if isinstance(small, cst.AnnAssign) else []
                names += [t.target.value for t in targets if isinstance(t.target, cst.Name)]
    names = [n for n in dict.fromkeys(names) if not n.startswith("_")]
    listed = exported_names(module)
    return [n for n in names if n in listed] if listed is not None else names


def usage_of(project: "Project", package: str, modules: list[str], *, depth: int = 2) -> Usage:
    """Which areas of the application package use the public names of
    ``modules`` (all inside ``package``, which may re-export them)."""
    usage = Usage(defined={mod: public_names(project.module(project.path_of_module(mod))) for mod in modules})
    owner = {name: mod for mod, names in usage.defined.items() for name in names}
    wanted = {f"{mod}.{name}" for mod, names in usage.defined.items() for name in names}
    reexported = {f"{package}.{name}": (mod, name) for name, mod in owner.items()}
    leaf = package.rpartition(".")[2]
    app = (project.package or "") + "."
    for path in project.files_containing(leaf):
        module_name = project.module_name(path) or ""
        if not module_name.startswith(app) or module_name == package or module_name.startswith(package + "."):
            continue  # outside the application, or the schemas package itself
        area = _area(module_name[len(app):], depth)
        for qualified in _referenced(project, path):
            key = (qualified.rpartition(".")[0], qualified.rpartition(".")[2]) if qualified in wanted else reexported.get(qualified)
            if key is not None:
                usage.areas.setdefault(key, set()).add(area)
    return usage


def _area(relative_module: str, depth: int) -> str:
    return "/".join(relative_module.split(".")[:depth])


def _referenced(project: "Project", path: str) -> set[str]:
    """Qualified names a module imports or refers to."""
    package = project.package_of(path) or ""
    found = set()
    module = project.module(path)
    for node in m.findall(module, m.ImportFrom()):
        if isinstance(node.names, cst.ImportStar):
            continue
        source = absolute_module(node, package)
        found |= {f"{source}.{cst.Module([]).code_for_node(alias.name)}" for alias in node.names}
    for qnames in project.metadata(path).resolve(FullyQualifiedNameProvider).values():
        found |= {q.name for q in qnames}
    return found
