"""event-handler-registry: an explicit list of the event handlers to load.

The report (section 4, "Event Handler Registry", Option B, and Phase 4)
finds event handlers loaded by whatever folder with a ``manifest.py`` sits in
the handlers directory. Opt-in (``--only event-handler-registry``, or
``enable = ["event-handler-registry"]`` in ``[tool.pixmod]``), this codemod:

* finds the handlers package (the package whose sub-folders hold a
  ``manifest.py``; among several, the one named for event handlers;
  ``handlers_package`` pins it) and the function discovering it: among the
  functions that list a folder looking for ``manifest.py``, the one whose
  scanned folder is the handlers package, read from a literal path, a path
  built from ``__file__``, or the argument its callers pass
  (``discovery_function = "module:function"`` pins it). Other discovery
  (providers, plugins) is left alone: rule PX005 reports it;
* writes ``registry.py`` in that package: ``REGISTERED_HANDLERS``, the
  sorted names of the handlers present today;
* renames the discovery function's body to ``_scan_<name>`` and puts in its
  place a function with the same signature that returns only registered
  handlers, in the same order as before, logging handlers that are present
  but not registered (available but disabled) and registered ones that are
  missing (error), and how many are enabled of how many available. The
  module's logger and its call style are used. Today's handlers load as
  before.

Already applied: the discovery function reads ``REGISTERED_HANDLERS``. A
registry listing handlers that no longer exist is stale: ``check`` reports
it and ``apply`` removes them; present but unregistered handlers are left
disabled and named in the summary. Skipped: no handler folders, or no
function discovering them (tests never count). Error: candidates that the
evidence cannot tell apart (the message names them and the pin line).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from pixmod.lazy import cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.evidence import Candidate, Choice, choose, is_test_path, record
from pixmod.formatting import preferred_quote
from pixmod.model import CodemodError, FileChange, Outcome
from pixmod.syntax import locate
from pixmod.syntax.exports import remove_strings
from pixmod.syntax.imports import ensure_import
from pixmod.syntax.logging_style import LoggerStyle, find_logger
from pixmod.syntax.signature import forwarding_args
from pixmod.syntax.statements import insert_definition_after
from pixmod.syntax.nodes import find_all, named
from pixmod.syntax.paths import folder_of, local_values, scanned_expression

LIST = targets.HANDLER_REGISTRY
SCANNERS = {"listdir", "scandir", "iterdir", "glob", "walk"}


class EventHandlerRegistry(Codemod):
    name = "event-handler-registry"
    description = "Load event handlers from an explicit REGISTERED_HANDLERS list (opt-in)."
    default = False  # opt-in: not part of the default pipeline
    options = (
        Option("handlers_package", None, "dotted package holding the handler folders (default: found)"),
        Option("discovery_function", None, "'module:function' that discovers the handlers (default: the one scanning the handlers package)"),
    )

    def plan(self, project, options) -> Outcome:
        scanners = _scanners(project)
        package, present = _handlers(project, options["handlers_package"], scanners)
        path, func = _discovery(project, scanners, package, options["discovery_function"])
        registry_path = project.path_of_module(package).rpartition("/")[0] + "/registry.py"
        notes, changes = [], []
        registered = _registered(project, registry_path)
        if registered is None:
            changes.append(FileChange(registry_path, _registry_source(project, present), created=True))
        elif set(registered) - set(present):
            gone = set(registered) - set(present)
            changes.append(FileChange(registry_path, remove_strings(project.module(registry_path), LIST, gone).code))
            notes.append(f"removed handlers that no longer exist from the registry: {', '.join(sorted(gone))}")
        disabled = sorted(set(present) - set(registered or present))
        if disabled:
            notes.append(f"available but not registered (disabled): {', '.join(disabled)}; add to {LIST} to enable")
        if LIST not in project.text(path):
            changes.append(FileChange(path, _rewrite_discovery(project, path, func, f"{package}.registry").code))
        if not changes:
            return Outcome.already_applied(notes=notes)
        reason = f"{LIST} in {registry_path}; {func.name.value}() loads only registered handlers"
        return Outcome.applied(reason, changes, notes)


@dataclass(frozen=True)
class _Scanner:
    """A top-level function that scans a folder for ``manifest.py``."""

    path: str
    func: cst.FunctionDef
    module: str
    line: int
    folders: frozenset[str]  # the folders it scans, as far as the code tells (project-relative)

    @property
    def name(self) -> str:
        return self.func.name.value


def _scanners(project) -> list[_Scanner]:
    """Every function discovering plugins by ``manifest.py``, with the
    folders it scans: a literal, a path built from ``__file__``, or what its
    callers pass."""
    found = []
    for path in project.files_containing("manifest.py"):
        module = project.module(path)
        tree = ast.parse(project.text(path))
        functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for stmt in module.body:
            if isinstance(stmt, cst.FunctionDef) and _scans_for_manifests(stmt) and stmt.name.value in functions:
                module_name = project.module_name(path) or path
                folders = _scanned_folders(project, path, tree, functions[stmt.name.value], module_name)
                found.append(_Scanner(path, stmt, module_name, project.starts(path)[stmt].line, frozenset(folders)))
    return found


def _scanned_folders(project, path: str, tree: ast.Module, func, module_name: str) -> set[str]:
    env = {**local_values(tree), **local_values(func)}
    params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    folders = set()
    for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
        expr = scanned_expression(call)
        if expr is None:
            continue
        if isinstance(expr, ast.Name) and expr.id in params and expr.id not in env:
            folders |= _passed_by_callers(project, f"{module_name}.{func.name}", params.index(expr.id), expr.id)
            continue
        folder = folder_of(expr, path, env)
        if folder is not None:
            folders.add(folder)
    return folders


def _passed_by_callers(project, qualified: str, index: int, keyword: str) -> set[str]:
    """The folders the callers of ``qualified`` pass as its parameter."""
    folders = set()
    for site in locate.find_calls(project, qualified):
        tree = ast.parse(project.text(site.path))
        call = next((n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.lineno == site.line
                     and _callee(n.func) == qualified.rpartition(".")[2]), None)
        if call is None:
            continue
        arg = call.args[index] if index < len(call.args) else next((k.value for k in call.keywords if k.arg == keyword), None)
        if arg is None:
            continue
        caller = next((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                       and n.lineno <= site.line <= (n.end_lineno or 0)), None)
        env = {**local_values(tree), **(local_values(caller) if caller else {})}
        folder = folder_of(arg, site.path, env)
        if folder is not None:
            folders.add(folder)
    return folders


def _callee(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _discovery(project, scanners: list[_Scanner], package: str, pinned: str | None) -> tuple[str, cst.FunctionDef]:
    """The function that discovers the handlers package; other discovery
    (providers, plugins) is not this codemod's business (PX005 reports it)."""
    folder = project.path_of_module(package).rpartition("/")[0]
    candidates, elsewhere = [], []
    for scanner in scanners:
        evidence = []
        if folder in scanner.folders:
            evidence.append((3, f"scans {folder}, the handlers package"))
        if "handler" in scanner.name:
            evidence.append((1, f"named {scanner.name}"))
        candidate = Candidate(scanner.path, scanner.line, f"{scanner.module}:{scanner.name}", f"{scanner.module}:{scanner.name}",
                              tuple(evidence), scanner)
        if scanner.folders and folder not in scanner.folders and candidate.pin != pinned:
            elsewhere.append((candidate, f"scans {', '.join(sorted(scanner.folders))}, not the handlers package: left alone"))
        else:
            candidates.append(candidate)
    chosen = choose(
        candidates, codemod="event-handler-registry", what=f"the function discovering {package}", option="discovery_function",
        pinned=pinned, none_found=f"no function discovers the handlers in {folder} by scanning for manifest.py",
        excluded=elsewhere,
    ).item
    return chosen.path, chosen.func


def _scans_for_manifests(func: cst.FunctionDef) -> bool:
    nodes = find_all(func, cst.Call, cst.SimpleString)
    scans = any(isinstance(c, cst.Call) and any(named(c.func, scanner) for scanner in SCANNERS) for c in nodes)
    mentions = any(isinstance(s, cst.SimpleString) and "manifest.py" in s.value for s in nodes)
    return scans and mentions


def _handlers(project, pinned: str | None, scanners: list[_Scanner]) -> tuple[str, list[str]]:
    """The handlers package (the package whose sub-folders hold a
    ``manifest.py``): pinned, or the one the evidence picks among several
    (a name saying event handlers, scanned by a handler-discovery function)."""
    by_package: dict[str, list[str]] = {}
    init_of: dict[str, str] = {}
    for path in project.files:
        if path.endswith("/manifest.py") and not is_test_path(path):
            folder = path.rpartition("/")[0]
            init = folder.rpartition("/")[0] + "/__init__.py"
            package = project.module_name(init) if project.exists(init) else None
            if package:
                by_package.setdefault(package, []).append(folder.rpartition("/")[2])
                init_of[package] = init
    if pinned:
        if pinned not in by_package:
            raise CodemodError(f"[tool.pixmod.event-handler-registry] handlers_package = '{pinned}' holds no handler")
        record(Choice("event-handler-registry", "the handlers package", "handlers_package",
                      Candidate(init_of[pinned], 1, pinned, pinned), pinned=True))
        return pinned, sorted(by_package[pinned])
    candidates = []
    for package, names in by_package.items():
        folder = init_of[package].rpartition("/")[0]
        evidence = []
        if "handler" in package.rpartition(".")[2]:
            evidence.append((2, f"named {package.rpartition('.')[2]}"))
        if any(folder in s.folders and "handler" in s.name for s in scanners):
            evidence.append((1, "scanned by a handler-discovery function"))
        candidates.append(Candidate(init_of[package], 1, package, package, tuple(evidence), sorted(names)))
    chosen = choose(
        candidates, codemod="event-handler-registry", what="the handlers package", option="handlers_package",
        none_found="no handler folders with a manifest.py",
    )
    return chosen.symbol, chosen.item


def _registered(project, path: str) -> list[str] | None:
    """The names in an existing registry (None when there is none)."""
    if not project.exists(path):
        return None
    try:
        for node in ast.parse(project.text(path)).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == LIST for t in node.targets):
                return [str(v) for v in ast.literal_eval(node.value)]
    except (SyntaxError, ValueError) as exc:
        raise CodemodError(f"{path}: cannot read {LIST}: {exc}") from exc
    raise CodemodError(f"{path} exists but does not define {LIST}")


def _registry_source(project, names: list[str]) -> str:
    items = "".join(f'    "{name}",\n' for name in names)
    return project.style.format(
        '"""The event handlers this backend loads, by folder name.\n\n'
        "Discovery loads only the handlers listed here. A handler folder that is\n"
        "present but not listed is logged as available but disabled; a listed one\n"
        "that is missing is logged as an error. Add a name to enable a handler.\n"
        '"""\n\n'
        f"{LIST} = [\n{items}]\n"
    )


def _rewrite_discovery(project, path: str, func: cst.FunctionDef, registry_module: str) -> cst.Module:
    module = project.module(path)
    base = func.name.value.lstrip("_").removeprefix("discover_")
    scanner = func.with_changes(name=cst.Name(f"_scan_{base}"))
    if locate.module_binds(module, scanner.name.value):
        raise CodemodError(f"{path}: cannot rename the scan to {scanner.name.value}: the name is taken")
    logger = find_logger(module, func)
    quote = preferred_quote(project.text(path))
    new = cst.parse_module(project.style.format(_validating_source(func, scanner.name.value, registry_module, logger, quote), quote=quote)).body[0]
    new = new.with_changes(leading_lines=func.leading_lines)  # comments above the function stay above it
    module = module.with_changes(body=[new if stmt is func else stmt for stmt in module.body])
    module = insert_definition_after(module, new, scanner.with_changes(leading_lines=[]))
    if logger is None:
        module = ensure_import(module, module_name=project.module_name(path) or "", package=project.package_of(path) or "", source="logging", name="getLogger")
    return module


def _validating_source(func: cst.FunctionDef, scanner: str, registry_module: str, logger: LoggerStyle | None, q: str) -> str:
    code = cst.Module([]).code_for_node
    params = code(func.params)
    returns = f" -> {code(func.returns.annotation)}" if func.returns else ""
    call = code(cst.Call(cst.Name(scanner), args=forwarding_args(func.params)))
    log = logger or LoggerStyle("getLogger(__name__)", "percent")

    def line(level: str, event: str, message: str, **fields: str) -> str:
        return log.call(level, f"{q}{event}{q}", message, fields, quote=q)

    disabled = line("info", "event_handler_disabled", "Event handler {handler} is available but not registered", handler="name")
    error = line("error", "event_handler_missing", "Registered event handler {handler} is missing", handler="name")
    summary = line("info", "event_handlers_enabled", "Event handlers enabled: {enabled} of {available} available",
                   enabled="len(enabled)", available="len(available)")
    return (
        f"def {func.name.value}({params}){returns}:\n"
        f'    """Handlers found by {scanner}() that {LIST} enables."""\n'
        f"    from {registry_module} import {LIST}\n\n"
        f"    available = {call}\n"
        f"    enabled = [name for name in available if name in {LIST}]\n"
        f"    for name in available:\n"
        f"        if name not in {LIST}:\n"
        f"            {disabled}\n"
        f"    for name in {LIST}:\n"
        f"        if name not in available:\n"
        f"            {error}\n"
        f"    {summary}\n"
        f"    return enabled\n"
    )
