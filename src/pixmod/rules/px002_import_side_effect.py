"""PX002: registration by import side effect.

The report: "Don't use side-effect imports for registration". A call that
runs unconditionally when the module is imported (a module-level statement,
or one in a module-level ``try``) and registers into a registry or installs
registration hooks: ``register(...)``, ``register_*(...)``,
``<registry>.register(...)``, ``setup_*_hooks(...)``.

Not reported:

* the startup module (the one defining ``setup_ecs_components`` or named
  ``startup``): calling registrations is its job;
* decorator equivalents, which read as the decorator form that is not
  reported either: ``register_x(Model, 'trace')(View)``, and
  ``Field.register_lookup(Lookup)`` (a class's registering method) with
  ``Lookup`` defined in the module;
* URL routing: ``router.register(...)`` on a ``*Router()`` or on a router
  whose ``.urls`` feed ``urlpatterns``;
* hooks of the standard library (``atexit.register``, ``codecs.register``,
  ``abc.ABC.register``): the interpreter's, not the application's registries;
* test and conftest modules, and scripts (``__main__.py`` or a module with
  an ``if __name__ == "__main__":`` block), which are run, not imported.
"""

from __future__ import annotations

import ast
import bisect
import re

from pixmod.rules import scan
from pixmod.rules.base import Invalid, Rule
from pixmod.targets import ECS_SETUP, STARTUP_MODULE

REGISTERING = re.compile(r"^(register(_\w+)?|setup_\w*hooks?)$")
MESSAGE = "{}() runs when the module is imported; call it from the startup sequence"


class RegistrationAtImport(Rule):
    code = "PX002"
    name = "registration-at-import"
    description = "Registration runs as a side effect of importing a module; call it from startup instead."
    VALID = (
        {"app/__init__.py": "", "app/stats.py": "def setup_hooks():\n    hooks.register('x', f)\n"},
        {"app/__init__.py": "", "app/startup.py": "from app import stats\n\nstats.setup_stat_hooks()\n"},
        {"app/__init__.py": "", "app/tool.py": "register_commands()\n\nif __name__ == '__main__':\n    main()\n"},
        {"app/__init__.py": "", "app/admin.py": "from app.registry import register_x\n\n\nclass View:\n    pass\n\n\nregister_x(Model, 'trace')(View)\n"},
        {"app/__init__.py": "", "app/urls.py": "from rest_framework import routers\n\nrouter = routers.DefaultRouter()\nrouter.register('users', UserViewSet)\nurlpatterns = router.urls\n"},
        {"app/__init__.py": "", "app/urls.py": "api = make_api()\napi.register('users', UserViewSet)\nurlpatterns = [path('', include(api.urls))]\n"},
        {"app/__init__.py": "", "app/conftest.py": "import pytest\n\npytest.register_assert_rewrite('app.helpers')\n"},
        {"app/__init__.py": "", "app/lookups.py": "class Lower:\n    pass\n\n\nCharField.register_lookup(Lower)\n"},
        {"app/__init__.py": "", "app/exit.py": "import atexit\n\natexit.register(print)\n"},
    )
    INVALID = (
        Invalid(
            {"app/__init__.py": "", "app/stats.py": "def setup_stat_package_hooks():\n    pass\n\n\nsetup_stat_package_hooks()\n"},
            (("app/stats.py", 5, 1, MESSAGE.format("setup_stat_package_hooks")),),
        ),
        Invalid(
            {"app/__init__.py": "", "app/plugins.py": "from app.registry import registry\n\nregistry.register('name', object)\n"},
            (("app/plugins.py", 3, 1, MESSAGE.format("registry.register")),),
        ),
        Invalid(
            {"app/__init__.py": "", "app/models.py": "try:\n    register_core_components()\nexcept ImportError:\n    pass\nhandlers = register_handlers(x)\n"},
            (("app/models.py", 2, 5, MESSAGE.format("register_core_components")), ("app/models.py", 5, 12, MESSAGE.format("register_handlers"))),
        ),
        Invalid(
            {"app/__init__.py": "", "app/loggers.py": "def default_log(ctx):\n    pass\n\n\nregister_pre_exec_callback(default_log)\n"},
            (("app/loggers.py", 5, 1, MESSAGE.format("register_pre_exec_callback")),),
        ),
    )

    def analyses(self, project):
        candidates = sorted({*project.files_containing("register"), *project.files_containing("hook")})
        startup = set(project.files_containing(f"def {ECS_SETUP}"))
        paths = [
            path for path in candidates
            if not scan.is_test_module(path) and path not in startup
            and (project.module_name(path) or "").rpartition(".")[2] != STARTUP_MODULE
        ]
        return [self.per_file(registrations, project.files_where(_may_register, paths))]

    def check(self, project):
        return self.located_findings(project, MESSAGE.format)


# A line calling a registering name first thing (maybe assigning the result).
_CALLED = re.compile(r"[ \t]*(?:\w[\w.]*[ \t]*=[ \t]*)?[\w.]*\b(?:register\w*|setup_\w*hooks?)[ \t]*\(")
# A line at column 0 starting a statement (not a comment, not the closing
# bracket of a multi-line one), and the statements that, starting one, make
# the indented lines below them run later or not at all.
_TOP_LINE = re.compile(r"\n(?=[^\s#)\]}])")
_DEFERRED = re.compile(r"(?:async|class|def|elif|else|except|finally|for|if|while|with)\b|@|match\b.*:[ \t]*(?:#.*)?$")


def _may_register(text: str) -> bool:
    """Text pre-filter: a line that may be a registering call run at import:
    at column 0, or indented under a line at column 0 that does not start
    a definition or a block other than ``try`` (a continuation line of a
    module-level statement counts)."""
    tops: list[int] | None = None
    for needle in ("register", "hook"):
        at = text.find(needle)
        while at != -1:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            if _CALLED.match(text, start, end):
                if text[start] not in " \t\f":
                    return True
                if tops is None:
                    first = [0] if text[:1] not in ("", " ", "\t", "\f", "#", "\n", ")", "]", "}") else []
                    tops = first + [m.start() + 1 for m in _TOP_LINE.finditer(text)]
                index = bisect.bisect_right(tops, start) - 1
                if index < 0:
                    return True  # nothing at column 0 above: cannot tell
                header_end = text.find("\n", tops[index])
                if not _DEFERRED.match(text, tops[index], len(text) if header_end == -1 else header_end):
                    return True
            at = text.find(needle, end)
    return False


def registrations(view) -> list[tuple[int, int, str]]:
    """Per file (see pixmod.parallel): line, column (1-based) and callee of
    each registering call that runs when the module is imported."""
    tree = scan.syntax_tree(view)
    if scan.is_script(view.path, tree):
        return []
    names = scan.bindings(tree, view.module_name or view.path, view.package or "")
    defined = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))}
    routers = _routers(tree)
    found = []
    for stmt in _at_import(tree.body):
        curried = {id(c.func) for c in scan.calls(stmt) if isinstance(c.func, ast.Call)}
        for call in scan.calls(stmt):
            spelled = scan.dotted(call.func)
            if spelled is None or not REGISTERING.match(spelled.rpartition(".")[2]) or id(call) in curried:
                continue
            qualified = scan.qualified(call.func, names)
            receiver = spelled.rpartition(".")[0].partition(".")[0]
            if (qualified and scan.is_stdlib(qualified)) or receiver in routers or _registers_definition(call, defined):
                continue
            found.append((call.lineno, call.col_offset + 1, spelled))
    return found


def _at_import(body: list[ast.stmt]):
    """The module's statements that run unconditionally at import: simple
    statements, and those of module-level ``try`` blocks."""
    for stmt in body:
        if isinstance(stmt, ast.Try):
            yield from _at_import(stmt.body)
        elif not isinstance(stmt, (ast.If, ast.For, ast.While, ast.With, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match, ast.AsyncWith, ast.AsyncFor)):
            yield stmt


def _registers_definition(call: ast.Call, defined: set[str]) -> bool:
    """``Owner.register_x(Cls)`` with ``Owner`` a class and ``Cls`` a class or
    function of the module: the call form of a class's registering
    decorator (``@Field.register_lookup``, ``@ABC.register``). A plain
    function given one (``register_callback(fn)``) may return nothing and
    have no decorator form: it is reported."""
    receiver = scan.dotted(call.func.value) if isinstance(call.func, ast.Attribute) else None
    return (
        receiver is not None and receiver.rpartition(".")[2][:1].isupper()
        and len(call.args) == 1 and not call.keywords and isinstance(call.args[0], ast.Name)
        and call.args[0].id in defined
    )


def _routers(tree: ast.Module) -> set[str]:
    """Module-level names bound to a ``*Router(...)``, or whose ``.urls``
    feed ``urlpatterns``: URL configuration, not registries."""
    routers = set()
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else getattr(stmt, "target", None)
        if not isinstance(target, ast.Name) or getattr(stmt, "value", None) is None:
            continue
        value = stmt.value
        if isinstance(value, ast.Call) and (scan.dotted(value.func) or "").endswith("Router"):
            routers.add(target.id)
        if target.id == "urlpatterns":
            routers |= {
                node.value.id for node in ast.walk(value)
                if isinstance(node, ast.Attribute) and node.attr == "urls" and isinstance(node.value, ast.Name)
            }
    for stmt in tree.body:  # urlpatterns += router.urls
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == "urlpatterns":
            routers |= {n.value.id for n in ast.walk(stmt.value) if isinstance(n, ast.Attribute) and n.attr == "urls" and isinstance(n.value, ast.Name)}
    return routers
