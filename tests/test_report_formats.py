"""Every warning in every output format: text, JSON, SARIF's tool execution
notifications, GitHub's workflow commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixmod.cli import main

UNPARSABLE = "PX002 did not check app/bad.py:2:11: cannot parse: '(' was never closed"


@pytest.fixture
def tree_with_unreadable_files(tmp_path) -> Path:
    root = tmp_path / "tree"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "reg.py").write_text("def register_x(v):\n    pass\n")
    (root / "app" / "bad.py").write_text("from app.reg import register_x\nregister_x(1\n")  # PX002 would look here
    (root / "app" / "latin.py").write_bytes(b"\xff\xfe\x00bad = 1\n")  # not UTF-8: not read at all
    return root


def _check(root: Path, fmt: str):
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", fmt, str(root)])
    assert result.exit_code == 0, result.output
    return result


def _expected_warnings(root: Path) -> list[str]:
    data = json.loads(_check(root, "json").stdout)
    assert UNPARSABLE in data["warnings"]
    assert any(w.startswith("app/latin.py: skipped:") for w in data["warnings"])
    return data["warnings"]


def test_warnings_in_text(tree_with_unreadable_files) -> None:
    text = _check(tree_with_unreadable_files, "text").output
    for warning in _expected_warnings(tree_with_unreadable_files):
        assert f"warning: {warning}" in text


def _file_of(warning: str) -> str:
    """The file each warning of the tree concerns."""
    return "app/latin.py" if warning.startswith("app/latin.py") else "app/bad.py"


def test_warnings_in_sarif(tree_with_unreadable_files) -> None:
    sarif = json.loads(_check(tree_with_unreadable_files, "sarif").stdout)
    [invocation] = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    warnings = _expected_warnings(tree_with_unreadable_files)
    assert [n["message"]["text"] for n in notes] == warnings
    assert {n["level"] for n in notes} == {"warning"}
    # each concerns one file: located there, by a uri relative as the results' are
    assert [n["locations"] for n in notes] == [
        [{"physicalLocation": {"artifactLocation": {"uri": _file_of(w)}}}] for w in warnings
    ]


def test_warnings_in_github(tree_with_unreadable_files) -> None:
    lines = _check(tree_with_unreadable_files, "github").stdout.splitlines()
    for warning in _expected_warnings(tree_with_unreadable_files):
        escaped = warning.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        assert f"::warning file={_file_of(warning)},title=pixmod::{escaped}" in lines


def test_warning_locations_are_shown_from_the_current_folder(tree_with_unreadable_files, monkeypatch) -> None:
    monkeypatch.chdir(tree_with_unreadable_files.parent)
    sarif = json.loads(_check(tree_with_unreadable_files, "sarif").stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes} == {"tree/app/bad.py", "tree/app/latin.py"}
    lines = _check(tree_with_unreadable_files, "github").stdout.splitlines()
    assert any(line.startswith("::warning file=tree/app/bad.py,title=pixmod::PX002 did not check") for line in lines)


def test_a_warning_about_no_one_file_has_no_location(tmp_path) -> None:
    from pixmod.model import RunWarning
    from pixmod.report import to_github, to_json, to_sarif
    from pixmod.runner import Mode, RunResult

    result = RunResult(
        mode=Mode(root=tmp_path, action="check"), package="app", reports=(), files=(),
        warnings=(RunWarning("PX004 stopped early: two engines"), RunWarning("a, b: c.py: cannot parse", "a, b: c.py")),
        root=tmp_path,
    )
    notes = json.loads(to_sarif(result))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "locations" not in notes[0] and notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a, b: c.py"
    assert to_github(result).splitlines() == [
        "::warning title=pixmod::PX004 stopped early: two engines",
        "::warning file=a%2C b%3A c.py,title=pixmod::a, b: c.py: cannot parse",  # a property's , and : escaped
    ]
    assert json.loads(to_json(result))["warnings"] == ["PX004 stopped early: two engines", "a, b: c.py: cannot parse"]


def test_a_failed_run_is_not_successful_in_sarif_and_says_why(sample_copy) -> None:
    """A codemod error fails the run: SARIF says the execution was not
    successful and carries the error as a notification; GitHub shows it as
    an ``::error``."""
    clash = sample_copy / "pixsim7" / "backend" / "main" / "domain" / "stats" / "other.py"
    clash.write_text("def create_stat_engine(seed):\n    return seed\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "sarif", str(sample_copy)])
    assert result.exit_code == 2
    [invocation] = json.loads(result.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    errors = [n["message"]["text"] for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert any(e.startswith("stat-engine-factory: error:") for e in errors), errors
    github = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "github", str(sample_copy)])
    assert any(line.startswith("::error title=pixmod::stat-engine-factory: error:") for line in github.stdout.splitlines())
