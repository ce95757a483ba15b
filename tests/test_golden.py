"""Golden cases: every folder under golden/ holding a ``before/`` tree.

``golden/<codemod>/<case>/`` runs that codemod alone, ``golden/pipeline/<case>/``
the whole pipeline. ``case.toml`` may set ``status`` (the expected status of
the codemod under test, default "applied") and ``reason`` (a fragment of the
expected reason). When ``after/`` is absent the tree must not change.

For every case: the output equals ``after/`` byte for byte, a second run
changes nothing, and ``check`` exits 1 on ``before/`` and 0 on ``after/``
when changes are expected (0 and 0 when none are, 2 and 2 on error).
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from pixmod import runner
from pixmod.model import Status

from .conftest import GOLDEN, copy_tree, read_tree

CASES = sorted(p.parent for p in GOLDEN.glob("**/before") if p.is_dir() and "after" not in p.relative_to(GOLDEN).parts)


def _settings(case: Path) -> dict:
    toml = case / "case.toml"
    return tomllib.loads(toml.read_text()) if toml.exists() else {}


def _only(case: Path) -> tuple[str, ...]:
    group = case.relative_to(GOLDEN).parts[0]
    return () if group == "pipeline" else (group,)


def _run(root: Path, action: str, case: Path) -> runner.RunResult:
    return runner.run(runner.Mode(root=root, action=action, only=_only(case), allow_dirty=True))


@pytest.mark.parametrize("case", CASES, ids=[c.relative_to(GOLDEN).as_posix() for c in CASES])
def test_golden(case: Path, tmp_path: Path, update_golden: bool) -> None:
    settings = _settings(case)
    expected_status = Status(settings.get("status", "applied"))
    work = copy_tree(case / "before", tmp_path / "work")

    result = _run(work, "apply", case)
    codemod = _only(case)[0] if _only(case) else None
    if codemod:
        (report,) = [r for r in result.reports if r.name == codemod]
        assert report.outcome.status is expected_status, report.outcome.label()
        assert settings.get("reason", "") in report.outcome.reason
    assert not result.problems

    expected_dir = case / "after" if (case / "after").exists() else case / "before"
    if update_golden and expected_status is Status.APPLIED:
        shutil.rmtree(case / "after", ignore_errors=True)
        copy_tree(work, case / "after")
        expected_dir = case / "after"
    assert read_tree(work) == read_tree(expected_dir)

    again = _run(work, "apply", case)
    assert not again.files, f"second run changed {[f.path for f in again.files]}"

    pending = 1 if expected_status is Status.APPLIED else 2 if expected_status is Status.ERROR else 0
    assert _run(copy_tree(case / "before", tmp_path / "b"), "check", case).exit_code == pending
    assert _run(copy_tree(expected_dir, tmp_path / "a"), "check", case).exit_code == (2 if pending == 2 else 0)
