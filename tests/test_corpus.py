"""Real code in CI: ``pixmod check`` zero-config on pinned real projects.

None of them is the report's backend, so every codemod must be skipped with
its reason, nothing written, no traceback, and the exit code only what the
rules' findings make it (0, or 1 for an error-severity finding). The trees
come from ``bench/corpus.py`` (fetched from the package index once, then
cached); a project that cannot be fetched is skipped with the reason shown
in the test summary.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

# An application (a Flask app), two large libraries, and a small one: about
# half a minute together on CI's two cores, cold.
PROJECTS = ("apache-superset", "django", "sqlalchemy", "flask")


def _corpus():
    spec = importlib.util.spec_from_file_location("pixmod_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _digest(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("name", PROJECTS)
def test_check_on_a_real_project_skips_every_codemod_and_writes_nothing(name: str) -> None:
    corpus = _corpus()
    try:
        folder = corpus.tree(name)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"corpus project {name} cannot be fetched: {exc}")
    if folder is None:
        pytest.skip(f"corpus project {name} cannot be fetched (no package index reachable?); see bench/corpus.py")
    before = _digest(folder)
    run = subprocess.run(
        [sys.executable, "-m", "pixmod", "check", "--no-cache", "--output-format", "json", str(folder)],
        capture_output=True, text=True, timeout=600,
    )
    assert "Traceback" not in run.stderr, run.stderr
    report = json.loads(run.stdout)
    statuses = {c["name"]: (c["status"], c["reason"]) for c in report["codemods"]}
    assert statuses and all(status == "skipped" and reason for status, reason in statuses.values()), statuses
    assert report["files"] == [] and report["problems"] == [] and not report["written"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert run.returncode == report["exit_code"] == (1 if errors else 0), run.stderr
    assert _digest(folder) == before
