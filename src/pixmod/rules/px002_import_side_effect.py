"""PX002: registration by import side effect.

The report: "Don't use side-effect imports for registration". A call at
module level, outside the startup module, that registers into a registry or
installs registration hooks (``register_*(...)``, ``setup_*_hooks(...)``,
``<registry>.register(...)``) runs whenever the module is first imported.
The startup module is the one defining ``setup_ecs_components`` (or named
``startup``); calls under ``if __name__ == "__main__":`` are not at import.
"""

from __future__ import annotations

import re

import libcst as cst

from pixmod.rules.base import Rule
from pixmod.syntax.nodes import find_all
from pixmod.targets import ECS_SETUP, STARTUP_MODULE

REGISTERING = re.compile(r"^(register(_\w+)?|setup_\w*hooks?)$")


def _is_registration(call: cst.Call) -> bool:
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    return bool(REGISTERING.match(name))


class RegistrationAtImport(Rule):
    code = "PX002"
    name = "registration-at-import"
    description = "Registration runs as a side effect of importing a module; call it from startup instead."
    VALID = (
        {"app/__init__.py": "", "app/stats.py": "def setup_hooks():\n    hooks.register('x', f)\n"},
        {"app/__init__.py": "", "app/startup.py": "from app import stats\n\nstats.setup_stat_hooks()\n"},
        {"app/__init__.py": "", "app/tool.py": "if __name__ == '__main__':\n    register_all()\n"},
    )
    INVALID = (
        {"app/__init__.py": "", "app/stats.py": "def setup_stat_package_hooks():\n    pass\n\n\nsetup_stat_package_hooks()\n"},
        {"app/__init__.py": "", "app/plugins.py": "from app.registry import registry\n\nregistry.register('name', object)\n"},
        {"app/__init__.py": "", "app/models.py": "register_core_components()\n"},
    )

    def analyses(self, project):
        candidates = sorted({*project.files_containing("(", "register"), *project.files_containing("(", "hook")})
        paths = [
            path for path in candidates
            if (project.module_name(path) or "").rpartition(".")[2] != STARTUP_MODULE
            and f"def {ECS_SETUP}" not in project.text(path)
        ]
        return [self.per_file(registrations, paths)]

    def check(self, project):
        return self.located_findings(project, lambda spelled: f"{spelled}() runs when the module is imported; call it from the startup sequence")


def registrations(view) -> list[tuple[int, int, str]]:
    """Per file (see pixmod.parallel): line, column (1-based) and callee of
    each registering call in a statement at module level."""
    calls = [
        call for stmt in view.module().body if isinstance(stmt, cst.SimpleStatementLine)
        # compound statements (if __name__ == ..., defs) do not run unconditionally at import
        for call in find_all(stmt, cst.Call) if _is_registration(call)
    ]
    if not calls:
        return []
    starts = view.starts()
    return [(starts[call].line, starts[call].column + 1, cst.Module([]).code_for_node(call.func)) for call in calls]
