"""stat-engine-factory: create engines through ``create_stat_engine()``.

The report (section 3, "Stateless Engine Instantiation", and "StatEngine
Factory") wants one place that builds the stat engine. This codemod:

* writes ``create_stat_engine(...) -> StatEngine`` into ``factory.py`` next
  to the module defining the class ``StatEngine`` (``factory_module`` may
  name another module, the engine module included). Its parameters mirror
  ``StatEngine.__init__`` exactly (none today, so none: no dead ``config``),
  it forwards them, and it imports what their annotations and defaults need;
* exports it from the package that exports ``StatEngine``: the import right
  after the one bringing ``StatEngine`` in, the name right after
  ``"StatEngine"`` in ``__all__`` (comments and layout kept);
* turns every call of the class in the tree into a call of the factory with
  the same arguments. Calls are found by qualified name, so plain imports,
  ``import ... as``, ``from ... import StatEngine as SE``, module attributes
  (``stats.StatEngine()``) and relative imports are all seen, and text that
  merely looks like a call is not. Annotations, ``isinstance``, subclassing,
  the engine module and the factory itself are left alone. The factory
  import joins an existing ``from <package> import (...)`` when there is
  one; a ``StatEngine`` import is removed only where it became unused.

Refuses (error, nothing written): a ``create_stat_engine`` that is not this
factory (defined elsewhere, or not building a ``StatEngine``), a module where
that name is already bound to something else, an engine whose constructor
cannot be mirrored (a dataclass, or one inherited from a base class), an
annotation name that cannot be imported. Skipped: no ``StatEngine`` class.
Already applied: the factory exists and is exported, and no call is left.
"""

from __future__ import annotations

from pixmod.lazy import cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.evidence import is_test_path
from pixmod.model import CodemodError, FileChange, Outcome
from pixmod.analysis import Analysis
from pixmod.syntax import locate
from pixmod.syntax.edit import apply_edits
from pixmod.syntax.exports import add_to_all, exported_names
from pixmod.syntax.imports import (
    absolute_module,
    add_name,
    binding_import,
    render_imports,
    bound_name,
    ensure_import,
    module_level_import_from,
    relative_module,
    remove_name,
)
from pixmod.syntax.nodes import find_all, is_name, named
from pixmod.syntax.signature import forwarding_args, free_names, without_self
from pixmod.syntax.statements import insert_after, insert_definition_after, remove_statement

ENGINE = targets.ENGINE_CLASS
FACTORY = targets.ENGINE_FACTORY


class StatEngineFactory(Codemod):
    name = "stat-engine-factory"
    description = "Add create_stat_engine() and migrate every StatEngine() call to it."
    options = (
        Option("engine_module", None, f"dotted module defining {ENGINE} (default: found by definition)"),
        Option("factory_module", None, "dotted module for the factory (default: <engine package>.factory)"),
    )

    def analyses(self, project, options):
        engine, factory_module = self._targets(project, options)
        return [_call_site_migration(project, engine, factory_module, _export_package(project, project.package_of(engine.path)))]

    def plan(self, project, options) -> Outcome:
        engine, factory_module = self._targets(project, options)
        package = project.package_of(engine.path)
        texts: dict[str, str] = {}
        created = set()
        factory_path = project.path_of_module(factory_module)
        if factory_path is None or locate.top_level(project.module(factory_path), FACTORY, cst.FunctionDef) is None:
            factory_path, text, is_new = _write_factory(project, engine, factory_module)
            texts[factory_path] = text
            created |= {factory_path} if is_new else set()
        export_package = _export(project, package, factory_module, texts)
        sites = _migrate_calls(project, engine, factory_module, export_package, texts)
        if not texts:
            return Outcome.already_applied()
        changes = [FileChange(path, text, created=path in created) for path, text in sorted(texts.items())]
        notes = [f"migrated {len(v)} call(s) in {path}" for path, v in sorted(sites.items())]
        calls = sum(len(v) for v in sites.values())
        where = [(path, line) for path, lines in sorted(sites.items()) for line in lines]
        return Outcome.applied(
            f"{FACTORY}() in {factory_path}", changes, notes, counts=[("call sites migrated", calls)], sites=where
        )

    def _targets(self, project, options) -> tuple[locate.Definition, str]:
        """The engine class and the module that holds (or will hold) the factory."""
        engine = locate.find_unique_definition(
            project, ENGINE, kind="class", pinned=options["engine_module"], option="engine_module", codemod=self.name
        )
        default = options["factory_module"] or f"{project.package_of(engine.path)}.factory"
        return engine, _existing_factory(project, engine, default)


def _existing_factory(project, engine, default_module: str) -> str:
    """The module holding the factory: an existing one that builds the
    engine, else ``default_module``. Any other definition is a conflict."""
    found = [d for d in locate.find_definitions(project, FACTORY, "def") if not is_test_path(d.path)]  # a test's stand-in is no conflict
    ours = [d for d in found if d.module_name in (default_module, engine.module_name) and _builds_engine(d.node)]
    for other in (d for d in found if d not in ours):
        line = project.starts(other.path)[other.node].line
        raise CodemodError(f"a different {FACTORY} is already defined at {other.path}:{line}; rename it or remove it first")
    return ours[0].module_name if ours else default_module


def _builds_engine(func: cst.FunctionDef) -> bool:
    return any(named(call.func, ENGINE) for call in find_all(func, cst.Call))


# -- the factory --------------------------------------------------------------


def _write_factory(project, engine, factory_module: str) -> tuple[str, str, bool]:
    params = _constructor_params(project, engine)
    in_engine_module = factory_module == engine.module_name
    call = cst.Call(cst.Name(ENGINE), args=forwarding_args(params))
    signature = cst.Module([]).code_for_node(
        cst.FunctionDef(cst.Name(FACTORY), params, cst.IndentedBlock([cst.SimpleStatementLine([cst.Pass()])]))
    ).split("\n")[0].rstrip(":")
    described = ", ".join(p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params))
    doc = f"Create a {ENGINE}" + (f", passing {described} on to it." if described else ".")
    function = (
        f"{signature} -> {ENGINE}:\n"
        f'    """{doc}\n\n    Build engines here rather than with {ENGINE}() so that configuration\n'
        f'    and caching can be added in one place.\n    """\n'
        f"    return {cst.Module([]).code_for_node(call)}\n"
    )
    if in_engine_module:
        module = project.module(engine.path)
        new_def = cst.parse_module(project.style.format(function)).body[0]
        return engine.path, insert_definition_after(module, engine.node, new_def).code, False
    path = _new_module_path(project, engine, factory_module)
    engine_module = project.module(engine.path)
    imports = [(engine.module_name, ENGINE)]
    for name in sorted(free_names(params)):
        binding = binding_import(engine_module, project.package_of(engine.path) or "", name)
        if binding is None and locate.module_binds(engine_module, name):
            binding = (engine.module_name, name)
        if binding is None:
            raise CodemodError(f"{engine.path}: cannot tell where '{name}' (used in {ENGINE}.__init__) comes from")
        imports.append(binding)
    local = {source for source, _ in imports if source and project.path_of_module(source)}
    header = render_imports(imports, local=local, package=factory_module.rpartition(".")[0])
    source = f'"""Factory for the {ENGINE}: the one place that builds engines."""\n\n{header}\n\n\n{function}'
    return path, project.style.format(source), True


def _constructor_params(project, engine) -> cst.Parameters:
    cls = engine.node
    if locate.is_dataclass(cls):
        raise CodemodError(f"{engine.path}: {ENGINE} is a dataclass; mirroring its generated constructor is not supported")
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if init is not None:
        return without_self(init.params).with_changes(
            params=[p.with_changes(comma=cst.MaybeSentinel.DEFAULT) for p in without_self(init.params).params]
        )
    bases = [cst.Module([]).code_for_node(b.value) for b in cls.bases if not is_name(b.value, "object")]
    if bases:
        raise CodemodError(f"{engine.path}: {ENGINE} inherits its constructor from {', '.join(bases)}; cannot mirror it")
    return cst.Parameters()


def _new_module_path(project, engine, factory_module: str) -> str:
    package, _, leaf = factory_module.rpartition(".")
    init = project.path_of_module(package)
    if init is None or not init.endswith("__init__.py"):
        raise CodemodError(f"factory_module '{factory_module}': package {package} is not in the tree")
    path = init.rpartition("/")[0] + f"/{leaf}.py" if "/" in init else f"{leaf}.py"
    if project.exists(path):
        raise CodemodError(f"{path} already exists and has no {FACTORY}; choose another factory_module")
    return path


# -- the export ---------------------------------------------------------------


def _export(project, package: str, factory_module: str, texts: dict[str, str]) -> str | None:
    """Export the factory where ``StatEngine`` is exported; return that
    package (None when the package does not export the engine)."""
    if _export_package(project, package) is None:
        return None
    init = project.path_of_module(package)
    module = cst.parse_module(texts[init]) if init in texts else project.module(init)
    if not locate.module_binds(module, FACTORY):
        engine_import = next(
            (s for s in module.body if isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.ImportFrom)
             and not isinstance(s.body[0].names, cst.ImportStar) and any(bound_name(a) == ENGINE for a in s.body[0].names)),
            None,
        )
        if engine_import is None:
            raise CodemodError(f"{init}: cannot find the import that brings {ENGINE} in, to export {FACTORY} next to it")
        node = engine_import.body[0]
        if absolute_module(node, package) == factory_module:
            module = apply_edits(module, {node: lambda n: add_name(n, FACTORY, after=ENGINE)})
        else:
            relative = bool(node.relative)
            source = relative_module(package, factory_module) if relative else factory_module
            new = cst.parse_statement(f"from {source} import {FACTORY}\n")
            module = insert_after(module, list(module.body).index(engine_import), [new])
    if FACTORY not in (exported_names(module) or [FACTORY]):
        module = add_to_all(module, FACTORY, after=ENGINE)
    if module.code != project.text(init):
        texts[init] = module.code
    return package


def _export_package(project, package: str) -> str | None:
    """``package`` if its ``__init__`` exports the engine, else None."""
    init = project.path_of_module(package)
    if init is None or not init.endswith("__init__.py") or not locate.module_binds(project.module(init), ENGINE):
        return None
    return package


# -- the call sites -----------------------------------------------------------


def _call_site_migration(project, engine, factory_module, export_package) -> Analysis:
    """:func:`migrate_file` on every file that may call the engine."""
    engine_names = frozenset(locate.reexported_names(project, engine.module_name, ENGINE))
    paths = locate.files_calling(project, ENGINE, skip={engine.path, project.path_of_module(factory_module)})
    return Analysis(migrate_file, tuple(paths), (engine_names, factory_module, export_package))


def _migrate_calls(project, engine, factory_module, export_package, texts) -> dict[str, list[int]]:
    migration = _call_site_migration(project, engine, factory_module, export_package)
    sites: dict[str, list[int]] = {}
    for path, (new, lines) in project.compute(migration).items():
        if lines:
            texts[path], sites[path] = new, list(lines)
    return sites


def migrate_file(view, engine_names, factory_module, export_package) -> tuple[str, tuple[int, ...]]:
    """One file's calls of the engine turned into factory calls: the new text
    and the lines of the calls (a per-file analysis, see pixmod.parallel)."""
    wrapper = view.metadata()
    starts = view.starts()
    scopes = wrapper.resolve(cst.metadata.ScopeProvider)
    inside = export_package is not None and (view.module_name or "").startswith(export_package + ".")
    source_module = factory_module if inside or export_package is None else export_package
    exporting = {source_module, factory_module}
    edits, lines, needs_import, replaced = {}, [], False, set()
    for node in locate.calls_to(view, engine_names):
        func = node.func
        if isinstance(func, cst.Attribute) and view.qualified_names(func.value) & exporting:
            edits[func] = lambda f: f.with_changes(attr=cst.Name(FACTORY))
        else:
            _check_free(view, scopes[node], starts[node].line, factory_module)
            edits[func] = lambda f: cst.Name(FACTORY)
            needs_import = True
            replaced.add(func)
        lines.append(starts[node].line)
    if not edits:
        return "", ()
    unused = _unused_after(view, scopes, engine_names, replaced)
    module = apply_edits(wrapper.module, edits, view.nodes())
    if needs_import:
        module = _import_factory(view, module, source_module, engine_names)
    module = _drop_imports(module, unused, view.package or "")
    return module.code, tuple(sorted(lines))


def _check_free(view, scope, line, factory_module) -> None:
    if FACTORY not in scope:
        return
    for assignment in scope[FACTORY]:
        node = assignment.node
        source = absolute_module(node, view.package or "") if isinstance(node, cst.ImportFrom) else None
        if not (source or "").startswith(factory_module.rpartition(".")[0]):
            raise CodemodError(f"{view.path}:{line}: the name {FACTORY} is already bound to something else here; nothing was written")


def _import_factory(view, module: cst.Module, source_module: str, engine_names) -> cst.Module:
    """Import the factory: into an existing ``from <source> import ...``, else
    as a new statement right after the import that brought the engine in
    (relative if that one was), else at the top with AddImportsVisitor."""
    package = view.package or ""
    anchor = next((s for s in module.body if _imports_engine(s, package, engine_names)), None)
    if anchor is None or module_level_import_from(module, package, source_module) is not None:
        return ensure_import(module, module_name=view.module_name or "", package=package, source=source_module, name=FACTORY)
    relative = anchor.body[0].relative if isinstance(anchor.body[0], cst.ImportFrom) else False
    spelled = (relative and relative_module(package, source_module)) or source_module
    new = cst.parse_statement(f"from {spelled} import {FACTORY}\n")
    return insert_after(module, list(module.body).index(anchor), [new])


def _imports_engine(stmt, package: str, engine_names: set[str]) -> bool:
    """Whether a module-level statement imports the engine class or a
    module through which it is reached."""
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    modules = {name.rpartition(".")[0] for name in engine_names}
    for small in stmt.body:
        if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            source = absolute_module(small, package)
            names = {f"{source}.{cst.Module([]).code_for_node(a.name)}" for a in small.names}
            if names & (engine_names | modules):
                return True
        if isinstance(small, cst.Import):
            if {cst.Module([]).code_for_node(a.name) for a in small.names} & modules:
                return True
    return False


def _unused_after(view, scopes, engine_names, replaced) -> set[tuple[str, str]]:
    """(module, name) of the module-level engine imports that nothing reads
    once the ``replaced`` names are gone."""
    package = view.package or ""
    module = view.module()
    global_scope = scopes[module]
    unused = set()
    for stmt in module.body:
        node = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) else None
        if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
            continue
        source = absolute_module(node, package)
        for alias in node.names:
            name = cst.Module([]).code_for_node(alias.name)
            if f"{source}.{name}" not in engine_names:
                continue
            reads = [
                access for assignment in global_scope.assignments[bound_name(alias)] if assignment.node is node
                for access in assignment.references
            ]
            if all(access.node in replaced for access in reads):
                unused.add((source, name))
    return unused


def _drop_imports(module: cst.Module, unused: set[tuple[str, str]], package: str) -> cst.Module:
    """``module`` without the listed names in its module-level imports."""
    if not unused:
        return module
    for stmt in list(module.body):
        node = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) else None
        if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
            continue
        for alias in list(node.names):
            name = cst.Module([]).code_for_node(alias.name)
            if (absolute_module(node, package), name) in unused:
                node = remove_name(node, name)
                if node is None:
                    break
        if node is None:
            module = remove_statement(module, stmt)
        elif node is not stmt.body[0]:
            module = module.with_changes(body=[s.with_changes(body=[node]) if s is stmt else s for s in module.body])
    return module
