"""The engine's contracts: warm replays, shards, the public-LibCST path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from pixmod.cli import main
from pixmod.project import shard_of


def check(root, *extra: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--output-format", "json", "-j", "1", *extra, str(root)])
    return result.exit_code, json.loads(result.output)


def test_a_check_of_an_unchanged_tree_is_replayed_without_libcst_or_black(sample_copy, tmp_path) -> None:
    env = {**os.environ, "PIXMOD_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "pixmod", "check", "--output-format", "json", str(sample_copy)]
    first = subprocess.run(command, env=env, capture_output=True, text=True)
    probe = (
        "import runpy, sys; sys.argv = " + repr(["pixmod", *command[3:]]) + "\n"
        "try:\n    runpy.run_module('pixmod.cli', run_name='not_main').get('main')()\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print('\\nIMPORTED', any(m.split('.')[0] in ('libcst', 'black') for m in sys.modules), code)\n"
    )
    second = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    output, _, tail = second.stdout.rpartition("\nIMPORTED ")
    assert json.loads(output) == json.loads(first.stdout)
    assert tail.split() == ["False", str(first.returncode)]


def test_a_tree_no_codemod_applies_to_is_checked_without_libcst(tmp_path) -> None:
    """Cold, with rule findings: the codemods skip on the text of the tree
    (no target defined), so LibCST is never imported (pixmod.lazy)."""
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plugins.py").write_text("import httpx\n\nregister_all()\n\n\nclass Service:\n    def __init__(self):\n        self.http = httpx.AsyncClient()\n")
    probe = (
        "import runpy, sys; sys.argv = " + repr(["pixmod", "check", "--no-cache", "-j", "1", str(tmp_path)]) + "\n"
        "try:\n    runpy.run_module('pixmod.cli', run_name='not_main').get('main')()\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "print('\\nIMPORTED', sorted({m.split('.')[0] for m in sys.modules} & {'libcst', 'black'}), code)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert "PX002" in run.stdout and "PX003" in run.stdout, run.stdout + run.stderr
    assert run.stdout.rpartition("\nIMPORTED ")[2].split() == ["[]", "0"], run.stdout + run.stderr


def test_an_edit_or_another_setting_is_not_replayed(sample_copy, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))
    code, first = check(sample_copy)
    assert (code, first) == check(sample_copy)
    engine = sample_copy / "pixsim7/backend/main/domain/brain/engine.py"
    engine.write_text(engine.read_text() + "\n\ndef another():\n    return StatEngine()\n")
    _, edited = check(sample_copy)
    assert len([f for f in edited["findings"] if f["code"] == "PX004"]) == len([f for f in first["findings"] if f["code"] == "PX004"]) + 1
    _, only = check(sample_copy, "--only", "schemas-barrel")
    assert only["codemods"] != edited["codemods"]


def test_shards_partition_the_report(sample_copy, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))
    code, whole = check(sample_copy, "--no-cache")
    parts = [check(sample_copy, "--shard", f"{i}/3") for i in (1, 2, 3)]
    key = lambda f: (f["path"], f["line"], f["col"], f["code"])  # noqa: E731
    assert sorted((f for _, p in parts for f in p["findings"]), key=key) == sorted(whole["findings"], key=key)
    changed = lambda report: sorted(path for c in report["codemods"] for path in c["files"])  # noqa: E731
    assert sorted(p for _, part in parts for p in changed(part)) == changed(whole)
    assert max(c for c, _ in parts) == code


def test_the_partition_is_stable_and_spreads_files() -> None:
    paths = [f"pkg/area{n % 7}/mod_{n}.py" for n in range(2000)]
    counts = [sum(1 for p in paths if shard_of(p, 4) == i) for i in range(4)]
    assert min(counts) > 400
    # a digest of the path alone: the same on every machine, run and Python (no hash seed)
    assert [shard_of(p, 4) for p in ("a.py", "pkg/x.py", "pkg/sub/__init__.py")] == [1, 0, 0]


def test_a_bad_shard_is_a_usage_error(sample_copy) -> None:
    result = CliRunner().invoke(main, ["check", "--shard", "3/2", str(sample_copy)])
    assert result.exit_code == 2 and "I/N" in result.output


def test_the_public_libcst_path_gives_the_same_check(sample_copy, monkeypatch) -> None:
    from pixmod.syntax import compat

    _, fast = check(sample_copy, "--no-cache")
    monkeypatch.setenv("PIXMOD_LIBCST_PUBLIC", "1")
    compat.shortcuts.cache_clear()
    try:
        assert not compat.shortcuts()
        _, public = check(sample_copy, "--no-cache")
    finally:
        compat.shortcuts.cache_clear()
    assert public == fast
