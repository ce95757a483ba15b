"""Finding definitions and call sites across a project, by syntax and by
qualified name (never by text alone: the text pre-filter only narrows which
files are parsed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pixmod.lazy import cst

from pixmod import prefilter
from pixmod.evidence import Candidate, choose
from pixmod.model import CodemodError
from pixmod.syntax.imports import absolute_module, bound_name
from pixmod.syntax.nodes import named

if TYPE_CHECKING:
    from pixmod.project import Project


@dataclass(frozen=True)
class Definition:
    """A top-level ``def``/``class`` and the file and module holding it."""

    path: str
    module_name: str
    node: cst.FunctionDef | cst.ClassDef


def is_test_file(path: str) -> bool:
    """Whether ``path`` (relative, POSIX) belongs to a test suite:
    ``test_*.py``, ``*_test.py``, ``conftest.py`` or any file under a
    ``tests``/``test`` folder. Tests exercise the code the refactor changes;
    they are never its definitions, entry points or anchors (a test calling
    ``setup_ecs_components()`` is not the startup flow)."""
    name = path.rpartition("/")[2]
    if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
        return True
    inside = f"/{path}"  # asked of every file of the tree, often: no split
    return "/tests/" in inside or "/test/" in inside


def top_level(module: cst.Module, name: str, kind=None):
    """The top-level function or class ``name`` (or definition of ``kind``) of ``module``, or None."""
    kind = (cst.FunctionDef, cst.ClassDef) if kind is None else kind
    for stmt in module.body:
        if isinstance(stmt, kind) and stmt.name.value == name:
            return stmt
    return None


def find_definitions(project: "Project", name: str, kind: str | None = None) -> list[Definition]:
    """Every top-level definition of ``name`` in the project: a class
    (``kind="class"``), a function (``"def"``), or either. The kind is a word,
    not a LibCST class: a tree without the name is answered by its text
    alone, without importing LibCST."""
    found = []
    for rel in project.files_containing(f"{'class' if kind == 'class' else 'def'} {name}"):
        if is_test_file(rel):
            continue
        node = top_level(project.module(rel), name, _node_kind(kind))
        if node is not None:
            found.append(Definition(rel, project.module_name(rel) or rel, node))
    return found


def _node_kind(kind: str | None):
    """The LibCST node class(es) of a definition ``kind`` (see :func:`find_definitions`)."""
    return {"class": cst.ClassDef, "def": cst.FunctionDef}.get(kind or "", (cst.FunctionDef, cst.ClassDef))


def find_unique_definition(
    project: "Project", name: str, *, kind: str | None = None, pinned: str | None, option: str, codemod: str,
    what: str | None = None, pin_name: bool = False, as_list: bool = False,
) -> Definition:
    """The definition of ``name`` the evidence picks (see
    :mod:`pixmod.evidence`), or the one in the ``pinned`` module. Tests are
    never it; the one its package exports and the one inside the
    application package are preferred. The pin is the module's name, or
    ``module:Name`` with ``pin_name`` (then ``pinned`` is spelled so too).
    None found: :class:`SkipCodemod`; a tie: :class:`CodemodError` naming
    the candidates and the pin line."""
    candidates = [definition_candidate(project, d) for d in find_definitions(project, name, kind)]
    if pin_name:
        candidates = [replace(c, pin=c.symbol) for c in candidates]
    chosen = choose(
        candidates, codemod=codemod, what=what or f"the definition of {name}", option=option, pinned=pinned,
        none_found=f"no module defines {name}",
        pin_unknown=f"[tool.pixmod.{codemod}] {option} = '{pinned}' does not define {name}", as_list=as_list,
    )
    return chosen.item


def definition_candidate(project: "Project", found: Definition) -> Candidate:
    """A definition as a candidate, with what speaks for it: exported by its
    package's ``__init__``, inside the application package."""
    name = found.node.name.value
    evidence = []
    package = found.module_name.rpartition(".")[0]
    init = project.path_of_module(package) if package and not found.path.endswith("__init__.py") else None
    if init is not None and name in project.text(init) and module_binds(project.module(init), name):
        evidence.append((1, f"exported by {package}"))
    app = project.package
    if app and (found.module_name == app or found.module_name.startswith(app + ".")):
        evidence.append((1, f"inside the application package {app}"))
    line = project.starts(found.path)[found.node].line
    return Candidate(found.path, line, f"{found.module_name}:{name}", found.module_name, tuple(evidence), found)


@dataclass(frozen=True)
class CallSite:
    """A call whose callee resolves to a given qualified name."""

    path: str
    call: cst.Call
    line: int


def find_calls(project: "Project", *qualified_names: str) -> list[CallSite]:
    """Every call of one of ``qualified_names`` (resolved through imports,
    aliases and relative imports), in file order; calls in tests do not
    count (see :func:`is_test_file`)."""
    names = frozenset(qualified_names)
    sites = []
    for rel in files_naming(project, names):
        if is_test_file(rel):
            continue
        starts = project.starts(rel)
        sites += [CallSite(rel, call, starts[call].line) for call in calls_to(project.view(rel), names)]
    return sites


def files_naming(project: "Project", names: frozenset[str]) -> list[str]:
    """The files whose text holds the last part of one of the qualified
    ``names`` (the pre-filter for their calls)."""
    return sorted({p for name in names for p in project.files_containing(name.rpartition(".")[2])})


def files_calling(project: "Project", name: str, skip=frozenset()) -> list[str]:
    """The files that may call ``name`` (a class or function, under any
    alias), but those in ``skip``: the text and ``ast`` pre-filters only
    choose which files are worth resolving by qualified name."""
    candidates = [p for p in project.files_containing(name) if p not in skip]
    return project.files_where(prefilter.may_call, candidates, name)


def call_positions(view, names: frozenset[str]) -> list[tuple[int, int]]:
    """Per file (see pixmod.parallel): line and column (1-based) of each
    call of one of the qualified ``names``."""
    starts = view.starts()
    return [(starts[call].line, starts[call].column + 1) for call in calls_to(view, names)]


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


def definition_behind(project: "Project", module_name: str, name: str, kind=None) -> tuple[str, cst.CSTNode]:
    """The definition that ``from <module_name> import <name>`` reaches: in
    that module itself or behind its ``from ... import``s (re-exports)."""
    found = _definition_behind(project, module_name, name, cst.FunctionDef if kind is None else kind, depth=0)
    if found is None:
        raise CodemodError(f"cannot find the definition of {module_name}.{name} in the tree")
    return found


def _definition_behind(project, module_name: str, name: str, kind, depth: int):
    path = project.path_of_module(module_name)
    if path is None or depth > 10:
        return None
    module = project.module(path)
    found = top_level(module, name, kind)
    if found is not None:
        return path, found
    package = module_name if path.endswith("__init__.py") else module_name.rpartition(".")[0]
    for stmt in module.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    if bound_name(alias) == name and isinstance(alias.name, cst.Name):
                        source = absolute_module(small, package)
                        behind = _definition_behind(project, source, alias.name.value, kind, depth + 1) if source else None
                        if behind is not None:
                            return behind
    return None


def class_of_annotation(project: "Project", path: str, annotation: cst.BaseExpression | None) -> cst.ClassDef | None:
    """The project class an expression in ``path`` names (an annotation, a
    callee), resolved through imports and re-exports; None if it is not a
    class of this tree."""
    if annotation is None:
        return None
    return class_named(project, project.qualified_names(path, annotation))


def class_named(project: "Project", qualified_names) -> cst.ClassDef | None:
    """The project class one of ``qualified_names`` refers to, resolved
    through re-exports; None if none is a class of this tree."""
    for qname in sorted(qualified_names):
        module_name, _, leaf = qname.rpartition(".")
        found = _definition_behind(project, module_name, leaf, cst.ClassDef, depth=0)
        if found is not None:
            return found[1]
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


def is_dataclass(cls: cst.ClassDef) -> bool:
    """Whether ``cls`` is decorated with ``dataclass`` (any spelling)."""
    return any(named(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator, "dataclass") for d in cls.decorators)


def calls_to(view, names: frozenset[str]) -> list[cst.Call]:
    """The calls in a file (a :class:`~pixmod.parallel.FileView`) whose
    callee resolves to one of the qualified ``names`` (memoized on the view:
    a rule and a codemod often ask the same)."""
    key = ("calls_to", names)
    if key not in view.memo:
        calls = view.nodes().find_all(cst.Call)
        view.memo[key] = [
            call for call in calls if isinstance(call.func, (cst.Name, cst.Attribute)) and view.qualified_names(call.func) & names
        ]
    return view.memo[key]
