"""PX001: a domain-specific type in ``shared/schemas``.

The report: "Don't add domain-specific types to shared/schemas". A public
name of a ``shared/schemas`` module used by a single area of the package is
domain-specific: it belongs in that domain. Same analysis as the
schemas-barrel codemod (pixmod.usage). Reported at the definition.
"""

from __future__ import annotations

import libcst as cst

from pixmod.model import CodemodError, SkipCodemod
from pixmod.rules.base import Rule
from pixmod.usage import schemas_package, schema_modules, usage_analysis, usage_of

ROUTES = "from app.shared.schemas.common import {names}\n"


def _tree(api: str, services: str) -> dict[str, str]:
    return {
        "app/__init__.py": "", "app/shared/__init__.py": "", "app/shared/schemas/__init__.py": "",
        "app/shared/schemas/common.py": "class Page:\n    pass\n\n\nclass GameOnly:\n    pass\n",
        "app/api/__init__.py": "", "app/api/v1/__init__.py": "", "app/api/v1/routes.py": ROUTES.format(names=api),
        "app/services/__init__.py": "", "app/services/x/__init__.py": "", "app/services/x/svc.py": ROUTES.format(names=services),
    }


class DomainSchemaInShared(Rule):
    code = "PX001"
    name = "domain-schema-in-shared"
    description = "A shared/schemas type used by a single area belongs in that area's domain."
    VALID = (_tree("Page, GameOnly", "Page, GameOnly"),)
    INVALID = (_tree("Page, GameOnly", "Page"),)

    def analyses(self, project):
        found = _schemas(project)
        return [usage_analysis(project, *found)] if found else []

    def check(self, project):
        found = _schemas(project)
        if found is None:
            return
        package, modules = found
        usage = usage_of(project, package, modules)
        for module in modules:
            path = project.path_of_module(module)
            starts = project.starts(path)
            for stmt in project.module(path).body:
                name = stmt.name.value if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)) else None
                areas = usage.areas_of(module, name) if name else set()
                if name in usage.defined.get(module, ()) and len(areas) == 1:
                    start = starts[stmt.name]
                    yield self.finding(path, start.line, start.column + 1,
                                       f"{name} is used only by {areas.pop()}: move it to that domain")


def _schemas(project) -> tuple[str, list[str]] | None:
    """The shared/schemas package and its modules (None: the tree has none)."""
    try:
        package = schemas_package(project, None)
    except (SkipCodemod, CodemodError):
        return None
    return package, schema_modules(project, package)
