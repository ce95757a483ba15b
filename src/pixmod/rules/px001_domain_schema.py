"""PX001: a domain-specific type in ``shared/schemas``.

The report: "Don't add domain-specific types to shared/schemas". A public
name of a ``shared/schemas`` module used by a single area of the package is
domain-specific: it belongs in that domain. Same analysis and same
settings as the schemas-barrel codemod (pixmod.usage; ``schemas_package``
and ``area_depth`` from ``[tool.pixmod.schemas-barrel]``). Reported at the
definition.
"""

from __future__ import annotations

from pixmod.lazy import cst

from pixmod.model import SkipCodemod
from pixmod.rules.base import Invalid, Rule
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
    INVALID = (
        Invalid(_tree("Page, GameOnly", "Page"), (("app/shared/schemas/common.py", 5, 7, "GameOnly is used only by api/v1: move it to that domain"),)),
    )
    codemod = "schemas-barrel"

    def analyses(self, project):
        found = self._schemas(project)
        return [usage_analysis(project, *found)] if found else []

    def check(self, project):
        found = self._schemas(project)
        if found is None:
            return
        package, modules = found
        usage = usage_of(project, package, modules, depth=self.shared_options["area_depth"])
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

    def _schemas(self, project) -> tuple[str, list[str]] | None:
        """The shared/schemas package (``schemas_package`` or found) and its
        modules; None: the tree has none. A pinned package that is not one
        is the codemod's error, reported as a warning."""
        try:
            package = schemas_package(project, self.shared_options["schemas_package"])
        except SkipCodemod:
            return None
        return package, schema_modules(project, package)
