"""Zero configuration on real layouts (issue 15): the application package and
every target found by evidence, never from tests; a zero-config run gives
what the configured run gives; runs from a subfolder, on empty folders and
with a wrong ``package`` behave as a user expects."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixmod import runner
from pixmod.cli import main
from pixmod.evidence import Candidate, choose, is_test_path, recording
from pixmod.formatting import Style
from pixmod.layout import project_root
from pixmod.model import CodemodError, SkipCodemod
from pixmod.project import Project

from .conftest import GOLDEN, copy_tree, read_tree

NESTED = GOLDEN / "pipeline" / "nested-layout" / "before"
APP = "org/backend/main"

CONFIGURED = """
[tool.pixmod]
package = "org.backend.main"

[tool.pixmod.stat-packages-startup]
startup_module = "org.backend.main.startup"
main_module = "org.backend.main.main"
stats_package = "org.backend.main.domain.stats"

[tool.pixmod.stat-engine-factory]
engine_module = "org.backend.main.domain.stats.engine"

[tool.pixmod.schemas-barrel]
schemas_package = "org.backend.main.shared.schemas"
"""


def cli(*args: str):
    return CliRunner().invoke(main, [*args])


@pytest.mark.parametrize(
    "path, is_test",
    [
        ("tests/test_x.py", True), ("app/tests/helpers.py", True), ("test/util.py", True), ("app/conftest.py", True),
        ("app/x_test.py", True), ("app/test_x.py", True), ("app/testing.py", False), ("app/contest.py", False),
        ("app/latest/x.py", False), ("app/main.py", False),
    ],
)
def test_what_counts_as_a_test(path: str, is_test: bool) -> None:
    assert is_test_path(path) is is_test


def _candidate(path: str, *evidence: tuple[int, str]) -> Candidate:
    module = path.removesuffix(".py").replace("/", ".")
    return Candidate(path, 1, module, module, evidence)


def test_choose_never_picks_a_test_and_ranks_by_evidence() -> None:
    candidates = [_candidate("tests/test_main.py", (5, "lots")), _candidate("app/cli.py"), _candidate("app/main.py", (2, "lifespan"))]
    with recording() as choices:
        chosen = choose(candidates, codemod="c", what="the entry point", option="main_module", none_found="none")
    assert chosen.path == "app/main.py"
    (choice,) = choices
    reasons = dict((c.path, why) for c, why in choice.rejected)
    assert reasons["tests/test_main.py"].startswith("a test")
    assert reasons["app/cli.py"].startswith("less evidence")
    assert choice.pin_line() == 'main_module = "app.main"'


def test_choose_refuses_only_on_a_tie_listing_five_and_the_pin_line() -> None:
    candidates = [_candidate(f"app/m{i}.py", (1, "x")) for i in range(7)]
    with pytest.raises(CodemodError) as error:
        choose(candidates, codemod="stat-packages-startup", what="the entry point", option="main_module", none_found="none")
    message = str(error.value)
    assert "7 candidates" in message and "app/m4.py" in message and "app/m5.py" not in message and "and 2 more" in message
    assert 'under [tool.pixmod.stat-packages-startup] in pyproject.toml: main_module = "app.m0"' in message


def test_choose_skips_when_only_tests_are_left() -> None:
    with pytest.raises(SkipCodemod, match="outside tests"):
        choose([_candidate("tests/conftest.py")], codemod="c", what="w", option="o", none_found="no module defines X")


def test_the_nested_application_package_is_found_by_evidence() -> None:
    project = Project(NESTED, style=Style())
    assert project.package == "org.backend.main"
    reasons = project.package_choice.chosen.reasons()
    assert "shared/schemas" in reasons and "setup_ecs_components" in reasons


def test_zero_config_equals_the_configured_run(tmp_path: Path) -> None:
    zero = copy_tree(NESTED, tmp_path / "zero")
    configured = copy_tree(NESTED, tmp_path / "configured")
    with (configured / "pyproject.toml").open("a") as handle:
        handle.write(CONFIGURED)
    results = [runner.run(runner.Mode(root=root, action="apply", allow_dirty=True)) for root in (zero, configured)]
    assert [r.exit_code for r in results] == [0, 0]
    assert [(r.name, r.outcome.status) for r in results[0].reports] == [(r.name, r.outcome.status) for r in results[1].reports]
    assert results[0].package == results[1].package == "org.backend.main"
    trees = [read_tree(root) for root in (zero, configured)]
    trees[1]["pyproject.toml"] = trees[0]["pyproject.toml"]
    assert trees[0] == trees[1]


@pytest.mark.parametrize("content", [{}, {"README.md": "# nothing here\n"}, {"web/app.js": "export {};\n"}])
def test_no_python_files_is_a_usage_error(tmp_path: Path, content: dict[str, str]) -> None:
    for rel, text in content.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    result = cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert "no Python files" in result.output


def test_an_unknown_configured_package_is_a_usage_error(tmp_path: Path) -> None:
    tree = copy_tree(NESTED, tmp_path / "tree")
    with (tree / "pyproject.toml").open("a") as handle:
        handle.write('\n[tool.pixmod]\npackage = "does.not.exist"\n')
    result = cli("check", str(tree))
    assert result.exit_code == 2
    assert "package = 'does.not.exist'" in result.output and "no such package" in result.output


def test_the_project_root_of_a_subfolder(tmp_path: Path) -> None:
    tree = copy_tree(NESTED, tmp_path / "tree")
    assert project_root(tree / APP / "services") == tree.resolve()  # inside a package: up to pyproject.toml
    assert project_root(tree / "frontend") == (tree / "frontend").resolve()  # not a package: the folder itself
    (tree / "pyproject.toml").unlink()
    assert project_root(tree / APP / "services") == tree.resolve()  # no marker: the folder holding the top package


def _json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_a_subfolder_run_analyses_the_project_and_reports_paths_from_here(tmp_path: Path, monkeypatch) -> None:
    tree = copy_tree(NESTED, tmp_path / "tree")
    monkeypatch.chdir(tree)
    root_code, from_root = _json(".")
    monkeypatch.chdir(tree / APP / "services")
    sub_code, from_sub = _json(".")
    assert sub_code == root_code == 1
    assert from_sub["package"] == from_root["package"] == "org.backend.main"
    statuses = [(c["name"], c["status"], c["reason"]) for c in from_root["codemods"]]
    assert [(c["name"], c["status"], c["reason"]) for c in from_sub["codemods"]] == statuses
    # the same pending files, reached from the subfolder
    assert sorted(f["path"] for f in from_sub["files"]) == sorted(_from_services(f["path"]) for f in from_root["files"])
    # rule findings: those under PATH only, relative to it
    assert from_sub["findings"] and all(not f["path"].startswith("..") for f in from_sub["findings"])
    assert {f["path"] for f in from_sub["findings"]} == {
        f["path"][len(APP + "/services/"):] for f in from_root["findings"] if f["path"].startswith(APP + "/services/")
    }


def _from_services(path: str) -> str:
    """A root-relative path as seen from org/backend/main/services."""
    return Path(os.path.relpath(path, APP + "/services")).as_posix()


def test_diff_headers_and_annotations_are_relative_to_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    tree = copy_tree(NESTED, tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    diff = CliRunner().invoke(main, ["apply", "--diff", "--no-cache", "tree/org/backend/main/services"])
    assert "--- a/tree/org/backend/main/startup.py" in diff.stdout
    github = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "github", "tree"])
    assert "file=tree/org/backend/main/" in github.stdout


def test_explain_json_shows_choices_evidence_rejections_and_pins(tmp_path: Path, monkeypatch) -> None:
    tree = copy_tree(NESTED, tmp_path / "tree")
    before = read_tree(tree)
    monkeypatch.chdir(tree)
    result = CliRunner().invoke(main, ["explain", "--no-cache", "--output-format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["package"]["name"] == "org.backend.main"
    assert data["package"]["choice"]["pin"] == {"table": "[tool.pixmod]", "line": 'package = "org.backend.main"'}
    codemods = {c["name"]: c for c in data["codemods"]}
    assert "event-handler-registry" in codemods  # opt-in codemods are explained too
    choices = codemods["stat-packages-startup"]["choices"]
    startup = next(c for c in choices if c["what"].startswith("the startup module"))
    main_call = next(c for c in choices if c["what"].startswith("the module calling"))
    assert startup["chosen"]["path"] == f"{APP}/startup.py"
    assert main_call["chosen"]["symbol"].startswith("org.backend.main.main:")
    assert "called from the app's lifespan" in main_call["chosen"]["evidence"]
    assert {r["path"] for r in main_call["rejected"]} <= {"tests/conftest.py", "tests/test_startup.py"}  # tests never chosen
    assert all(r["why"].startswith("a test") for r in main_call["rejected"])
    assert main_call["pin"]["line"] == 'main_module = "org.backend.main.main"'
    (target,) = codemods["prompt-context-di"]["choices"]
    assert target["pin"]["line"].startswith('targets = ["org.backend.main.services.characters.prompt_context_service:')
    assert read_tree(tree) == before  # explain writes nothing


def test_explain_text_on_a_tie_names_the_candidates_and_the_pin_line(tmp_path: Path) -> None:
    tree = copy_tree(GOLDEN / "stat-packages-startup" / "tie-between-callers" / "before", tmp_path / "tree")
    result = CliRunner().invoke(main, ["explain", "--no-cache", "--only", "stat-packages-startup", str(tree)])
    assert result.exit_code == 0, result.output
    assert "none chosen" in result.stdout and "ties on evidence" in result.stdout
    assert 'pin one: main_module = "app.boot"   (under [tool.pixmod.stat-packages-startup] in pyproject.toml)' in result.stdout
