"""PX005: plugins discovered by scanning a directory.

The report: "Auto-discovery adds magic". Code that lists a directory or a
package (``os.listdir``, ``os.scandir``, ``os.walk``, ``glob``,
``Path.iterdir`` / ``.glob`` / ``.rglob``, ``pkgutil.iter_modules`` /
``walk_packages``) and imports what it finds (``importlib.import_module``,
``__import__``, ``spec_from_file_location`` + ``exec_module``,
``load_module``, ``imp.load_source``) after the scan: in one function, or
through the functions of the module it calls, in the order they run
(``discover()`` scanning, then ``load()`` importing, both called by
``register_all()``); a module body doing both counts as one. Reported at
the scanning function (or the scan, at module level).

Not reported: a function that only scans (globbing data files, cleaning a
folder) beside imports elsewhere in the module; a scan after the import
(listing an imported package's folder to check it, or to word an error); a glob for files that are
not Python (``*.json``); a module that validates against an explicit
``REGISTERED_*`` list (what the event-handler-registry codemod writes); test
modules (a test loading every migration file to check it discovers nothing).
"""

from __future__ import annotations

import ast
import re

from pixmod.rules import scan
from pixmod.rules.base import Invalid, Rule

SCAN_FUNCTIONS = frozenset({"os.listdir", "os.scandir", "os.walk", "glob.glob", "glob.iglob", "pkgutil.iter_modules", "pkgutil.walk_packages"})
SCAN_METHODS = frozenset({"iterdir", "glob", "rglob"})  # pathlib.Path methods, on any object
IMPORT_FUNCTIONS = frozenset({
    "importlib.import_module", "builtins.__import__", "__import__", "importlib.util.spec_from_file_location",
    "importlib.machinery.SourceFileLoader", "imp.load_source", "imp.load_module",
})
IMPORT_METHODS = frozenset({"exec_module", "load_module"})
NEEDLES_IMPORT = ("import_module", "__import__", "spec_from_file_location", "exec_module", "load_module", "load_source", "SourceFileLoader")
NEEDLES_SCAN = ("listdir(", "scandir(", "walk(", "glob(", "iterdir(", "iter_modules(", "walk_packages(")
REGISTERED = re.compile(r"\bREGISTERED_[A-Z_]+\b")
MODULE = "<module>"

SCAN = "import os\n\n\ndef discover(folder):\n    return [n for n in os.listdir(folder) if not n.startswith('_')]\n"
LOAD = "import importlib\n\n\ndef load(name):\n    return importlib.import_module(f'app.plugins.{name}')\n"
BOTH = "\n\ndef load_all(folder):\n    for name in discover(folder):\n        load(name)\n"


def _message(name: str) -> str:
    if name == MODULE:
        return "the module discovers plugins by scanning a directory when imported; keep an explicit list"
    return f"{name}() discovers plugins by scanning a directory; keep an explicit list"


class PluginAutodiscovery(Rule):
    code = "PX005"
    name = "plugin-autodiscovery"
    description = "Plugins are found by scanning a directory and imported by computed name; list them explicitly."
    VALID = (
        {"app/__init__.py": "", "app/plugins.py": SCAN},
        {"app/__init__.py": "", "app/plugins.py": LOAD},
        {"app/__init__.py": "", "app/plugins.py": SCAN + "\n\n" + LOAD},  # nothing ties the scan to the import
        {"app/__init__.py": "", "app/plugins.py": SCAN + "\n\n" + LOAD.replace("import importlib\n", "import importlib\nfrom app.registry import REGISTERED_PLUGINS\n") + BOTH},
        {"app/__init__.py": "", "app/check.py": "import importlib\nimport os\n\n\ndef has_migrations(name):\n    module = importlib.import_module(name)\n    return any(f.endswith('.py') for f in os.listdir(os.path.dirname(module.__file__)))\n"},
        {"app/__init__.py": "", "app/cleanup.py": "import glob\nimport importlib\nimport os\n\n\ndef clean(folder):\n    for path in glob.glob(os.path.join(folder, '*.json')):\n        os.remove(path)\n    importlib.import_module('app.settings')\n"},
        # a test loading every migration file to check it, not plugin discovery
        {"app/__init__.py": "", "app/tests/__init__.py": "", "app/tests/test_migrations.py": "import importlib.util\nimport os\n\n\ndef test_all_tagged(folder):\n    for name in os.listdir(folder):\n        spec = importlib.util.spec_from_file_location(name, os.path.join(folder, name))\n        spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"},
    )
    INVALID = (
        Invalid(
            {"app/__init__.py": "", "app/plugins.py": SCAN + "\n\n" + LOAD + BOTH},
            (("app/plugins.py", 4, 5, _message("discover")),),
        ),
        Invalid(
            {"app/__init__.py": "", "app/plugins.py": "from pathlib import Path\nfrom importlib import import_module as load\n\n\ndef load_all(root: Path):\n    for child in root.iterdir():\n        load(child.name)\n"},
            (("app/plugins.py", 5, 5, _message("load_all")),),
        ),
        Invalid(
            {"app/__init__.py": "", "app/loader.py": "import glob\nimport importlib.util\n\n\ndef load_scripts(folder):\n    for path in glob.glob(folder + '/*.py'):\n        spec = importlib.util.spec_from_file_location('x', path)\n        module = importlib.util.module_from_spec(spec)\n        spec.loader.exec_module(module)\n"},
            (("app/loader.py", 5, 5, _message("load_scripts")),),
        ),
        Invalid(
            {"app/__init__.py": "", "app/plugins/__init__.py": "import importlib\nimport pkgutil\n\nfor info in pkgutil.iter_modules(__path__):\n    importlib.import_module(f'{__name__}.{info.name}')\n"},
            (("app/plugins/__init__.py", 4, 13, _message(MODULE)),),
        ),
    )

    def analyses(self, project):
        candidates = sorted({p for needle in NEEDLES_IMPORT for p in project.files_containing(needle) if not scan.is_test_module(p)})
        return [self.per_file(scanning_functions, project.files_where(_may_scan, candidates))]

    def check(self, project):
        return self.located_findings(project, _message)


def _may_scan(text: str) -> bool:
    """Text pre-filter (of files that import by computed name): a scan, and
    no explicit ``REGISTERED_*`` list."""
    return any(needle in text for needle in NEEDLES_SCAN) and not REGISTERED.search(text)


def scanning_functions(view) -> list[tuple[int, int, str]]:
    """Per file (see pixmod.parallel): line, column (1-based) and name of
    each function whose scan is followed by an import, in one function or in
    the functions of the module it calls, in the order they run;
    ``<module>`` and the scan's place for a module body that does both."""
    tree = scan.syntax_tree(view)
    names = scan.bindings(tree, view.module_name or view.path, view.package or "")
    units = {}  # name -> (def node or None, its calls in source order)
    for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        units.setdefault(func.name, (func, _ordered_calls(func.body)))
    body = [s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    units[MODULE] = (None, _ordered_calls(body))
    reported = {}
    for name in units:
        scanned = []  # the scans run so far, in this unit's order
        for kind, owner, call in _events(name, units, names, (name,)):
            if kind == "scan":
                scanned.append((owner, call))
            else:  # an import: after every scan before it
                for owner_name, scan_call in scanned:
                    reported.setdefault(owner_name, _place(units[owner_name][0], scan_call))
    return sorted((line, col, name) for name, (line, col) in reported.items())


def _place(node, scan_call: ast.Call) -> tuple[int, int]:
    """A function's name, or the scan itself at module level."""
    if node is None:
        return scan_call.lineno, scan_call.col_offset + 1
    return node.lineno, node.col_offset + 1 + len("def " if isinstance(node, ast.FunctionDef) else "async def ")


def _ordered_calls(body: list[ast.stmt]) -> list[ast.Call]:
    return sorted((c for stmt in body for c in scan.calls(stmt)), key=lambda c: (c.lineno, c.col_offset))


def _events(name: str, units: dict, names: dict[str, str], stack: tuple[str, ...]):
    """The scans and imports a unit runs, in source order, with those of the
    module's functions it calls spliced in at the call (no recursion)."""
    for call in units[name][1]:
        qualified = scan.qualified(call.func, names) or scan.dotted(call.func) or ""
        attr = call.func.attr if isinstance(call.func, ast.Attribute) else None
        if qualified in IMPORT_FUNCTIONS or attr in IMPORT_METHODS:
            yield "import", name, call
        elif (qualified in SCAN_FUNCTIONS or attr in SCAN_METHODS) and not _data_glob(call):
            yield "scan", name, call
        elif isinstance(call.func, ast.Name) and call.func.id in units and call.func.id not in stack:
            yield from _events(call.func.id, units, names, (*stack, call.func.id))


def _data_glob(call: ast.Call) -> bool:
    """A glob whose literal pattern names files that are not Python."""
    for arg in call.args:
        for node in ast.walk(arg):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "*" in node.value:
                suffix = node.value.rpartition("*")[2]
                return bool(suffix) and suffix not in (".py", "", "/") and not suffix.endswith(".py")
    return False
