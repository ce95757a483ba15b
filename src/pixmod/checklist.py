"""The facts the checklist tests assert, read from the target's real code,
and the tests' source (used by the ``checklist-tests`` codemod).

Nothing here comes from the report: the package ids are the ``id=`` values
``register_core_stat_packages`` registers, the count is how many there are,
the attribute holding each injected dependency is the one ``__init__``
stores it in, its class is its annotation, and "before plugins" is the
order of the lifespan's calls.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

from pixmod.lazy import cst

from pixmod.model import CodemodError, SkipCodemod
from pixmod.syntax import locate, testsuite
from pixmod.syntax.logging_style import find_logger, log_calls
from pixmod.syntax.nodes import code_of, find_all, is_name, is_self_attribute, only_statement, single_target


PATCH = frozenset({"unittest.mock.patch", "mock.patch"})


@dataclass(frozen=True)
class StartupFacts:
    startup: str  # module defining setup_stat_packages
    new: str
    registry: str  # package exporting the listing function
    listing: str
    ids_expr: str  # reads ids from ``packages``
    ids: tuple[str, ...]
    clear: str | None  # the registry's clear function, if exported
    logger: str | None
    log_check: str | None  # an expression over ``mock_logger`` that holds when the count was logged
    lifespan: tuple[str, str] | None  # (module, function) calling the startup steps
    plugins: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatchStyle:
    callee: str  # how the module spells patch: "patch", "mock.patch"
    decorator: bool
    needs_import: bool


def startup_facts(project, startup: locate.Definition, registry, *, new: str, register: str, listing: str, anchor: str, plugins: str) -> StartupFacts:
    module = project.module(startup.path)
    func = locate.top_level(module, new, cst.FunctionDef)
    register_path, register_def = locate.definition_behind(project, registry.package, register)
    ids = tuple(registered_ids(project, register_path, register_def))
    if not ids:
        raise SkipCodemod(f"Phase 2 checklist not written: cannot read which packages {register}() registers")
    logger = find_logger(module, func)
    notes = []
    log_check = _log_check(func, logger.name) if logger else None
    if logger is None or log_check is None:
        notes.append(f"{new}() logs no count the checklist can check; its test checks the returned count only")
    lifespan = _lifespan(project, startup, new=new, anchor=anchor, plugins=plugins)
    if lifespan is None:
        notes.append(f"no test that stat packages register before plugins: the function calling {anchor}() does not call {new}() before {plugins}()")
    clear = _clear_function(project, registry.package)
    if clear is None:
        notes.append(f"{registry.package} exports no clear_*/reset_* function: no test registering packages on an empty registry")
    return StartupFacts(startup.module_name, new, registry.package, listing, registry.ids_expr, ids, clear,
                        logger.name if logger else None, log_check, lifespan, plugins, tuple(notes))


def registered_ids(project, path: str, func: cst.FunctionDef, depth: int = 0) -> list[str]:
    """The ids of the objects the statements of ``func`` register: an object
    built with ``id=...`` (a string literal or module constant) and passed to
    a call, in ``func`` or, following the functions of the tree it calls,
    up to two levels down. An id that cannot be read stops the reading."""
    module = project.module(path)
    built = {}
    for assign in find_all(func.body, cst.Assign):
        if is_name(single_target(assign)) and isinstance(assign.value, cst.Call):
            built[single_target(assign).value] = assign.value
    found = []
    for stmt in func.body.body:
        small = only_statement(stmt, cst.Expr) or only_statement(stmt, cst.Assign)
        if small is None or not isinstance(small.value, cst.Call):
            continue
        call = small.value
        ids = []
        for arg in call.args:
            made = built.get(arg.value.value) if is_name(arg.value) else arg.value
            if isinstance(made, cst.Call) and (value := _id_keyword(module, path, made)) is not None:
                ids.append(value)
        if not ids and depth < 2:
            ids = _ids_behind(project, path, call, depth)
        found += [i for i in ids if i not in found]
    return found


def _ids_behind(project, path, call: cst.Call, depth: int) -> list[str]:
    for qname in sorted(project.qualified_names(path, call.func)):
        module_name, _, leaf = qname.rpartition(".")
        try:
            callee_path, callee = locate.definition_behind(project, module_name, leaf)
        except CodemodError:
            continue
        return registered_ids(project, callee_path, callee, depth + 1)
    return []


def _id_keyword(module: cst.Module, path: str, call: cst.Call) -> str | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "id":
            value = _string_value(module, arg.value)
            if value is None:
                raise SkipCodemod(f"Phase 2 checklist not written: {path}: the package id {code_of(arg.value)} is not a literal")
            return value
    return None


def _string_value(module: cst.Module, expr) -> str | None:
    if isinstance(expr, cst.SimpleString):
        return expr.evaluated_value
    if is_name(expr):
        for stmt in module.body:
            assign = only_statement(stmt, cst.Assign)
            if assign is not None and is_name(single_target(assign), expr.value) and isinstance(assign.value, cst.SimpleString):
                return assign.value.evaluated_value
    return None


def _log_check(func: cst.FunctionDef, logger: str) -> str | None:
    """An expression over ``mock_logger`` and ``count`` (what the function
    returned) that holds when one of its log calls carried the count."""
    for call in log_calls(func, logger):
        level = call.func.attr.value
        calls = f"mock_logger.{level}.call_args_list"
        for index, arg in enumerate(call.args):
            counts = "len(" in code_of(arg.value)
            if counts and arg.keyword is not None:
                return f'any(call.kwargs.get("{arg.keyword.value}") == count for call in {calls})'
            if counts and index > 0:
                return f"any(count in call.args for call in {calls})"
            if index == 0 and isinstance(arg.value, cst.FormattedString) and "len(" in code_of(arg.value):
                return f"any(str(count) in call.args[0] for call in {calls})"
    return None


def _lifespan(project, startup, *, new: str, anchor: str, plugins: str) -> tuple[str, str] | None:
    sites = locate.find_calls(project, f"{startup.module_name}.{anchor}")
    if len(sites) != 1:
        return None
    site = sites[0]
    parents = project.metadata(site.path).resolve(cst.metadata.ParentNodeProvider)
    node = site.call
    while node in parents and not isinstance(node, cst.FunctionDef):
        node = parents[node]
    if not isinstance(node, cst.FunctionDef) or locate.top_level(project.module(site.path), node.name.value, cst.FunctionDef) is not node:
        return None
    starts = project.starts(site.path)
    lines = {}
    for call in find_all(node.body, cst.Call):
        for name in (new, plugins):
            if f"{startup.module_name}.{name}" in project.qualified_names(site.path, call.func):
                lines.setdefault(name, starts[call].line)
    if new not in lines or plugins not in lines or lines[new] > lines[plugins]:
        return None
    return project.module_name(site.path), node.name.value


def _clear_function(project, package: str) -> str | None:
    init = project.path_of_module(package)
    if init is None:
        return None
    for name in sorted(_bound_names(project.module(init))):
        if name.startswith(("clear_", "reset_")) and "package" in name:
            try:
                _, func = locate.definition_behind(project, package, name)
            except CodemodError:
                continue
            if not locate.required_params(func):
                return name
    return None


def _bound_names(module: cst.Module) -> set[str]:
    names = set()
    for stmt in module.body:
        if isinstance(stmt, cst.FunctionDef):
            names.add(stmt.name.value)
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                names |= {code_of(a.asname.name) if a.asname else code_of(a.name) for a in small.names}
    return names


def patch_style(project, path: str, anchor: cst.ClassDef) -> PatchStyle:
    """How the anchor class patches: ``@patch(...)`` or ``with patch(...)``."""
    for call in find_all(anchor, cst.Call):
        if PATCH & project.qualified_names(path, call.func):
            decorated = any(d.decorator is call for m in anchor.body.body if isinstance(m, cst.FunctionDef) for d in m.decorators)
            return PatchStyle(code_of(call.func), decorated, needs_import=False)
    bound = locate.module_binds(project.module(path), "patch")
    return PatchStyle("patch", True, needs_import=not bound)


def render_startup_class(facts: StartupFacts, style: PatchStyle, anchor: cst.ClassDef, *, testcase: bool, name: str) -> str:
    bases = f"({', '.join(code_of(b.value) for b in anchor.bases)})" if anchor.bases else ""
    n = len(facts.ids)
    new = (facts.startup, facts.new)
    lines = [f"class {name}{bases}:", f'    """{facts.new}() registers the core stat packages explicitly, as a step of startup."""', ""]
    if facts.clear:
        setup = "setUp" if testcase else "setup_method"
        lines += [f"    def {setup}(self):", *imports([(facts.registry, facts.clear)], " " * 8), "", f"        {facts.clear}()", ""]
    count = f"assert count == {n}" if facts.clear else f"assert count >= {n}"
    if facts.logger:
        target = f'"{facts.startup}.{facts.logger}"'
        checks = [count] + ([f"assert {facts.log_check}"] if facts.log_check else [])
        if style.decorator:
            lines += [f"    @{style.callee}({target})", "    def test_returns_and_logs_the_package_count(self, mock_logger):", *imports([new], " " * 8), "",
                      f"        count = {facts.new}()", ""] + [f"        {c}" for c in checks]
        else:
            lines += ["    def test_returns_and_logs_the_package_count(self):", *imports([new], " " * 8), "",
                      f"        with {style.callee}({target}) as mock_logger:", f"            count = {facts.new}()", ""] + [f"        {c}" for c in checks]
    else:
        lines += ["    def test_returns_the_package_count(self):", *imports([new], " " * 8), "", f"        count = {facts.new}()", "", f"        {count}"]
    ids = ", ".join(f'"{i}"' for i in facts.ids)
    lines += ["", "    def test_registers_every_core_package(self):", *imports([new, (facts.registry, facts.listing)], " " * 8), "",
              f"        {facts.new}()", f"        packages = {facts.listing}()", "", f"        assert {{{ids}}} <= {_as_set(facts.ids_expr)}"]
    if facts.clear:
        lines += ["", "    def test_registers_packages_independently_of_the_app(self):",
                  *imports([new, (facts.registry, facts.clear), (facts.registry, facts.listing)], " " * 8), "", f"        {facts.clear}()", "", f"        assert {facts.new}() == {n}", f"        assert len({facts.listing}()) == {n}"]
    if facts.lifespan:
        module, func = facts.lifespan
        lines += ["", "    def test_registers_before_plugins_load(self):", "        import inspect", "", f"        from {module} import {func}", "",
                  f"        source = inspect.getsource({func})", "", f'        assert "{facts.new}(" in source',
                  f'        assert source.index("{facts.new}(") < source.index("{facts.plugins}(")']
    return "\n".join(lines) + "\n"


def imports(pairs, indent: str) -> list[str]:
    """``from module import a, b`` lines for (module, name) pairs, sorted
    and merged by module."""
    by_module: dict[str, set[str]] = {}
    for module, name in pairs:
        by_module.setdefault(module, set()).add(name)
    return [f"{indent}from {m} import {', '.join(sorted(by_module[m]))}" for m in sorted(by_module)]


def _as_set(expr: str) -> str:
    """A set of what ``expr`` lists (a comprehension stays one)."""
    return "{" + expr[1:-1] + "}" if expr.startswith("[") and expr.endswith("]") else f"set({expr})"


@dataclass(frozen=True)
class DIFacts:
    target: str
    target_module: str
    positional: tuple[str, ...]  # the constructor's positional arguments, as the tests spell them
    requested: tuple[str, ...]  # fixtures the positional arguments need
    injected: tuple[tuple[str, str, str | None, tuple[str, str] | None], ...]  # (param, fixture or None, attribute, (module, class))
    factory: tuple[str, tuple[str, str]] | None  # (module exporting it, (module, class returned))
    factory_name: str
    notes: tuple[str, ...] = field(default=())

    @property
    def needs_magicmock(self) -> bool:
        return "MagicMock()" in self.positional or any(fixture is None for _, fixture, _, _ in self.injected)


def di_facts(project, found: locate.Definition, params: list[str], path: str, calls: list[cst.Call], factory_name: str) -> DIFacts:
    init = next(s for s in found.node.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__")
    in_reach = testsuite.fixtures_in_reach(project, path)
    positional, requested = _positional(project, path, init, calls, in_reach)
    injected = []
    notes = []
    for param in params:
        fixture = next((p + param for p in ("mock_", "fake_", "stub_", "") if p + param in in_reach), None)
        attr = _stored_in(init, param)
        cls = _annotated_class(project, found.path, init, param)
        if attr is None:
            notes.append(f"{found.node.name.value}.__init__ stores {param} in no attribute the checklist can see")
        injected.append((param, fixture, attr, cls))
    factory = _factory(project, factory_name)
    if factory is None:
        notes.append(f"no single {factory_name}() without required arguments and with a return annotation: no factory test")
    return DIFacts(found.node.name.value, found.module_name, tuple(positional), tuple(requested), tuple(injected),
                   factory, factory_name, tuple(notes))


def _positional(project, path, init, calls, in_reach) -> tuple[list[str], list[str]]:
    required = [p.name.value for p in init.params.params[1:] if p.default is None]
    for call in calls:
        args = [a for a in call.args if a.keyword is None and not a.star]
        names = {n.value for a in args for n in find_all(a.value, cst.Name)}
        if len(args) == len(required) and names <= set(in_reach):
            return [code_of(a.value) for a in args], sorted(names)
    return ["MagicMock()"] * len(required), []


def _stored_in(init: cst.FunctionDef, param: str) -> str | None:
    for assign in find_all(init.body, cst.Assign):
        target = single_target(assign)
        value = assign.value
        uses = is_name(value, param) or (isinstance(value, cst.IfExp) and is_name(value.body, param)) or (
            isinstance(value, cst.BooleanOperation) and is_name(value.left, param))
        if uses and is_self_attribute(target):
            return target.attr.value
    return None


def _annotated_class(project, path, init, param) -> tuple[str, str] | None:
    p = next(p for p in init.params.kwonly_params if p.name.value == param)
    if p.annotation is None:
        return None
    ann = p.annotation.annotation
    if isinstance(ann, cst.Subscript) and len(ann.slice) == 1 and isinstance(ann.slice[0].slice, cst.Index):
        ann = ann.slice[0].slice.value
    elif isinstance(ann, cst.BinaryOperation) and is_name(ann.right, "None"):
        ann = ann.left
    return _class_import(project, path, ann)


def _class_import(project, path, expr) -> tuple[str, str] | None:
    for qname in sorted(project.qualified_names(path, expr)):
        if locate.class_named(project, {qname}) is not None:
            module, _, leaf = qname.rpartition(".")
            return module, leaf
    return None


def _factory(project, name: str) -> tuple[str, tuple[str, str]] | None:
    found = [d for d in locate.find_definitions(project, name, "def")]
    if len(found) != 1 or locate.required_params(found[0].node) or found[0].node.returns is None:
        return None
    returned = _class_import(project, found[0].path, found[0].node.returns.annotation)
    if returned is None:
        return None
    module = found[0].module_name
    package = module.rpartition(".")[0]
    init = project.path_of_module(package) if package else None
    if init is not None and locate.module_binds(project.module(init), name):
        module = package
    return module, returned


def writable_di_tests(facts: DIFacts, names: tuple[str, ...]) -> list[str]:
    """The names among ``names`` whose test the facts allow writing."""
    return [n for n in names if n != names[-1] or facts.factory is not None]


def for_testcase(facts: DIFacts) -> DIFacts:
    """The facts for a unittest suite: no fixtures, ``MagicMock()`` objects."""
    injected = tuple((param, None, attr, cls) for param, _, attr, cls in facts.injected)
    return replace(facts, positional=tuple("MagicMock()" for _ in facts.positional), requested=(), injected=injected)


def render_di_tests(facts: DIFacts, wanted: list[str], *, testcase_bases: str | None = None, class_name: str = "") -> str:
    """The dependency-injection tests: module-level pytest functions, or the
    methods of a ``class_name(testcase_bases)`` unittest class."""
    target, blocks, tc = facts.target, [], testcase_bases is not None

    def head(name: str, params: list[str], doc: str) -> list[str]:
        return [f"def {name}({', '.join(['self', *params] if tc else params)}):", f'    """{doc}"""']

    def is_instance(obj: str, cls: str) -> str:
        return f"    self.assertIsInstance({obj}, {cls})" if tc else f"    assert isinstance({obj}, {cls})"

    args = ", ".join(facts.positional)
    if "test_works_with_default_dependencies" in wanted:
        body, needed = [], []
        for param, _, attr, cls in facts.injected:
            if attr is not None and cls is not None:
                needed.append(cls)
                body.append(is_instance(f"service.{attr}", cls[1]))
            elif attr is not None:
                body.append(f"    self.assertIsNotNone(service.{attr})" if tc else f"    assert service.{attr} is not None")
        blocks.append(head("test_works_with_default_dependencies", list(facts.requested), f"{target} works with default dependencies (backward compatible).")
                      + imports(needed, " " * 4) + ([""] if needed else []) + [f"    service = {target}({args})", ""] + body)
    if "test_accepts_injected_dependencies" in wanted:
        fixtures = [f for _, f, _, _ in facts.injected if f is not None]
        setup = [f"    {param} = MagicMock()" for param, f, _, _ in facts.injected if f is None]
        kwargs = ", ".join(f"{param}={f or param}" for param, f, _, _ in facts.injected)
        checks = [f"    self.assertIs(service.{attr}, {f or param})" if tc else f"    assert service.{attr} is {f or param}"
                  for param, f, attr, _ in facts.injected if attr is not None]
        blocks.append(head("test_accepts_injected_dependencies", [*facts.requested, *fixtures], f"{target} accepts injected dependencies (tests can mock them).")
                      + setup + [f"    service = {target}({args}{', ' if args else ''}{kwargs})", ""] + checks)
    if "test_stat_engine_is_created_by_the_factory" in wanted and facts.factory:
        module, (cls_module, cls) = facts.factory
        blocks.append(head("test_stat_engine_is_created_by_the_factory", [], f"{cls} instances come from {facts.factory_name}().")
                      + imports([(module, facts.factory_name), (cls_module, cls)], " " * 4) + ["", is_instance(f"{facts.factory_name}()", cls)])
    if not tc:
        return "\n\n\n".join("\n".join(b) for b in blocks) + "\n"
    methods = "\n\n".join(textwrap.indent("\n".join(b), "    ", lambda line: bool(line.strip())) for b in blocks)
    doc = f'    """The report\'s testing checklist: {target}\'s dependencies, by default and injected."""'
    return f"class {class_name}({testcase_bases}):\n{doc}\n\n{methods}\n"
