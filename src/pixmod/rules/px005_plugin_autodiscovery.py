"""PX005: plugins discovered by scanning a directory.

The report: "Auto-discovery adds magic". A module that lists a directory
(``os.listdir``, ``os.scandir``, ``os.walk``, ``glob``, ``Path.iterdir`` /
``.glob``) and imports modules by computed name (``importlib.import_module``,
``__import__``), in one function or split across functions of the module.
Reported at the scanning function. A module that validates against an
explicit ``REGISTERED_*`` list (what the event-handler-registry codemod
writes) is not magic any more.
"""

from __future__ import annotations

import re

import libcst as cst

from pixmod.rules.base import Rule
from pixmod.syntax.nodes import find_all

SCAN_FUNCTIONS = {"os.listdir", "os.scandir", "os.walk", "glob.glob", "glob.iglob"}
SCAN_METHODS = {"iterdir", "glob", "rglob"}  # pathlib.Path methods, on any object
IMPORTERS = {"importlib.import_module", "builtins.__import__", "__import__"}
REGISTERED = re.compile(r"\bREGISTERED_[A-Z_]+\b")

SCAN = "import os\n\n\ndef discover(folder):\n    return [n for n in os.listdir(folder) if not n.startswith('_')]\n"
LOAD = "import importlib\n\n\ndef load(name):\n    return importlib.import_module(f'app.plugins.{name}')\n"


class PluginAutodiscovery(Rule):
    code = "PX005"
    name = "plugin-autodiscovery"
    description = "Plugins are found by scanning a directory and imported by computed name; list them explicitly."
    VALID = (
        {"app/__init__.py": "", "app/plugins.py": SCAN},
        {"app/__init__.py": "", "app/plugins.py": LOAD},
        {"app/__init__.py": "", "app/plugins.py": SCAN + "\n\n" + LOAD.replace("import importlib\n", "import importlib\nfrom app.registry import REGISTERED_PLUGINS\n")},
    )
    INVALID = (
        {"app/__init__.py": "", "app/plugins.py": SCAN + "\n\n" + LOAD},
        {"app/__init__.py": "", "app/plugins.py": "from pathlib import Path\nfrom importlib import import_module as load\n\n\ndef load_all(root: Path):\n    for child in root.iterdir():\n        load(child.name)\n"},
    )

    def analyses(self, project):
        candidates = [
            p for p in sorted({*project.files_containing("import_module"), *project.files_containing("__import__")})
            if not REGISTERED.search(project.text(p))
        ]
        return [self.per_file(scanning_functions, candidates)]

    def check(self, project):
        return self.located_findings(project, lambda name: f"{name}() discovers plugins by scanning a directory; keep an explicit list")


def scanning_functions(view) -> list[tuple[int, int, str]]:
    """Per file (see pixmod.parallel): line, column (1-based) and name of
    each function that scans a directory, in a module that also imports by
    computed name (else nothing)."""
    scanners, imports = [], False
    for func in find_all(view.module(), cst.FunctionDef):
        for call in find_all(func, cst.Call):
            names = view.qualified_names(call.func)
            attr = call.func.attr.value if isinstance(call.func, cst.Attribute) else None
            if names & SCAN_FUNCTIONS or (attr in SCAN_METHODS and not names & IMPORTERS):
                scanners.append(func)
            if names & IMPORTERS:
                imports = True
    if not imports:
        return []
    starts = view.starts()
    return [(starts[func.name].line, starts[func.name].column + 1, func.name.value) for func in dict.fromkeys(scanners)]
