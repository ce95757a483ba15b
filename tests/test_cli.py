"""The installed command: list, demo, help."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from pixmod.cli import main
from pixmod.registry import listing, pipeline


def test_list_shows_pipeline_order() -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    names = [line.split()[1] for line in result.output.splitlines()]
    assert names == [
        "prompt-context-di", "stat-engine-factory", "stat-packages-startup", "schemas-barrel", "tests-use-di",
        "checklist-tests",
        "dev-guide-di",
        "event-handler-registry",
    ]
    assert names == [c.name for c in pipeline()]
    assert listing() == [(c.name, c.description + ("" if c.default else " (opt-in)")) for c in pipeline()]
    assert result.output.splitlines()[-1].endswith("(opt-in)")
    assert "not implemented" not in result.output


def test_demo_runs_the_pipeline_on_the_bundled_sample() -> None:
    result = subprocess.run([sys.executable, "-m", "pixmod", "demo"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "+def setup_stat_packages() -> int:" in result.stdout
    assert "stat-packages-startup  applied" in result.stderr
    assert "nothing to do: the tree is up to date" in result.stderr


def test_python_dash_m() -> None:
    result = subprocess.run([sys.executable, "-m", "pixmod", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "pixmod apply --diff PATH" in result.stdout


def test_the_command_exits_with_mains_code_and_all_its_output() -> None:
    """``run`` skips the interpreter's teardown: the exit code and every
    line printed must still get out, through pipes."""
    from .conftest import GOLDEN

    sample = GOLDEN / "pipeline" / "sample-backend" / "before"
    for args, code in [(["list"], 0), (["nosuch"], 2), (["check", "--no-cache", str(sample)], 1)]:
        result = subprocess.run([sys.executable, "-m", "pixmod", *args], capture_output=True, text=True)
        assert result.returncode == code, (args, result.stderr)
    listed = subprocess.run([sys.executable, "-m", "pixmod", "list"], capture_output=True, text=True).stdout
    assert listed.splitlines() == CliRunner().invoke(main, ["list"]).output.splitlines()
    demo = subprocess.run([sys.executable, "-m", "pixmod", "demo"], capture_output=True, text=True)
    assert demo.stderr.rstrip().endswith("nothing to do: the tree is up to date"), demo.stderr[-300:]


def test_help_and_list_do_not_import_libcst_or_black() -> None:
    probe = (
        "import sys\nfrom click.testing import CliRunner\nfrom pixmod.cli import main\n"
        "for args in (['--help'], ['list'], ['apply', '--help']):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('libcst', 'black')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_progress_bar_advances_by_what_each_report_adds(monkeypatch) -> None:
    import click

    from pixmod import cli as pcli

    updates: list[int] = []

    class FakeBar:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            updates.append(-1)  # closed

        def update(self, n: int) -> None:
            updates.append(n)

    monkeypatch.setattr(click, "progressbar", lambda **kwargs: FakeBar())
    bar = pcli._ProgressBar()
    bar(5, 20)  # a small batch: no bar
    for done in (30, 60, 150, 200):  # workers report a chunk at a time
        bar(done, 200)
    assert updates == [30, 30, 90, 50, -1]


def test_check_lists_pending_files_on_stdout_also_when_quiet(sample_copy) -> None:
    result = CliRunner().invoke(main, ["check", "-q", "--no-cache", str(sample_copy)])
    assert result.exit_code == 1
    assert result.stderr == ""
    pending = [line for line in result.stdout.splitlines() if "would be" in line]
    assert "pixsim7/backend/main/startup.py:35: would be changed by stat-packages-startup" in pending
    assert "pixsim7/backend/main/domain/stats/factory.py:1: would be created by stat-engine-factory" in pending
    assert "tests/test_startup.py:24: would be changed by checklist-tests" in pending
    assert len(pending) == 11


def test_the_summary_says_applied_only_once_written(git_repo, sample_copy) -> None:
    repo = git_repo(sample_copy)
    main_py = repo / "pixsim7/backend/main/main.py"
    main_py.write_text(main_py.read_text() + "# local edit\n")
    refused = CliRunner().invoke(main, ["apply", "--no-cache", str(repo)])
    assert refused.exit_code == 2
    assert "applied" not in refused.stderr.replace("already applied", "")
    assert "stat-packages-startup  would apply (2 files)" in refused.stderr
    assert refused.stderr.rstrip().endswith("nothing was written")
    planned = CliRunner().invoke(main, ["apply", "--diff", "--no-cache", str(repo)])
    assert "stat-packages-startup  would apply (2 files)" in planned.stderr
    written = CliRunner().invoke(main, ["apply", "--allow-dirty", "--no-cache", str(repo)])
    assert written.exit_code == 0
    assert "stat-packages-startup  applied (2 files)" in written.stderr
