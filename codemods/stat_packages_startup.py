"""stat-packages-startup: register the core stat packages explicitly at startup.

The report (section 4, "Stats Package Registry", and Phase 2) finds stat
packages registered as a side effect of importing the stats package. This
codemod makes the step explicit:

* adds ``setup_stat_packages() -> int`` to the startup module (the module that
  defines ``setup_ecs_components``), right after that function, in the
  module's own style: imports inside the function if its neighbours do so
  (relative or absolute as they are), the module's logger and its call style
  (structured ``logger.info("event", key=value)``, ``%``-format or f-string).
  The function registers the core packages, logs their count and ids and
  returns the count. How ids and count are read is derived from what the
  registry's ``list_stat_packages`` returns: a list of objects with an ``id``
  attribute, or a mapping keyed by id.
* calls it from the module that calls ``setup_ecs_components()``, right after
  that call (assigned to ``stat_packages_count`` when the ECS result is
  assigned, a bare call otherwise), reusing how that call is spelled
  (``startup.setup_...()`` or an imported name, whose import statement gets
  the new name).

Refuses (error, nothing written): ``setup_ecs_components`` defined or called
in more than one place (pin with ``startup_module`` / ``main_module``); the
ECS call running after ``setup_plugins()``, or not a statement of its own; a
stats package that does not export ``register_core_stat_packages`` and
``list_stat_packages``, or whose listing shape cannot be told.
Skipped: no ``setup_ecs_components`` defined or called.
Already applied: the function exists and is called.
"""

from __future__ import annotations


from pixmod.lazy import cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.evidence import Candidate, choose, is_test_path
from pixmod.layout import builds_app, enclosing_function
from pixmod.formatting import preferred_quote
from pixmod.model import CodemodError, FileChange, Outcome
from pixmod.stat_registry import StatRegistry, find_registry
from pixmod.syntax import locate
from pixmod.syntax.edit import apply_edits
from pixmod.syntax.imports import add_name, relative_module
from pixmod.syntax.logging_style import LoggerStyle, find_logger
from pixmod.syntax.statements import insert_after, insert_definition_after
from pixmod.syntax.nodes import find_all

ANCHOR = targets.ECS_SETUP
NEW = targets.STAT_PACKAGES_SETUP
REGISTER = targets.REGISTER_STAT_PACKAGES
LIST = targets.LIST_STAT_PACKAGES
PLUGINS = targets.PLUGINS_SETUP
COUNT_VAR = "stat_packages_count"
ENTRY_MODULES = frozenset({"main.py", "app.py", "server.py", "asgi.py", "wsgi.py", "__main__.py"})


class StatPackagesStartup(Codemod):
    name = "stat-packages-startup"
    description = "Add setup_stat_packages() to startup and call it right after setup_ecs_components()."
    options = (
        Option("startup_module", None, f"dotted module defining {ANCHOR} (default: found by definition)"),
        Option("main_module", None, f"dotted module calling {ANCHOR}() (default: found by call)"),
        Option("stats_package", None, f"package exporting {REGISTER} and {LIST} (default: found by definition)"),
    )

    def plan(self, project, options) -> Outcome:
        startup = locate.find_unique_definition(
            project, ANCHOR, kind="def", pinned=options["startup_module"], option="startup_module", codemod=self.name,
            what=f"the startup module (defines {ANCHOR})",
        )
        has_function = locate.top_level(project.module(startup.path), NEW, cst.FunctionDef) is not None
        has_call = any(not is_test_path(s.path) for s in locate.find_calls(project, f"{startup.module_name}.{NEW}"))
        if has_function and has_call:
            return Outcome.already_applied()
        modules: dict[str, cst.Module] = {}
        done = []
        if not has_call:
            site = self._call_site(project, startup, options["main_module"])
            modules[site.path] = _add_call(project, site, startup.module_name)
            done.append(f"{site.path} calls {NEW}() after {ANCHOR}()")
        if not has_function:
            registry = find_registry(project, options["stats_package"], self.name)
            module = modules.get(startup.path) or project.module(startup.path)
            modules[startup.path], notes = _add_function(project, startup, module, registry)
            done.insert(0, f"added {NEW}() to {startup.path}")
        else:
            notes = []
        changes = [FileChange(path, module.code) for path, module in modules.items()]
        return Outcome.applied("; ".join(done), changes, notes)

    def _call_site(self, project, startup, pinned) -> locate.CallSite:
        """The call of the anchor in the app's startup flow: the module that
        builds the app or runs it from its lifespan wins over a command-line
        helper; tests never count."""
        by_module: dict[str, list[locate.CallSite]] = {}
        for site in locate.find_calls(project, f"{startup.module_name}.{ANCHOR}"):
            by_module.setdefault(project.module_name(site.path) or site.path, []).append(site)
        candidates = [
            Candidate(sites[0].path, sites[0].line, f"{module}:{ANCHOR}()", module, _entry_evidence(project, sites[0]), sites)
            for module, sites in by_module.items()
        ]
        chosen = choose(
            candidates, codemod=self.name, what=f"the module calling {ANCHOR}() (the app's startup)", option="main_module",
            pinned=pinned, none_found=f"{ANCHOR}() is never called, so there is no startup flow to add {NEW}() to",
            pin_unknown=f"[tool.pixmod.{self.name}] main_module = '{pinned}' does not call {ANCHOR}()",
        )
        sites = chosen.item
        if len(sites) > 1:
            where = ", ".join(f"{s.path}:{s.line}" for s in sites)
            raise CodemodError(f"{ANCHOR}() is called several times in {chosen.pin} ({where}); cannot tell which call starts the app")
        return sites[0]


def _entry_evidence(project, site: locate.CallSite) -> tuple[tuple[int, str], ...]:
    """What makes a call site the app's startup: it runs in the lifespan, its
    module builds the app, the module is named like an entry point."""
    evidence = []
    function = enclosing_function(project.text(site.path), site.line)
    if function == "lifespan":
        evidence.append((2, "called from the app's lifespan"))
    if builds_app(project, site.path):
        evidence.append((2, "its module builds the app or defines its lifespan"))
    if site.path.rpartition("/")[2] in ENTRY_MODULES:
        evidence.append((1, f"module named {site.path.rpartition('/')[2]}"))
    return tuple(evidence)


# -- the call in main ---------------------------------------------------------


def _add_call(project, site: locate.CallSite, startup_module: str) -> cst.Module:
    wrapper = project.metadata(site.path)
    parents = wrapper.resolve(cst.metadata.ParentNodeProvider)
    small = parents[site.call]
    line = parents.get(small)
    block = parents.get(line)
    if not (
        isinstance(small, (cst.Expr, cst.Assign, cst.AnnAssign))
        and small.value is site.call
        and isinstance(line, cst.SimpleStatementLine)
        and isinstance(block, (cst.IndentedBlock, cst.Module))
    ):
        raise CodemodError(f"{site.path}:{site.line}: cannot place {NEW}(): {ANCHOR}() is not a statement of its own")
    index = list(block.body).index(line)
    _require_before_plugins(project, site, block, index, startup_module)

    edits = {}
    func = site.call.func
    if isinstance(func, cst.Attribute):
        callee = func.with_changes(attr=cst.Name(NEW))
    elif isinstance(func, cst.Name):
        callee = cst.Name(NEW)
        import_node = _import_binding(wrapper, site, func)
        edits[import_node] = lambda node: add_name(node, NEW, after=ANCHOR)
    else:
        raise CodemodError(f"{site.path}:{site.line}: cannot place {NEW}(): unusual call form")
    call = cst.Call(func=callee)
    if isinstance(small, cst.Expr):
        stmt = cst.Expr(call)
    else:
        stmt = cst.Assign(targets=[cst.AssignTarget(cst.Name(COUNT_VAR))], value=call)
    edits[block] = lambda node: insert_after(node, index, [cst.SimpleStatementLine([stmt])])
    return apply_edits(wrapper.module, edits)


def _require_before_plugins(project, site, block, index, startup_module) -> None:
    plugins = f"{startup_module}.{PLUGINS}"
    for stmt in block.body[:index]:
        for call in find_all(stmt, cst.Call):
            if plugins in project.qualified_names(site.path, call.func):
                raise CodemodError(
                    f"{site.path}:{site.line}: {ANCHOR}() runs after {PLUGINS}(); stat packages must register "
                    f"before plugins load, so {NEW}() cannot go right after it. Move {ANCHOR}() before {PLUGINS}() first"
                )


def _import_binding(wrapper, site, name: cst.Name) -> cst.ImportFrom:
    scope = wrapper.resolve(cst.metadata.ScopeProvider)[name]
    if NEW in scope and not any(isinstance(a.node, cst.ImportFrom) for a in scope[NEW]):
        raise CodemodError(f"{site.path}: the name {NEW} is already bound to something else")
    for assignment in scope[name.value]:
        node = assignment.node
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            if any(isinstance(a.name, cst.Name) and a.name.value == ANCHOR for a in node.names):
                return node
    raise CodemodError(f"{site.path}:{site.line}: cannot place {NEW}(): {name.value} is not imported with 'from ... import {ANCHOR}'")


# -- the generated function ----------------------------------------------------


def _add_function(project, startup, module: cst.Module, registry: StatRegistry) -> tuple[cst.Module, list[str]]:
    anchor = locate.top_level(module, ANCHOR, cst.FunctionDef)
    local_imports = [s.body[0] for s in anchor.body.body if isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.ImportFrom)]
    source = registry.package
    if local_imports and all(imp.relative for imp in local_imports):
        source = relative_module(project.package_of(startup.path) or "", registry.package) or source
    logger = find_logger(module, anchor)
    notes = [] if logger else [f"{startup.path} has no module logger: {NEW}() does not log"]
    quote = preferred_quote(project.text(startup.path))
    code = _render(source if local_imports else None, logger, registry.ids_expr, quote)
    new_def = cst.parse_module(project.style.format(code, quote=quote)).body[0]
    module = insert_definition_after(module, anchor, new_def)
    if not local_imports:
        module = _add_module_imports(project, startup, module, registry.package)
    return module, notes


def _render(local_source: str | None, logger: LoggerStyle | None, ids: str, quote: str) -> str:
    q = quote
    lines = [
        f"def {NEW}() -> int:",
        '    """',
        "    Register the core stat packages explicitly, as a step of startup.",
        "",
        "    Returns:",
        "        int: Number of stat packages registered",
        '    """',
    ]
    if local_source:
        lines += [f"    from {local_source} import {LIST}, {REGISTER}", ""]
    lines += [f"    {REGISTER}()", f"    packages = {LIST}()", ""]
    if logger:
        lines += ["    " + logger.call("info", f"{q}stat_packages_registered{q}", "Registered {count} stat packages: {packages}",
                                       {"count": "len(packages)", "packages": ids}, quote=q), ""]
    lines.append("    return len(packages)")
    return "\n".join(lines) + "\n"


def _add_module_imports(project, startup, module: cst.Module, package: str) -> cst.Module:
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    context = CodemodContext(full_module_name=startup.module_name, full_package_name=project.package_of(startup.path))
    for name in (LIST, REGISTER):
        AddImportsVisitor.add_needed_import(context, package, name)
    return AddImportsVisitor(context).transform_module(module)
