"""A target's test suite as pytest sees it: test files, fixtures, the
conftests in reach of a module, unittest classes.

Shared by the codemods whose subject is the target's tests (``tests-use-di``,
``checklist-tests``); for every other codemod tests are never targets (see
:func:`pixmod.syntax.locate.is_test_file`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pixmod.lazy import cst

from pixmod.syntax.locate import is_test_file
from pixmod.syntax.nodes import named

if TYPE_CHECKING:
    from pixmod.project import Project

FIXTURE = "pytest.fixture"


@dataclass(frozen=True)
class Fixture:
    """A pytest fixture: its name, where it is defined, its scope."""

    name: str
    path: str
    node: cst.FunctionDef
    scope: str = "function"


def test_files(project: "Project") -> list[str]:
    """Every test module and conftest of the tree, in file order."""
    return [rel for rel in project.files if is_test_file(rel)]


def fixture_of(project: "Project", path: str, func: cst.FunctionDef) -> Fixture | None:
    """``func`` (defined in ``path``) as a fixture, if it is decorated with
    ``pytest.fixture`` (bare, called, or imported under any name)."""
    for decorator in func.decorators:
        expr = decorator.decorator
        call = expr if isinstance(expr, cst.Call) else None
        callee = call.func if call is not None else expr
        if FIXTURE not in project.qualified_names(path, callee):
            continue
        name, scope = func.name.value, "function"
        for arg in call.args if call is not None else ():
            if arg.keyword is not None and isinstance(arg.value, cst.SimpleString):
                if arg.keyword.value == "name":
                    name = arg.value.evaluated_value
                elif arg.keyword.value == "scope":
                    scope = arg.value.evaluated_value
        return Fixture(name, path, func, scope)
    return None


def module_fixtures(project: "Project", path: str) -> dict[str, Fixture]:
    """The module-level fixtures of ``path``, by fixture name."""
    found = {}
    for stmt in project.module(path).body:
        if isinstance(stmt, cst.FunctionDef):
            fixture = fixture_of(project, path, stmt)
            if fixture is not None:
                found[fixture.name] = fixture
    return found


def conftests_of(project: "Project", path: str) -> list[str]:
    """The ``conftest.py`` files whose fixtures ``path`` can request: in its
    folder and every folder above it, nearest first."""
    folders = path.split("/")[:-1]
    found = []
    for depth in range(len(folders), -1, -1):
        conftest = "/".join([*folders[:depth], "conftest.py"])
        if conftest != path and project.exists(conftest):
            found.append(conftest)
    return found


def fixtures_in_reach(project: "Project", path: str) -> dict[str, Fixture]:
    """Every fixture a test in ``path`` can request by name: its own module's
    and its conftests' (a nearer definition overrides a farther one)."""
    found: dict[str, Fixture] = {}
    for source in reversed([path, *conftests_of(project, path)]):
        found.update(module_fixtures(project, source))
    return found


def is_testcase(project: "Project", path: str, cls: cst.ClassDef) -> bool:
    """Whether ``cls`` subclasses ``unittest.TestCase`` (or a class named
    ``...TestCase``: Django's, asynctest's): its tests take no fixtures."""
    return any(named(base.value, "TestCase") or "unittest.TestCase" in project.qualified_names(path, base.value) for base in cls.bases)


def requests_fixtures(func: cst.FunctionDef, fixture: Fixture | None, cls: cst.ClassDef | None, testcase: bool) -> bool:
    """Whether pytest passes fixtures to ``func`` by parameter name: a
    fixture, a ``test*`` function, or a ``test*`` method of a plain class."""
    if testcase:
        return False
    return fixture is not None or func.name.value.startswith("test") and (cls is None or cls.name.value.startswith("Test"))
