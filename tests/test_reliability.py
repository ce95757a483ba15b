"""Nothing lost, clear errors: bad inputs get a message and a defined exit code."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from pixmod import io as pio
from pixmod.cli import main
from pixmod.registry import pipeline

from .conftest import GOLDEN, default_sigint, git, read_tree
from .test_golden import write_expected_tree

STARTUP = "pixsim7/backend/main/startup.py"
MAIN = "pixsim7/backend/main/main.py"
ENGINE_USER = "pixsim7/backend/main/domain/brain/engine.py"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


# -- unparsable and undecodable files ------------------------------------------


def test_unparsable_file_no_codemod_needs_is_not_an_error(sample_copy) -> None:
    (sample_copy / "pixsim7/backend/main/api/v1/broken.py").write_text("def oops(:\n    pass\n")
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 0, result.output
    assert "setup_stat_packages" in (sample_copy / MAIN).read_text()


def test_unparsable_candidate_is_an_error_naming_file_and_line(sample_copy) -> None:
    path = sample_copy / ENGINE_USER
    text = path.read_text() + "\n\ndef broken(:\n    return StatEngine()\n"
    path.write_text(text)
    before = read_tree(sample_copy)
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 2
    line = text.splitlines().index("def broken(:") + 1  # where Python itself places the error
    assert f"{ENGINE_USER}:{line}:" in result.output and "cannot parse" in result.output
    assert read_tree(sample_copy) == before


def test_unparsable_file_read_only_as_evidence_is_a_warning_and_the_run_goes_on(sample_copy) -> None:
    # It imports from shared.schemas, so schemas-barrel reads it to count the
    # areas using each name; no codemod edits it.
    broken = "pixsim7/backend/main/api/v1/broken.py"
    (sample_copy / broken).write_text(
        "from pixsim7.backend.main.shared.schemas import GenerationRequest\ndef oops(:\n    pass\n"
    )
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {broken}:2:10: cannot parse: invalid syntax; "
        "its uses of pixsim7.backend.main.shared.schemas are not counted"
    ) in result.output
    assert "schemas-barrel         applied (1 file)" in result.output
    assert (sample_copy / broken).read_text().startswith("from pixsim7")
    # located at the file in annotations
    github = cli("check", "--output-format", "github", str(sample_copy)).output.splitlines()
    assert any(line.startswith(f"::warning file={broken},title=pixmod::{broken}:2:10: cannot parse") for line in github), github


def test_undecodable_candidate_is_skipped_with_a_warning(sample_copy) -> None:
    (sample_copy / "pixsim7/backend/main/api/v1/legacy.py").write_bytes(b"# StatEngine\nname = '\xff\xfe'\n")
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 0, result.output
    assert "warning: pixsim7/backend/main/api/v1/legacy.py: skipped: " in result.output


def test_check_with_the_cache_reports_an_undecodable_file_cold_and_warm(sample_copy, tmp_path, monkeypatch) -> None:
    """The replayed check's key covers an undecodable file by its bytes: it
    once raised out of the key, a traceback on a tree with one such file."""
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))
    path = sample_copy / STARTUP
    path.write_bytes(b"\xff" + path.read_bytes())
    first = cli("check", "-j", "1", str(sample_copy))
    again = cli("check", "-j", "1", str(sample_copy))
    assert first.exception is None or isinstance(first.exception, SystemExit), repr(first.exception)
    assert first.exit_code in (0, 1, 2) and "cannot decode" in first.output, first.output
    assert (again.exit_code, again.output) == (first.exit_code, first.output)
    path.write_bytes(b"\xfe" + path.read_bytes()[1:])  # other undecodable bytes: not a replay of the first
    assert "byte 0xfe" in cli("check", "-j", "1", str(sample_copy)).output


def test_latin1_file_with_cookie_stays_latin1(sample_copy) -> None:
    path = sample_copy / STARTUP
    text = path.read_text().replace('"""Startup helpers', '# -*- coding: latin-1 -*-\n"""Startup helpers (café)', 1)
    path.write_bytes(text.encode("latin-1"))
    assert cli("apply", str(sample_copy)).exit_code == 0
    data = path.read_bytes()
    assert "café".encode("latin-1") in data and b"def setup_stat_packages" in data
    data.decode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.rstrip("\n"),  # no final newline
        lambda t: t.replace("    ", "\t"),  # tabs
        lambda t: t + "\n\n\n",  # trailing blank lines
    ],
    ids=["no-final-newline", "tabs", "trailing-blank-lines"],
)
def test_edited_files_keep_their_shape(sample_copy, mutate) -> None:
    path = sample_copy / MAIN
    original = mutate(path.read_text())
    path.write_text(original)
    assert cli("apply", str(sample_copy)).exit_code == 0
    new = path.read_text()
    assert new.endswith("\n") == original.endswith("\n")
    assert new.count("\t") >= original.count("\t")
    assert cli("check", str(sample_copy)).exit_code == 0


def test_empty_files_round_trip(sample_copy) -> None:
    empty = sample_copy / "pixsim7/backend/main/api/v1/empty.py"
    empty.write_bytes(b"")
    assert cli("apply", str(sample_copy)).exit_code == 0
    assert empty.read_bytes() == b""


# -- permissions and the file system -------------------------------------------


def test_read_only_target_is_refused_before_any_write(sample_copy, monkeypatch) -> None:
    # CI runs as root, which ignores mode bits; so the file is made
    # read-only through the os.access check pixmod relies on.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p).endswith("main/main.py") else real_access(p, mode))
    before = read_tree(sample_copy)
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 2 and f"{MAIN}: not writable" in result.output
    assert read_tree(sample_copy) == before


def test_symlinks_are_not_followed_out_of_path(tmp_path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(GOLDEN / "pipeline/sample-backend/before", outside)
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink(outside / "pixsim7", tree / "pixsim7")
    before = read_tree(outside)
    result = cli("apply", str(tree))
    # the symlinked package is not followed: no Python file under PATH is a usage error
    assert result.exit_code == 2 and "no Python files" in result.output
    assert read_tree(outside) == before


def test_gitignored_and_tool_folders_are_not_scanned(git_repo, sample_copy) -> None:
    generated = sample_copy / "pixsim7/backend/main/generated"
    generated.mkdir()
    (generated / "__init__.py").write_text("")
    (generated / "engine_copy.py").write_text("from ..domain.stats import StatEngine\nE = StatEngine()\n")
    (sample_copy / ".gitignore").write_text("pixsim7/backend/main/generated/\n")
    for folder in ("node_modules/x", "build/lib", "dist", ".venv/lib"):
        (sample_copy / folder).mkdir(parents=True)
        (sample_copy / folder / "mod.py").write_text("from pixsim7.backend.main.domain.stats import StatEngine\nStatEngine()\n")
    repo = git_repo(sample_copy)
    assert cli("apply", str(repo)).exit_code == 0
    assert "StatEngine()" in (repo / "pixsim7/backend/main/generated/engine_copy.py").read_text()
    for folder in ("node_modules/x", "build/lib", "dist", ".venv/lib"):
        assert "StatEngine()" in (repo / folder / "mod.py").read_text()


# -- transactions ----------------------------------------------------------------

INTERRUPTED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pixmod import io as pio

    real_stage = pio._stage
    def slow_stage(target, data, mode):
        print("staging", flush=True)
        time.sleep(0.4)
        return real_stage(target, data, mode)
    pio._stage = slow_stage
    root = Path(sys.argv[1])
    writes = [pio.PendingWrite(root / f"f{i}.py", b"new\\n", pio.content_digest(b"old\\n"), 0o644) for i in range(4)]
    pio.write_files(writes)
    print("done", flush=True)
    time.sleep(5)
    """
)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_write_leaves_no_partial_state(tmp_path, signum) -> None:
    for i in range(4):
        (tmp_path / f"f{i}.py").write_bytes(b"old\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True,
        preexec_fn=default_sigint,  # SIGINT as in a terminal, even when the tests run in the background
    )
    assert proc.stdout.readline().strip() == "staging"
    time.sleep(0.5)  # in the middle of staging the second file
    proc.send_signal(signum)
    proc.wait(timeout=20)
    contents = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(contents) == [f"f{i}.py" for i in range(4)]  # no temporary file left
    assert set(contents.values()) in ({b"old\n"}, {b"new\n"})  # all or nothing


def test_two_runs_on_one_tree_cannot_interleave(sample_copy) -> None:
    with pio.tree_lock(sample_copy):
        result = cli("apply", str(sample_copy))
    assert result.exit_code == 2
    assert "another pixmod apply" in result.output
    assert cli("apply", str(sample_copy)).exit_code == 0  # released


# -- git ---------------------------------------------------------------------------


def test_outside_git_it_writes(sample_copy) -> None:
    assert pio.git_dirty(sample_copy, [sample_copy / MAIN]) is None
    assert cli("apply", str(sample_copy)).exit_code == 0


def test_dirty_file_pixmod_does_not_touch_is_fine(git_repo, sample_copy) -> None:
    repo = git_repo(sample_copy)
    (repo / "pixsim7/backend/main/api/v1/untracked_note.py").write_text("x = 1\n")
    assert cli("apply", str(repo)).exit_code == 0
    assert git(repo, "status", "--porcelain", "--", MAIN).startswith(" M")


# -- new syntax --------------------------------------------------------------------

NEW_SYNTAX = '''\
from pixsim7.backend.main.domain.stats import StatEngine


def first[T](items: list[T]) -> T:
    return items[0]


type Pair = tuple[int, int]


def route(command):
    match command:
        case {"engine": True}:
            return StatEngine()
        case [x, *rest] if (n := len(rest)) > 1:
            return n
        case _:
            return f"{'nested ' + f'{command!r}'}"


def gather():
    try:
        pass
    except* ValueError:
        pass
'''


def test_new_python_syntax_is_handled(sample_copy) -> None:
    modern = sample_copy / "pixsim7/backend/main/services/modern.py"
    modern.write_text(NEW_SYNTAX)
    result = cli("apply", str(sample_copy))
    assert result.exit_code == 0, result.output
    text = modern.read_text()
    assert "return create_stat_engine()" in text and "def first[T]" in text and "except* ValueError" in text
    assert cli("check", str(sample_copy)).exit_code == 0


# -- a tree refactored by hand, files moved ------------------------------------------


def test_hand_refactored_tree_with_moved_files_is_already_applied(tmp_path) -> None:
    tree = tmp_path / "tree"
    write_expected_tree(GOLDEN / "pipeline/sample-backend", tree)
    base = tree / "pixsim7/backend/main"
    (base / "core").mkdir()
    (base / "core/__init__.py").write_text("")
    shutil.move(base / "startup.py", base / "core/startup.py")
    main_py = base / "main.py"
    main_py.write_text(main_py.read_text().replace("pixsim7.backend.main.startup", "pixsim7.backend.main.core.startup"))
    before = read_tree(tree)
    result = cli("check", str(tree))
    assert result.exit_code == 0, result.output
    assert result.output.count("already applied") == len([c for c in pipeline() if c.default])  # every default codemod
    assert read_tree(tree) == before


def test_rules_meeting_an_unparsable_module_warn_instead_of_crashing(sample_copy) -> None:
    # Found by the mutation fuzzer: a NUL byte in the engine module made PX003
    # raise while resolving a class defined there, and check crashed.
    engine = sample_copy / "pixsim7/backend/main/domain/stats/engine.py"
    engine.write_bytes(b"\x00" + engine.read_bytes())
    result = cli("check", str(sample_copy))
    assert result.exit_code in (1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "engine.py:1:0: cannot parse" in result.output
