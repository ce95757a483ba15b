"""The stats package's registry of stat packages, as the tree defines it.

Shared by stat-packages-startup (which calls it at startup) and
checklist-tests (which tests that call): the package exporting
``register_core_stat_packages`` and ``list_stat_packages``, and how to read
package ids from what the listing returns, derived from its return
annotation (a list of objects with an ``id``, or a mapping keyed by id).
"""

from __future__ import annotations

from pixmod.lazy import cst

from pixmod import targets
from pixmod.model import CodemodError
from pixmod.syntax import locate
from pixmod.syntax.returns import class_has_attribute, return_shape

NEW = targets.STAT_PACKAGES_SETUP
REGISTER = targets.REGISTER_STAT_PACKAGES
LIST = targets.LIST_STAT_PACKAGES


class StatRegistry:
    """Where the stats package exports the registry and what it lists."""

    def __init__(self, package: str, ids_expr: str):
        self.package = package
        self.ids_expr = ids_expr


def find_registry(project, pinned: str | None, codemod: str) -> StatRegistry:
    """The package exporting the registry functions, and how to read the
    package ids from what its listing returns (``ids_expr``, over a variable
    ``packages``); CodemodError where either cannot be told. ``pinned``: the
    package named by the ``codemod``'s ``stats_package`` option."""
    defs = locate.find_definitions(project, REGISTER, "def")
    if pinned:
        defs = [d for d in defs if d.module_name == pinned or d.module_name.startswith(pinned + ".")]
    if not defs:
        raise CodemodError(f"no module defines {REGISTER}(); {NEW}() would have nothing to call")
    if len(defs) > 1:
        where = " and ".join(d.path for d in defs)
        raise CodemodError(f"{REGISTER} is defined in both {where}; choose with [tool.pixmod.{codemod}] stats_package")
    found = defs[0]
    package = pinned or (found.module_name if found.path.endswith("__init__.py") else found.module_name.rpartition(".")[0])
    init = project.path_of_module(package)
    missing = [n for n in (REGISTER, LIST) if init is None or not locate.module_binds(project.module(init), n)]
    if missing:
        raise CodemodError(f"{package} does not export {' or '.join(missing)}; {NEW}() would not run")
    list_path, list_def = locate.definition_behind(project, package, LIST)
    for path, func in ((found.path, found.node), (list_path, list_def)):
        if locate.required_params(func):
            raise CodemodError(f"{path}: {func.name.value}() takes required arguments; cannot call it without guessing them")
    return StatRegistry(package, _ids_expression(project, list_path, list_def))


def _ids_expression(project, path: str, func: cst.FunctionDef) -> str:
    shape = return_shape(func)
    line = project.starts(path)[func].line
    if shape is None:
        raise CodemodError(f"{path}:{line}: cannot tell whether {LIST}() returns a list or a mapping; annotate its return type")
    if shape.kind == "mapping":
        return "list(packages)"
    item = locate.class_of_annotation(project, path, shape.item)
    if item is None or not class_has_attribute(item, "id"):
        raise CodemodError(f"{path}:{line}: cannot tell how to read a package id from what {LIST}() returns; annotate it as List[<class with an 'id' attribute>]")
    return "[package.id for package in packages]"
