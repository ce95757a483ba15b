"""The codemods whose subject is the target's own tests: tests-use-di and
checklist-tests. Their golden cases check the trees; these check what they
say, and that the tests they write run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pixmod import runner

from .conftest import GOLDEN, SAMPLE, copy_tree
from .test_golden import write_expected_tree

PCS_TESTS = "tests/services/test_prompt_context_service.py::"
STARTUP_TESTS = "tests/test_startup.py::TestSetupStatPackages::"
# Which generated test guards which refactor step: each must fail when its step is undone.
GUARDS = {
    "prompt-context-di": {PCS_TESTS + "test_works_with_default_dependencies", PCS_TESTS + "test_accepts_injected_dependencies"},
    "stat-engine-factory": {PCS_TESTS + "test_stat_engine_is_created_by_the_factory"},
    "stat-packages-startup": {
        STARTUP_TESTS + "test_returns_and_logs_the_package_count",
        STARTUP_TESTS + "test_registers_every_core_package",
        STARTUP_TESTS + "test_registers_packages_independently_of_the_app",
        STARTUP_TESTS + "test_registers_before_plugins_load",
    },
    "main.py calls setup_stat_packages()": {STARTUP_TESTS + "test_registers_before_plugins_load"},
}


def _report(root: Path, name: str):
    result = runner.run(runner.Mode(root=root, action="diff", only=(name,), allow_dirty=True))
    (report,) = [r for r in result.reports if r.name == name]
    return report.outcome


def test_ambiguous_calls_are_named_in_the_notes(tmp_path):
    outcome = _report(copy_tree(GOLDEN / "tests-use-di" / "named-differently" / "before", tmp_path / "t"), "tests-use-di")

    assert outcome.notes == (
        "tests/test_service.py:12: PromptContextService(...) left as is: store could be fake_store (module) or "
        "mock_store (fixture in tests/conftest.py); stat_engine_mock may be meant for stat_engine; pass it by hand",
        "tests/test_service.py:16: PromptContextService(...) left as is: stat_engine_mock may be meant for stat_engine; "
        "pass it by hand",
    )


def test_a_dependency_with_nothing_at_hand_keeps_its_default(tmp_path):
    outcome = _report(copy_tree(GOLDEN / "tests-use-di" / "inline-in-test" / "before", tmp_path / "t"), "tests-use-di")

    assert outcome.notes == ("tests/test_service.py:7: PromptContextService(...): nothing at hand for store; it keeps its default",)


def _apply(root: Path, skip: tuple[str, ...] = ()) -> Path:
    result = runner.run(runner.Mode(root=root, action="apply", skip=skip, allow_dirty=True))
    assert not result.problems and result.exit_code == 0
    return root


def _start_pytest(root: Path) -> subprocess.Popen:
    """The target's own suite, run as its maintainers would (in the background)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root), f"--junitxml={root / 'report.xml'}", "tests"]
    return subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _outcomes(root: Path, process: subprocess.Popen) -> dict[str, str]:
    """Test id -> "passed" / "failed" (errors count as failures)."""
    output = process.communicate(timeout=300)[0]
    outcomes = {}
    for case in ET.parse(root / "report.xml").iter("testcase"):
        module, _, last = case.get("classname").rpartition(".")
        if not last.startswith("Test"):  # a module-level test function
            module, last = case.get("classname"), ""
        test_id = module.replace(".", "/") + ".py::" + (f"{last}::" if last else "") + case.get("name")
        failed = any(child.tag in ("failure", "error") for child in case)
        outcomes[test_id] = "failed" if failed else "skipped" if case.find("skipped") is not None else "passed"
    assert outcomes, output
    return outcomes


def test_generated_checklist_tests_pass_and_each_fails_when_its_step_is_undone(tmp_path):
    refactored = _apply(copy_tree(SAMPLE, tmp_path / "refactored"))
    variants = {"before": copy_tree(SAMPLE, tmp_path / "before"), "refactored": refactored}
    for step in ("prompt-context-di", "stat-engine-factory", "stat-packages-startup"):
        undone = _apply(copy_tree(SAMPLE, tmp_path / step), skip=(step,))
        shutil.rmtree(undone / "tests")
        shutil.copytree(refactored / "tests", undone / "tests")  # the suite as the full refactor left it
        variants[step] = undone
    no_call = variants["main.py calls setup_stat_packages()"] = copy_tree(refactored, tmp_path / "no-call")
    shutil.copy(SAMPLE / "pixsim7/backend/main/main.py", no_call / "pixsim7/backend/main/main.py")

    running = {name: _start_pytest(root) for name, root in variants.items()}  # side by side: the runs take a second or two each
    results = {name: _outcomes(variants[name], process) for name, process in running.items()}

    generated = set(results["refactored"]) - set(results["before"])
    assert generated == set().union(*GUARDS.values())
    assert all(outcome == "passed" for outcome in results["refactored"].values()), results["refactored"]
    for step, guards in GUARDS.items():
        assert {test: results[step][test] for test in guards} == {test: "failed" for test in guards}, step


@pytest.mark.parametrize("case", ["unittest-with-patch", "di-pytest-functions", "di-unittest-suite"])
def test_generated_tests_of_the_golden_cases_pass(case, tmp_path):
    root = write_expected_tree(GOLDEN / "checklist-tests" / case, tmp_path / case)

    outcomes = _outcomes(root, _start_pytest(root))

    assert set(outcomes.values()) == {"passed"}, outcomes
