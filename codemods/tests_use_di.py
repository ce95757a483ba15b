"""tests-use-di: the target's tests inject what a converted class now accepts.

The report's Phase 3, step 2: "Update tests to use dependency injection".
After ``prompt-context-di``, ``PromptContextService`` (``targets``: the same
list) takes its collaborators as keyword-only arguments defaulting to None;
the keyword-only ``= None`` parameters of the tree's real ``__init__`` are
the ones considered. Where a test module or conftest constructs the class
without one of them, and an object for it is at hand, this passes it:

* at hand: a parameter or local of the enclosing function bound before the
  call, a ``self.<name>`` set in ``setUp``/``setup_method`` or earlier in the
  same method, a module-level value, or a fixture of the module or of a
  conftest in reach (then added to the signature of the fixture or test
  that makes the call; a fixture with a broader scope is not given one);
* matched by name: ``<param>``, ``mock_<param>``, ``fake_<param>``,
  ``stub_<param>``.

A function that reads the attributes holding the dependencies
(``service._stat_engine``) tests the defaults: its calls are left alone.
Refuses, leaving the call as written and naming it in the notes: a
parameter with several objects at hand (ambiguous), a call spreading
``**kwargs``. A parameter with nothing at hand keeps its default (noted
when the call gets others). Assertions are never touched: only the
constructor call and the signature of the function around it change.
Skipped: no tests in the tree, the class not found or not converted, no
test constructing it. Already applied: every call passes what is at hand.
"""

from __future__ import annotations

from pixmod.lazy import cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.dependencies import injectable_params, method
from pixmod.formatting import preferred_quote
from pixmod.model import FileChange, Outcome, SkipCodemod
from pixmod.syntax import locate, testsuite
from pixmod.syntax.edit import apply_edits
from pixmod.syntax.nodes import code_of, find_all, is_name, is_self_attribute
from pixmod.syntax.sequences import insert_item
from pixmod.syntax.snippets import refitted, with_params

PREFIXES = ("", "mock_", "fake_", "stub_")
SETUP_METHODS = ("setUp", "setup_method", "asyncSetUp")


def _tight_equal() -> cst.AssignEqual:
    """``=`` without spaces, as keyword arguments are written."""
    return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
NEAR = ("argument", "local", "set up")



class TestsUseDI(Codemod):
    name = "tests-use-di"
    description = "Pass the mocks at hand to the injectable arguments of converted classes in the target's tests."
    options = (Option("targets", [targets.PROMPT_SERVICE], "converted classes: 'Class' (found by definition) or 'module:Class'"),)

    def plan(self, project, options) -> Outcome:
        if not testsuite.test_files(project):
            raise SkipCodemod("no tests in the tree")
        changes, notes, done, pending, unconverted = {}, [], [], 0, []
        for target in options["targets"]:
            module_name, _, class_name = target.rpartition(":")
            found = locate.find_unique_definition(
                project, class_name, kind="class", pinned=module_name or None, option="targets", codemod=self.name
            )
            params = injectable_params(found.node)
            if not params:
                unconverted.append(class_name)
                continue
            names = frozenset(locate.reexported_names(project, found.module_name, class_name))
            files = [p for p in locate.files_naming(project, names) if locate.is_test_file(p)]
            for path in files:
                project.starts(path)  # parses the file: the view then shares its nodes
                calls = locate.calls_to(project.view(path), names)
                pending += len(calls)
                module, count, file_notes = _inject(project, path, calls, params, class_name)
                notes += file_notes
                if count:
                    changes[path] = module
                    done.append(f"{path}: {count} call(s) of {class_name}")
        if unconverted and len(unconverted) == len(options["targets"]):
            raise SkipCodemod(f"{' and '.join(unconverted)} takes no injectable keyword-only arguments (run prompt-context-di first)")
        notes += [f"{name} takes no injectable keyword-only arguments yet: its tests are left alone" for name in unconverted]
        if not pending:
            raise SkipCodemod("no test constructs " + " or ".join(t.rpartition(":")[2] for t in options["targets"]))
        if changes:
            return Outcome.applied("injected the mocks at hand: " + "; ".join(done), [FileChange(p, m.code) for p, m in changes.items()], notes)
        if notes:
            return Outcome.skipped("no test call could be given its dependencies", notes)
        return Outcome.already_applied()


# -- one test file --------------------------------------------------------------


def _inject(project, path, calls, params, class_name) -> tuple[cst.Module, int, list[str]]:
    parents = project.metadata(path).resolve(cst.metadata.ParentNodeProvider)
    starts = project.starts(path)
    in_reach = testsuite.fixtures_in_reach(project, path)
    module_values = _module_values(project.module(path))
    quote = preferred_quote(project.text(path))
    edits, requested, notes, count = {}, {}, [], 0
    for call in calls:
        where = f"{path}:{starts[call].line}: {class_name}(...)"
        if any(arg.star == "**" for arg in call.args):
            notes.append(f"{where} spreads **kwargs; left as is")
            continue
        passed = {arg.keyword.value for arg in call.args if arg.keyword is not None}
        missing = [p for p in params if p not in passed]
        if not missing:
            continue
        func, cls = _enclosing(parents, call)
        if func is not None and _reads_defaults(func, missing):
            continue  # it tests the defaults (checklist-tests' own test does)
        at_hand = _at_hand(project, path, starts, call, func, cls, in_reach, module_values)
        chosen, ambiguous, absent = {}, [], []
        for param in missing:
            found = _matches(at_hand, param)
            if len(found) > 1:
                ambiguous.append(f"{param} could be " + " or ".join(f"{n} ({at_hand[n]})" for n in found))
            elif found:
                chosen[param] = found[0]
            elif near := [n for n in at_hand if f"_{param}_" in f"_{_bare(n)}_"]:
                ambiguous.append(f"{', '.join(sorted(near))} may be meant for {param}; pass it by hand")
            else:
                absent.append(param)
        if ambiguous:
            notes.append(f"{where} left as is: " + "; ".join(ambiguous))
            continue
        if not chosen:
            continue
        if absent:
            notes.append(f"{where}: nothing at hand for {', '.join(absent)}; it keeps its default")
        count += 1
        new_args = [cst.Arg(cst.parse_expression(value), keyword=cst.Name(param), equal=_tight_equal()) for param, value in chosen.items()]
        edits[call] = lambda node, extra=new_args: _with_args(node, extra)
        line = _statement(parents, call)
        if line is not None:
            edits[line] = lambda node, depth=_depth(parents, line): refitted(project.style, node, depth=depth, quote=quote)
        fixtures = [v for v in chosen.values() if at_hand[v].startswith("fixture")]
        if fixtures:
            requested.setdefault(func, [])
            requested[func] += [f for f in fixtures if f not in requested[func]]
    for func, fixtures in requested.items():
        edits[func] = lambda node, extra=fixtures, depth=_depth(parents, func): with_params(project.style, node, extra, depth=depth)
    return apply_edits(project.module(path), edits), count, notes


def _depth(parents, node) -> int:
    """How many blocks deep ``node`` stands."""
    depth = 0
    while node in parents:
        node = parents[node]
        depth += isinstance(node, cst.IndentedBlock)
    return depth


def _statement(parents, node) -> cst.SimpleStatementLine | None:
    while node in parents and not isinstance(node, cst.BaseStatement):
        node = parents[node]
    return node if isinstance(node, cst.SimpleStatementLine) else None


def _reads_defaults(func: cst.FunctionDef, params: list[str]) -> bool:
    """Whether ``func`` looks at the attributes holding the dependencies
    (``service._stat_engine``): a test of the defaults, not a user of them."""
    attrs = {p for param in params for p in (param, "_" + param)}
    return any(node.attr.value in attrs for node in find_all(func.body, cst.Attribute))


def _enclosing(parents, node) -> tuple[cst.FunctionDef | None, cst.ClassDef | None]:
    func = None
    while node in parents:
        node = parents[node]
        if isinstance(node, cst.FunctionDef) and func is None:
            func = node
        elif isinstance(node, cst.ClassDef) and func is not None:
            return func, node
    return func, None


def _at_hand(project, path, starts, call, func, cls, in_reach, module_values) -> dict[str, str]:
    """Objects a call can be given, by how the call would spell them, with
    where each comes from (``fixture ...`` when it must be requested)."""
    line = starts[call].line
    found = {name: "module" for name in module_values}
    testcase = cls is not None and testsuite.is_testcase(project, path, cls)
    if func is not None:
        own = testsuite.fixture_of(project, path, func)
        # A fixture is requested by a new parameter, which cannot follow one with a default.
        defaults = any(p.default is not None for p in func.params.params)
        if testsuite.requests_fixtures(func, own, cls, testcase) and (own is None or own.scope == "function") and not defaults:
            for name, fixture in in_reach.items():
                if own is None or name != own.name:
                    found[name] = f"fixture in {fixture.path}"
        params = func.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            found[param.name.value] = "argument"
        for name in _bound_before(func, starts, line):
            found[name] = "local"
        if cls is not None and params.params and is_name(params.params[0].name, "self"):
            setups = [m for m in (method(cls, n) for n in SETUP_METHODS) if m is not None and m is not func]
            for name in {a for m in setups for a in _bound_before(m, starts, None) if a.startswith("self.")}:
                found[name] = "set up"
    return {name: source for name, source in found.items() if not name.startswith("self.") or func is not None}


def _matches(at_hand: dict[str, str], param: str) -> list[str]:
    """The objects named ``<param>``, ``mock_<param>``, ``fake_<param>`` or
    ``stub_<param>``: the nearest ones (the function's own arguments, locals
    and ``self.`` attributes) if any, else module values and fixtures."""
    spelled = [prefix + param for prefix in PREFIXES]
    found = sorted(name for name in at_hand if _bare(name) in spelled)
    near = [name for name in found if at_hand[name] in NEAR]
    return near or found


def _bare(name: str) -> str:
    return name.rpartition(".")[2]


def _bound_before(func: cst.FunctionDef, starts, line: int | None) -> set[str]:
    """Names (and ``self.x`` attributes) bound in ``func`` before ``line``."""
    targets = []
    for node in find_all(func.body, cst.Assign, cst.AnnAssign, cst.WithItem):
        if line is not None and starts[node].line >= line:
            continue
        if isinstance(node, cst.Assign):
            targets += [t.target for t in node.targets]
        elif isinstance(node, cst.AnnAssign):
            targets.append(node.target)
        elif node.asname is not None:
            targets.append(node.asname.name)
    return {code_of(t) for t in targets if is_name(t) or is_self_attribute(t)}


def _module_values(module: cst.Module) -> set[str]:
    """Module-level names bound to values (assignments and imports; not
    functions, whose names may be fixtures rather than objects)."""
    names = set()
    for stmt in module.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign):
                names |= {t.target.value for t in small.targets if is_name(t.target)}
            elif isinstance(small, cst.AnnAssign) and is_name(small.target) and small.value is not None:
                names.add(small.target.value)
    return names


def _with_args(call: cst.Call, extra: list[cst.Arg]) -> cst.Call:
    """``call`` with ``extra`` appended, in the layout of its arguments."""
    args = list(call.args)
    for arg in extra:
        args, _ = insert_item(args, len(args), arg, opening=call.whitespace_before_args)
    return call.with_changes(args=args)
