"""Finding definitions and call sites across a project, by syntax and by
qualified name (never by text alone: the text pre-filter only narrows which
files are parsed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

import libcst as cst
from libcst.metadata import FullyQualifiedNameProvider, PositionProvider

from pixmod.model import CodemodError, SkipCodemod
from pixmod.syntax.imports import absolute_module, bound_name

if TYPE_CHECKING:
    from pixmod.project import Project


@dataclass(frozen=True)
class Definition:
    """A top-level ``def``/``class`` and the file and module holding it."""

    path: str
    module_name: str
    node: cst.FunctionDef | cst.ClassDef


def top_level(module: cst.Module, name: str, kind=(cst.FunctionDef, cst.ClassDef)):
    """The top-level function or class ``name`` of ``module``, or None."""
    for stmt in module.body:
        if isinstance(stmt, kind) and stmt.name.value == name:
            return stmt
    return None


def find_definitions(project: "Project", name: str, kind=(cst.FunctionDef, cst.ClassDef)) -> list[Definition]:
    """Every top-level definition of ``name`` in the project."""
    keyword = "class" if kind is cst.ClassDef else "def"
    found = []
    for rel in project.files_containing(f"{keyword} {name}"):
        node = top_level(project.module(rel), name, kind)
        if node is not None:
            found.append(Definition(rel, project.module_name(rel) or rel, node))
    return found


def find_unique_definition(
    project: "Project", name: str, *, kind=(cst.FunctionDef, cst.ClassDef), pinned: str | None, option: str, codemod: str
) -> Definition:
    """The single definition of ``name`` (or the one in the ``pinned``
    module). None found: :class:`SkipCodemod`; several: :class:`CodemodError`
    naming them and the option that picks one."""
    found = find_definitions(project, name, kind)
    if pinned:
        found = [d for d in found if d.module_name == pinned]
        if not found:
            raise CodemodError(f"[tool.pixmod.{codemod}] {option} = '{pinned}' does not define {name}")
    if not found:
        raise SkipCodemod(f"no module defines {name}")
    if len(found) > 1:
        where = " and ".join(d.path for d in found)
        raise CodemodError(f"{name} is defined in both {where}; choose one with [tool.pixmod.{codemod}] {option}")
    return found[0]


@dataclass(frozen=True)
class CallSite:
    """A call whose callee resolves to a given qualified name."""

    path: str
    call: cst.Call
    line: int


def find_calls(project: "Project", qualified_name: str) -> list[CallSite]:
    """Every call of ``qualified_name`` (resolved through imports, aliases and
    relative imports), in file order."""
    short = qualified_name.rpartition(".")[2]
    sites = []
    for rel in project.files_containing(short):
        sites.extend(_calls_in(project, rel, qualified_name))
    return sites


def _calls_in(project: "Project", rel: str, qualified_name: str) -> Iterator[CallSite]:
    wrapper = project.metadata(rel)
    names = wrapper.resolve(FullyQualifiedNameProvider)
    positions = wrapper.resolve(PositionProvider)
    for node, qnames in names.items():
        if isinstance(node, cst.Call) and any(q.name == qualified_name for q in qnames):
            yield CallSite(rel, node, positions[node].start.line)


def module_binds(module: cst.Module, name: str) -> bool:
    """Whether ``name`` is bound at module level (def, class, assignment or
    import), i.e. whether ``from module import name`` works."""
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) and stmt.name.value == name:
            return True
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                    if any(bound_name(alias) == name for alias in small.names):
                        return True
                if isinstance(small, (cst.Assign, cst.AnnAssign)):
                    targets = small.targets if isinstance(small, cst.Assign) else [small]
                    if any(isinstance(t.target, cst.Name) and t.target.value == name for t in targets):
                        return True
    return False


def required_params(func: cst.FunctionDef) -> list[str]:
    """Names of the parameters a caller must pass."""
    params = func.params
    required = [p.name.value for p in (*params.posonly_params, *params.params) if p.default is None]
    required += [p.name.value for p in params.kwonly_params if p.default is None]
    return required


def definition_behind(project: "Project", package: str, name: str) -> tuple[str, cst.FunctionDef]:
    """The ``def`` that ``from <package> import <name>`` reaches: in the
    package's ``__init__`` itself or behind one of its ``from ... import``s."""
    init = project.path_of_module(package)
    module = project.module(init) if init else None
    found = top_level(module, name, cst.FunctionDef) if module else None
    if found is not None:
        return init, found
    for stmt in module.body if module else ():
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and module_binds(cst.Module([stmt]), name):
                target = absolute_module(small, package)
                path = project.path_of_module(target) if target else None
                func = top_level(project.module(path), name, cst.FunctionDef) if path else None
                if func is not None:
                    return path, func
    raise CodemodError(f"cannot find the definition of {package}.{name} in the tree")


def class_of_annotation(project: "Project", path: str, annotation: cst.BaseExpression | None) -> cst.ClassDef | None:
    """The project class an annotation in ``path`` names, resolved through
    that module's imports; None if it is not a class of this tree."""
    if annotation is None:
        return None
    qnames = project.metadata(path).resolve(FullyQualifiedNameProvider).get(annotation, set())
    for qname in qnames:
        module_name, _, cls = qname.name.rpartition(".")
        cls_path = project.path_of_module(module_name)
        found = top_level(project.module(cls_path), cls, cst.ClassDef) if cls_path else None
        if found is not None:
            return found
    return None


def reexported_names(project: "Project", module_name: str, name: str) -> set[str]:
    """Every qualified name under which ``module_name.name`` can be imported:
    itself plus its re-exports by the enclosing packages' ``__init__``."""
    names = {f"{module_name}.{name}"}
    package = module_name
    while "." in package:
        package = package.rpartition(".")[0]
        init = project.path_of_module(package)
        if init is None or name not in project.text(init):
            continue
        for stmt in project.module(init).body:
            for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                    source = absolute_module(small, package)
                    for alias in small.names:
                        if cst.Module([]).code_for_node(alias.name) == name and f"{source}.{name}" in names:
                            names.add(f"{package}.{bound_name(alias)}")
    return names
