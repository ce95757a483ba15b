"""The runner on real trees: formats kept, all or nothing, git safety, exit codes."""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys

from click.testing import CliRunner

from pixmod import io as pio
from pixmod import runner
from pixmod.cli import main
from pixmod.registry import pipeline

from .conftest import git, read_tree

STARTUP = "pixsim7/backend/main/startup.py"
MAIN = "pixsim7/backend/main/main.py"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_crlf_and_bom_round_trip(sample_copy) -> None:
    for rel in (STARTUP, MAIN):
        path = sample_copy / rel
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("apply", str(sample_copy)).exit_code == 0
    for rel in (STARTUP, MAIN):
        data = (sample_copy / rel).read_bytes()
        assert data.startswith(codecs.BOM_UTF8)
        assert data.count(b"\n") == data.count(b"\r\n")
        assert b"setup_stat_packages" in data
    assert cli("check", str(sample_copy)).exit_code == 0


def test_mode_bits_kept(sample_copy) -> None:
    os.chmod(sample_copy / STARTUP, 0o750)
    assert cli("apply", str(sample_copy)).exit_code == 0
    assert stat.S_IMODE((sample_copy / STARTUP).stat().st_mode) == 0o750


def test_write_failure_on_second_file_leaves_tree_untouched(sample_copy, monkeypatch) -> None:
    before = read_tree(sample_copy)
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("no space left on device (injected)")
        os.replace(src, dst)

    monkeypatch.setattr(pio, "_replace", flaky)
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 2
    assert "injected" in result.output
    assert read_tree(sample_copy) == before


def test_dirty_git_files_are_refused(git_repo, sample_copy) -> None:
    repo = git_repo(sample_copy)
    (repo / STARTUP).write_text((repo / STARTUP).read_text() + "\n# local edit\n")
    before = read_tree(repo)
    result = cli("apply", str(repo))
    assert result.exit_code == 2
    assert "uncommitted changes in pixsim7/backend/main/startup.py" in result.output
    assert "--allow-dirty" in result.output
    assert read_tree(repo) == before
    assert cli("apply", "--allow-dirty", str(repo)).exit_code == 0
    assert "setup_stat_packages" in (repo / MAIN).read_text()


def test_untracked_target_counts_as_dirty(git_repo, sample_copy) -> None:
    repo = git_repo(sample_copy)
    git(repo, "rm", "-q", "--cached", MAIN)
    git(repo, "commit", "-qm", "untrack main")
    assert cli("apply", str(repo)).exit_code == 2


def test_clean_git_tree_and_unrelated_dirty_files_are_fine(git_repo, sample_copy) -> None:
    repo = git_repo(sample_copy)
    (repo / "pixsim7/backend/main/api/v1/auth.py").write_text("# unrelated edit\n")
    assert cli("apply", str(repo)).exit_code == 0


def test_exit_codes(sample_copy) -> None:
    before = read_tree(sample_copy)
    assert cli("check", str(sample_copy)).exit_code == 1
    diff = cli("apply", "--diff", str(sample_copy))
    assert diff.exit_code == 0 and "+def setup_stat_packages() -> int:" in diff.output
    assert cli("apply", "--dry-run", str(sample_copy)).exit_code == 0
    assert read_tree(sample_copy) == before
    assert cli("apply", str(sample_copy)).exit_code == 0
    assert cli("check", str(sample_copy)).exit_code == 0
    assert cli("apply", str(sample_copy)).exit_code == 0


def test_diff_applies_with_git_apply(git_repo, sample_copy) -> None:
    repo = git_repo(sample_copy)
    result = subprocess.run([sys.executable, "-m", "pixmod", "apply", "--diff", "."], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("diff --git a/")
    subprocess.run(["git", "apply", "-"], cwd=repo, input=result.stdout, text=True, check=True)
    assert cli("check", str(repo)).exit_code == 0


def test_json_report(sample_copy) -> None:
    result = CliRunner().invoke(main, ["check", "--output-format", "json", str(sample_copy)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["package"] == "pixsim7.backend.main"
    statuses = {c["name"]: c["status"] for c in data["codemods"]}
    assert statuses["stat-packages-startup"] == "applied"
    assert statuses == dict.fromkeys(statuses, "applied")
    assert {MAIN, STARTUP} <= {f["path"] for f in data["files"]}
    assert {"path": "pixsim7/backend/main/domain/stats/factory.py", "created": True} in [
        {"path": f["path"], "created": f["created"]} for f in data["files"]
    ]


def test_only_and_skip(sample_copy) -> None:
    everything = tuple(c.name for c in pipeline() if c.default)
    skipped_all = cli("check", "--output-format", "json", *(a for name in everything for a in ("--skip", name)), str(sample_copy))
    data = json.loads(skipped_all.stdout)
    assert data["codemods"] == [] and data["files"] == []  # only the rules ran (PX004 findings: exit 1)
    assert skipped_all.exit_code == 1
    assert cli("check", "--only", "stat-packages-startup", str(sample_copy)).exit_code == 1
    bad = cli("check", "--only", "no-such-codemod", str(sample_copy))
    assert bad.exit_code == 2 and "unknown codemod 'no-such-codemod'" in bad.output


def test_missing_path_and_file_path(tmp_path) -> None:
    assert cli("check", str(tmp_path / "missing")).exit_code == 2
    (tmp_path / "f.py").write_text("x = 1\n")
    result = cli("check", str(tmp_path / "f.py"))
    assert result.exit_code == 2 and "not a directory" in result.output


def test_unknown_config_key_is_an_error(sample_copy) -> None:
    (sample_copy / "pyproject.toml").write_text("[tool.pixmod]\npackages = 'x'\n")
    result = cli("check", str(sample_copy))
    assert result.exit_code == 2 and "unknown key 'packages'" in result.output
    (sample_copy / "pyproject.toml").write_text("[tool.pixmod.stat-packages-startup]\nmain = 'x'\n")
    result = cli("check", str(sample_copy))
    assert result.exit_code == 2 and "unknown key 'main'" in result.output


def test_unparsable_target_file_is_an_error_naming_it(sample_copy) -> None:
    path = sample_copy / MAIN
    path.write_text(path.read_text() + "\ndef broken(:\n")
    before = read_tree(sample_copy)
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 2
    assert "main.py:" in result.output and "cannot parse" in result.output
    assert read_tree(sample_copy) == before


def test_format_flag_formats_touched_files_only(sample_copy) -> None:
    path = sample_copy / MAIN
    path.write_text(path.read_text().replace("app = App(lifespan=lifespan)", "app = App( lifespan = lifespan )"))
    untouched = sample_copy / "pixsim7/backend/main/api/v1/auth.py"
    untouched.write_text(untouched.read_text() + "x = [ 1,2 ]\n")
    assert cli("apply", "--format", str(sample_copy)).exit_code == 0
    assert "app = App(lifespan=lifespan)" in path.read_text()
    assert "x = [ 1,2 ]" in untouched.read_text()


def test_runner_reports_package_and_counts(sample_copy) -> None:
    result = runner.run(runner.Mode(root=sample_copy, action="check"))
    assert result.package == "pixsim7.backend.main"
    assert result.file_count == len(list(sample_copy.rglob("*.py")))
