"""checklist-tests: the report's testing checklist, as tests in the target's suite.

Appendix B of the report lists what to test after the refactor. This writes
those tests where the target's own tests already are, in their style, with
the expected values read from the target's real code:

* Phase 2, in the test module holding ``TestSetupEcsComponents`` (the
  startup tests), a ``TestSetupStatPackages`` class right after that class, with its bases and its ``patch`` style
  (decorator or ``with``): ``setup_stat_packages()`` returns and logs the
  package count; every core package is registered; packages register
  without the app (on a cleared registry, where the stats package exports a
  ``clear_*``/``reset_*`` function); the lifespan calls it before
  ``setup_plugins()``. The package ids and their count are what
  ``register_core_stat_packages`` registers, read from its source (each
  registering function's ``id=`` literal or module constant); the lifespan
  is the function calling ``setup_ecs_components()``.
* Phase 3, at the end of the module testing ``PromptContextService`` (the
  one constructing it), as test functions requesting the fixtures its
  existing tests use: the class works with default dependencies (each
  injectable attribute holds an instance of its annotated class), accepts
  injected ones (``mock_<param>`` fixtures in reach, else ``MagicMock()``),
  and ``create_stat_engine()`` returns a ``StatEngine``. Where that module's
  tests are ``unittest.TestCase`` classes, they go in a new
  ``Test<Class>Dependencies`` class on the same base, with ``MagicMock()``
  objects and ``self.assert...`` methods.

Names the refactor introduces are imported inside each test, so that
undoing one step fails its own tests, not the whole module.

Refuses a part (named in the notes) whose step has not run, whose test
module is not found, or whose expected values cannot be read. Skipped: no
tests in the tree, or no part can be written. Already applied: the class
and the test functions exist.
"""

from __future__ import annotations

from pixmod.lazy import cst

from pixmod import checklist, targets
from pixmod.codemod import Codemod, Option
from pixmod.dependencies import injectable_params
from pixmod.formatting import preferred_quote
from pixmod.model import CodemodError, FileChange, Outcome, SkipCodemod
from pixmod.stat_registry import find_registry
from pixmod.syntax import locate, testsuite
from pixmod.syntax.imports import ensure_import
from pixmod.syntax.statements import insert_definition_after, with_blank_lines

ANCHOR, NEW, PLUGINS = targets.ECS_SETUP, targets.STAT_PACKAGES_SETUP, targets.PLUGINS_SETUP
REGISTER, LIST, FACTORY = targets.REGISTER_STAT_PACKAGES, targets.LIST_STAT_PACKAGES, targets.ENGINE_FACTORY
STARTUP_CLASS = "TestSetupStatPackages"
ANCHOR_CLASS = "TestSetupEcsComponents"
DI_TESTS = ("test_works_with_default_dependencies", "test_accepts_injected_dependencies", "test_stat_engine_is_created_by_the_factory")


class ChecklistTests(Codemod):
    name = "checklist-tests"
    description = "Write the report's testing checklist (Appendix B) as tests in the target's own suite."
    options = (Option("target", targets.PROMPT_SERVICE, "the converted class whose dependency-injection checklist is written"),)

    def plan(self, project, options) -> Outcome:
        if not testsuite.test_files(project):
            raise SkipCodemod("no tests folder: the checklist has no suite to join")
        modules, notes, done, present = {}, [], [], 0
        for part in (_startup_part, _di_part):
            try:
                path, module, what, part_notes = part(project, options, modules)
            except SkipCodemod as exc:
                notes.append(str(exc))
                continue
            notes += part_notes
            if module is None:
                present += 1
                continue
            modules[path] = module
            done.append(f"{what} in {path}")
        if modules:
            return Outcome.applied("; ".join(done), [FileChange(p, m.code) for p, m in modules.items()], notes)
        if present:
            return Outcome.already_applied(notes=notes)
        return Outcome.skipped("; ".join(notes))


# -- Phase 2: the startup test class ---------------------------------------------


def _startup_part(project, options, modules):
    startup = _definition(project, ANCHOR, "Phase 2")
    if locate.top_level(project.module(startup.path), NEW, cst.FunctionDef) is None:
        raise SkipCodemod(f"Phase 2 checklist not written: {startup.path} has no {NEW}() (stat-packages-startup has not run)")
    path, anchor = _startup_test_module(project, f"{startup.module_name}.{ANCHOR}")
    module = project.module(path)
    if locate.top_level(module, STARTUP_CLASS, cst.ClassDef) is not None:
        return path, None, "", []
    try:
        registry = find_registry(project, None, "checklist-tests")
    except CodemodError as exc:
        raise SkipCodemod(f"Phase 2 checklist not written: {exc}")
    facts = checklist.startup_facts(project, startup, registry, new=NEW, register=REGISTER, listing=LIST, anchor=ANCHOR, plugins=PLUGINS)
    style = checklist.patch_style(project, path, anchor)
    testcase = testsuite.is_testcase(project, path, anchor)
    code = checklist.render_startup_class(facts, style, anchor, testcase=testcase, name=STARTUP_CLASS)
    quote = preferred_quote(project.text(path))
    new = cst.parse_module(project.style.format(code, quote=quote)).body[0]
    module = insert_definition_after(module, anchor, new)
    if style.needs_import:
        module = ensure_import(module, module_name=project.module_name(path) or "", package=project.package_of(path) or "", source="unittest.mock", name="patch")
    return path, module, f"{STARTUP_CLASS} ({len(facts.ids)} core packages)", list(facts.notes)


def _startup_test_module(project, anchor_name: str):
    """The test module testing ``setup_ecs_components`` and the class (or
    last test) the new class goes after."""
    found = []
    for path in project.files_containing(f"class {ANCHOR_CLASS}"):
        if not locate.is_test_file(path):
            continue
        cls = locate.top_level(project.module(path), ANCHOR_CLASS, cst.ClassDef)
        if cls is not None:
            found.append((path, cls))
    if not found:
        raise SkipCodemod(f"Phase 2 checklist not written: no test module defines {ANCHOR_CLASS}")
    if len(found) > 1:
        raise SkipCodemod(f"Phase 2 checklist not written: {ANCHOR_CLASS} is defined in {' and '.join(p for p, _ in found)}")
    return found[0]


# -- Phase 3: the dependency-injection tests ----------------------------------------


def _di_part(project, options, modules):
    target = options["target"]
    found = _definition(project, target, "Phase 3", kind="class")
    params = injectable_params(found.node)
    if not params:
        raise SkipCodemod(f"Phase 3 checklist not written: {target} takes no injectable arguments (prompt-context-di has not run)")
    names = frozenset(locate.reexported_names(project, found.module_name, target))
    sites = []
    for path in project.files_containing(target):
        if locate.is_test_file(path):
            project.starts(path)  # parses the file: the view then shares its nodes
            sites += [(path, call) for call in locate.calls_to(project.view(path), names)]
    if not sites:
        raise SkipCodemod(f"Phase 3 checklist not written: no test constructs {target}")
    path = max({p for p, _ in sites}, key=lambda p: (sum(1 for q, _ in sites if q == p), target.lower() in p.replace("_", "")))
    module = modules.get(path) or project.module(path)
    calls = [c for p, c in sites if p == path]
    facts = checklist.di_facts(project, found, params, path, calls, FACTORY)
    bases = _testcase_bases(project, path, calls)
    class_name = f"Test{target}Dependencies"
    if bases is not None:
        facts = checklist.for_testcase(facts)
        wanted = [] if locate.top_level(module, class_name, cst.ClassDef) else checklist.writable_di_tests(facts, DI_TESTS)
    else:
        wanted = [n for n in checklist.writable_di_tests(facts, DI_TESTS) if locate.top_level(module, n, cst.FunctionDef) is None]
    if not wanted:
        return path, None, "", []
    code = checklist.render_di_tests(facts, wanted, testcase_bases=bases, class_name=class_name)
    quote = preferred_quote(project.text(path))
    new = list(cst.parse_module(project.style.format(code, quote=quote)).body)
    body = list(module.body) + [with_blank_lines(new[0], 2), *new[1:]]
    module = module.with_changes(body=body)
    if facts.needs_magicmock:
        module = ensure_import(module, module_name=project.module_name(path) or "", package=project.package_of(path) or "", source="unittest.mock", name="MagicMock")
    return path, module, f"the dependency-injection tests of {target}", list(facts.notes)


def _testcase_bases(project, path: str, calls) -> str | None:
    """The bases of the unittest classes the calls sit in (the first's), if
    they all sit in one: the module's tests are a unittest suite."""
    parents = project.metadata(path).resolve(cst.metadata.ParentNodeProvider)
    found = []
    for call in calls:
        node = call
        while node in parents and not isinstance(node, cst.ClassDef):
            node = parents[node]
        if not isinstance(node, cst.ClassDef) or not testsuite.is_testcase(project, path, node):
            return None
        found.append(node)
    return ", ".join(cst.Module([]).code_for_node(b.value) for b in found[0].bases) if found else None


def _definition(project, name, phase, kind="def"):
    try:
        return locate.find_unique_definition(project, name, kind=kind, pinned=None, option="", codemod="checklist-tests")
    except (SkipCodemod, CodemodError) as exc:
        raise SkipCodemod(f"{phase} checklist not written: {exc}")
