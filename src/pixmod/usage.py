"""Who uses what: the areas of a package that import each public name of a
set of modules (the ``shared/schemas`` analysis).

An *area* is the first ``depth`` parts of a module's path under the
application package (``api/v1``, ``services/generation``). A name counts as
used by an area when a module of that area imports it or refers to it by a
qualified name (``from x import Name``, ``x.Name`` after ``import x``, or
through a package that re-exports it), resolved with LibCST's
scope analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pixmod.lazy import cst

from pixmod import prefilter
from pixmod.evidence import Candidate, Choice, choose, is_test_path, record
from pixmod.model import CodemodError
from pixmod.analysis import Analysis, FileView
from pixmod.parsing import ParseFailure
from pixmod.syntax.exports import exported_names
from pixmod.syntax.imports import absolute_module
from pixmod.syntax.locate import is_test_file
from pixmod.syntax.nodes import find_all
from pixmod.targets import SCHEMAS_PACKAGE

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
    root = areas_root(project, package)
    app = root + "." if root else ""
    references = usage_analysis(project, package, modules)
    for path, referenced in project.compute(references).items():
        if isinstance(referenced, Unparsable):  # only read, never edited: the run goes on without it
            project.warn(f"{referenced.reason}; its uses of {package} are not counted", path)
            continue
        area = "/".join(project.module_name(path)[len(app):].split(".")[:depth])
        for qualified in referenced:
            module, _, name = qualified.rpartition(".")
            key = (module, name) if qualified in wanted else reexported.get(qualified)
            if key is not None:
                usage.areas.setdefault(key, set()).add(area)
    return usage


def usage_analysis(project: "Project", package: str, modules: list[str]) -> Analysis:
    """The per-file analysis :func:`usage_of` reads: the names under
    ``package`` that each module of the application outside it refers to
    (tests excluded: a test using a schema makes it no one's contract)."""
    root = areas_root(project, package)
    app = root + "." if root else ""
    paths = [
        path for path in project.files_containing(package.rpartition(".")[2])
        if (project.module_name(path) or "").startswith(app) and not is_test_path(path)
        and not (project.module_name(path) or "").startswith(package + ".")
        and project.module_name(path) != package
        and not is_test_file(path)  # tests exercise the schemas; they are no area that uses them
    ]
    return Analysis(referenced_names, tuple(paths), (package, tuple(modules)))


@dataclass(frozen=True)
class Unparsable:
    """What :func:`referenced_names` returns for a file that does not parse."""

    reason: str


def referenced_names(view: FileView, package: str, modules: tuple[str, ...]) -> frozenset[str] | Unparsable:
    """Qualified names under ``package`` that a file imports or refers to
    (:class:`Unparsable` if it does not parse: the file is evidence only,
    its caller decides what to do without it).

    ``from <package>.mod import Name`` is read from the import itself; only
    a file that binds ``package`` or one of ``modules`` as a module object
    (and so may write ``mod.Name``) needs LibCST's qualified-name resolution.
    """
    parsed = prefilter.tree(view.text)
    if parsed is not None:
        names, imported_modules = prefilter.imported_names(parsed, view.package or "")
        module_objects = {package, *modules}
        if not (names | imported_modules) & module_objects and not any(m.startswith(package + ".") for m in imported_modules):
            return frozenset(n for n in names if n.startswith(package + "."))
    try:
        module = view.module()
    except ParseFailure as exc:
        return Unparsable(str(exc))
    found = set()
    for node in find_all(module, cst.Name, cst.Attribute, cst.ImportFrom):
        if not isinstance(node, cst.ImportFrom):
            found |= view.qualified_names(node)
        elif not isinstance(node.names, cst.ImportStar):
            source = absolute_module(node, view.package or "")
            found |= {f"{source}.{cst.Module([]).code_for_node(alias.name)}" for alias in node.names}
    return frozenset(n for n in found if n.startswith(package + "."))


def areas_root(project: "Project", package: str) -> str:
    """The package whose parts make the areas: the one holding ``shared/``
    (``org.backend.main`` for ``org.backend.main.shared.schemas``), wherever
    it sits in the repository; the application package for a schemas package
    named otherwise."""
    if package == SCHEMAS_PACKAGE or package.endswith("." + SCHEMAS_PACKAGE):
        return package[: -len("." + SCHEMAS_PACKAGE)]
    return project.package or ""


def schemas_package(project, pinned: str | None) -> str:
    """The ``shared/schemas`` package: ``pinned``, or the package named
    ``*.shared.schemas`` that the evidence picks (outside tests, inside the
    application package; skip when there is none, error on a tie)."""
    what = "the shared/schemas package"
    if pinned:
        path = project.path_of_module(pinned)
        if path is None or not path.endswith("__init__.py"):
            raise CodemodError(f"[tool.pixmod.schemas-barrel] schemas_package = '{pinned}' is not a package of the tree")
        record(Choice("schemas-barrel", what, "schemas_package", Candidate(path, 1, pinned, pinned), pinned=True))
        return pinned
    found = sorted({
        (name, p) for p in project.files if p.endswith("__init__.py")
        for name in [project.module_name(p)] if name and (name == SCHEMAS_PACKAGE or name.endswith("." + SCHEMAS_PACKAGE))
    })
    app = project.package or ""
    candidates = [
        Candidate(p, 1, name, name, ((1, f"inside the application package {app}"),) if app and name.startswith(app + ".") else ())
        for name, p in found
    ]
    return choose(
        candidates, codemod="schemas-barrel", what=what, option="schemas_package",
        none_found="no shared/schemas package",
    ).symbol


def schema_modules(project: "Project", package: str) -> list[str]:
    """The modules directly inside the schemas package (not subpackages)."""
    return sorted(
        name for name in (project.module_name(p) for p in project.files)
        if name and name.rpartition(".")[0] == package and not project.path_of_module(name).endswith("__init__.py")
    )
