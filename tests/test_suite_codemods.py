"""The codemods whose subject is the target's own tests: tests-use-di and
checklist-tests. Their golden cases check the trees; these check what they
say, and that the tests they write run."""

from __future__ import annotations

from pathlib import Path

from pixmod import runner

from .conftest import GOLDEN, copy_tree


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
