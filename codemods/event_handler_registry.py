"""event-handler-registry: an explicit list of the event handlers to load.

The report (section 4, "Event Handler Registry", Option B, and Phase 4)
finds event handlers loaded by whatever folder with a ``manifest.py`` sits in
the handlers directory. Opt-in (``--only event-handler-registry``, or
``enable = ["event-handler-registry"]`` in ``[tool.pixmod]``), this codemod:

* finds the discovery function (it lists a directory and looks for
  ``manifest.py``) and the handlers package (the package whose sub-folders
  hold a ``manifest.py``; ``handlers_package`` pins it);
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
disabled and named in the summary. Skipped: no discovery function. Error:
several, or several handlers packages.
"""

from __future__ import annotations

import ast

import libcst as cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.formatting import preferred_quote
from pixmod.model import CodemodError, FileChange, Outcome, SkipCodemod
from pixmod.syntax import locate
from pixmod.syntax.exports import remove_strings
from pixmod.syntax.imports import ensure_import
from pixmod.syntax.logging_style import LoggerStyle, find_logger
from pixmod.syntax.signature import forwarding_args
from pixmod.syntax.statements import insert_definition_after
from pixmod.syntax.nodes import find_all, named

LIST = targets.HANDLER_REGISTRY
SCANNERS = {"listdir", "scandir", "iterdir", "glob", "walk"}


class EventHandlerRegistry(Codemod):
    name = "event-handler-registry"
    description = "Load event handlers from an explicit REGISTERED_HANDLERS list (opt-in)."
    default = False  # opt-in: not part of the default pipeline
    options = (Option("handlers_package", None, "dotted package holding the handler folders (default: found)"),)

    def plan(self, project, options) -> Outcome:
        path, func = _discovery(project)
        package, present = _handlers(project, options["handlers_package"])
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


def _discovery(project) -> tuple[str, cst.FunctionDef]:
    found = []
    for path in project.files_containing("manifest.py"):
        for stmt in project.module(path).body:
            if isinstance(stmt, cst.FunctionDef) and _scans_for_manifests(stmt):
                found.append((path, stmt))
    if not found:
        raise SkipCodemod("no function discovers handlers by scanning for manifest.py")
    if len(found) > 1:
        where = ", ".join(f"{p}:{f.name.value}" for p, f in found)
        raise CodemodError(f"several functions discover handlers ({where}); nothing was changed")
    return found[0]


def _scans_for_manifests(func: cst.FunctionDef) -> bool:
    nodes = find_all(func, cst.Call, cst.SimpleString)
    scans = any(isinstance(c, cst.Call) and any(named(c.func, scanner) for scanner in SCANNERS) for c in nodes)
    mentions = any(isinstance(s, cst.SimpleString) and "manifest.py" in s.value for s in nodes)
    return scans and mentions


def _handlers(project, pinned: str | None) -> tuple[str, list[str]]:
    by_package: dict[str, list[str]] = {}
    for path in project.files:
        if path.endswith("/manifest.py"):
            folder = path.rpartition("/")[0]
            package = project.module_name(folder.rpartition("/")[0] + "/__init__.py")
            if package:
                by_package.setdefault(package, []).append(folder.rpartition("/")[2])
    if pinned:
        if pinned not in by_package:
            raise CodemodError(f"[tool.pixmod.event-handler-registry] handlers_package = '{pinned}' holds no handler")
        return pinned, sorted(by_package[pinned])
    if not by_package:
        raise SkipCodemod("no handler folders with a manifest.py")
    if len(by_package) > 1:
        raise CodemodError(f"handler folders in several packages ({', '.join(sorted(by_package))}); choose with handlers_package")
    package, names = next(iter(by_package.items()))
    return package, sorted(names)


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
