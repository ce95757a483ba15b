"""Golden cases: every folder under golden/ holding a ``before/`` tree.

``golden/<codemod>/<case>/`` runs that codemod alone, ``golden/pipeline/<case>/``
the whole pipeline. A case stores what pixmod changes, not copies of what it
leaves alone:

- ``before/``: the input tree;
- ``after/``: the files the run changes or creates, as they must come out. A
  file of ``before/`` absent from ``after/`` must come out unchanged (a full
  copy of the tree is accepted too); no ``after/`` at all: nothing changes;
- ``summary.toml``: each codemod's report (status, reason, notes), exactly;
- ``case.toml`` (optional, hand-written): ``status`` and a fragment of the
  ``reason`` of the codemod under test, checked too;
- ``README.md``: one line of intent.

For every case: the output equals before/ with after/ over it, byte for
byte; the reports equal the summary; a second run changes nothing; ``check``
exits 1 on ``before/`` and 0 on the expected tree when changes are expected
(0 and 0 when none are, 2 and 2 on error). ``pytest --update-golden`` writes
every case's ``summary.toml`` and its ``after/`` from pixmod's output, only
the changed and new files, for review as a diff.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from pixmod import runner
from pixmod.model import Status

from .conftest import GOLDEN, copy_tree, read_tree

CASES = sorted(p.parent for p in GOLDEN.glob("**/before") if p.is_dir() and "after" not in p.relative_to(GOLDEN).parts)
SUMMARY = "summary.toml"
SUMMARY_HEADER = "# What each codemod reports on this case, exactly (pytest --update-golden rewrites it).\n"


def expected_tree(case: Path) -> dict[str, bytes]:
    """What a run must leave: ``before/`` with the files of ``after/`` over it."""
    tree = read_tree(case / "before")
    if (case / "after").is_dir():
        tree.update(read_tree(case / "after"))
    return tree


def write_expected_tree(case: Path, destination: Path) -> Path:
    """The expected tree of ``case``, written out at ``destination``."""
    copy_tree(case / "before", destination)
    if (case / "after").is_dir():
        shutil.copytree(case / "after", destination, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def expected_summary(case: Path) -> dict[str, dict]:
    """Each codemod's expected report, by name (empty: no snapshot yet)."""
    path = case / SUMMARY
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def expected_statuses(case: Path) -> list[Status]:
    """Every status the case expects: the snapshot's, else case.toml's (default applied)."""
    summary = expected_summary(case)
    if summary:
        return [Status(report["status"]) for report in summary.values()]
    return [Status(_settings(case).get("status", "applied"))]


def _settings(case: Path) -> dict:
    toml = case / "case.toml"
    return tomllib.loads(toml.read_text()) if toml.exists() else {}


def _only(case: Path) -> tuple[str, ...]:
    group = case.relative_to(GOLDEN).parts[0]
    return () if group == "pipeline" else (group,)


def _run(root: Path, action: str, case: Path) -> runner.RunResult:
    return runner.run(runner.Mode(root=root, action=action, only=_only(case), allow_dirty=True))


def _summary(result: runner.RunResult) -> dict[str, dict]:
    return {
        report.name: {"status": report.outcome.status.value, "reason": report.outcome.reason, "notes": list(report.outcome.notes)}
        for report in result.reports
    }


def _write_summary(case: Path, summary: dict[str, dict]) -> None:
    # JSON strings are valid TOML basic strings (same escapes); no TOML writer needed.
    lines = [SUMMARY_HEADER]
    for name, report in summary.items():
        lines.append(f"\n[{name}]\n")
        lines.append(f"status = {json.dumps(report['status'])}\n")
        lines.append(f"reason = {json.dumps(report['reason'], ensure_ascii=False)}\n")
        notes = "".join(f"    {json.dumps(note, ensure_ascii=False)},\n" for note in report["notes"])
        lines.append(f"notes = [\n{notes}]\n" if notes else "notes = []\n")
    (case / SUMMARY).write_text("".join(lines), encoding="utf-8")
    assert expected_summary(case) == summary  # the file reads back as written


def _write_after(case: Path, output: dict[str, bytes]) -> None:
    """``after/``: only the files the run changed or created."""
    before = read_tree(case / "before")
    shutil.rmtree(case / "after", ignore_errors=True)
    for path, data in output.items():
        if before.get(path) != data:
            target = case / "after" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


@pytest.mark.parametrize("case", CASES, ids=[c.relative_to(GOLDEN).as_posix() for c in CASES])
def test_golden(case: Path, tmp_path: Path, update_golden: bool) -> None:
    work = copy_tree(case / "before", tmp_path / "work")
    result = _run(work, "apply", case)
    assert not result.problems
    output = read_tree(work)
    if update_golden:
        _write_summary(case, _summary(result))
        _write_after(case, output)

    settings = _settings(case)
    codemod = _only(case)[0] if _only(case) else None
    if codemod and settings:  # the hand-written expectation of the codemod under test
        (report,) = [r for r in result.reports if r.name == codemod]
        assert report.outcome.status is Status(settings.get("status", "applied")), report.outcome.label()
        assert settings.get("reason", "") in report.outcome.reason
    summary = expected_summary(case)
    if summary:
        assert _summary(result) == summary, f"{SUMMARY} differs: if the change is meant, pytest --update-golden and review the diff"
    elif codemod and not settings:
        (report,) = [r for r in result.reports if r.name == codemod]
        assert report.outcome.status is Status.APPLIED, report.outcome.label()
    assert output == expected_tree(case), "output differs from before/ + after/: if meant, pytest --update-golden and review the diff"

    again = _run(work, "apply", case)
    assert not again.files, f"second run changed {[f.path for f in again.files]}"

    statuses = expected_statuses(case)
    changes = expected_tree(case) != read_tree(case / "before")
    pending = 2 if Status.ERROR in statuses else 1 if changes else 0
    assert _run(copy_tree(case / "before", tmp_path / "b"), "check", case).exit_code == pending
    expected = write_expected_tree(case, tmp_path / "a")
    assert _run(expected, "check", case).exit_code == (2 if pending == 2 else 0)


def test_after_holds_only_what_changes_and_full_copies_still_read(tmp_path: Path) -> None:
    case = tmp_path / "case"
    for name, text in {"a.py": "a = 1\n", "b.py": "b = 1\n", "pkg/c.py": "c = 1\n"}.items():
        (case / "before" / name).parent.mkdir(parents=True, exist_ok=True)
        (case / "before" / name).write_text(text)
    output = {"a.py": b"a = 2\n", "b.py": b"b = 1\n", "pkg/c.py": b"c = 1\n", "pkg/new.py": b"n = 1\n"}
    _write_after(case, output)
    assert read_tree(case / "after") == {"a.py": b"a = 2\n", "pkg/new.py": b"n = 1\n"}
    assert expected_tree(case) == output
    assert read_tree(write_expected_tree(case, tmp_path / "expected")) == output
    shutil.rmtree(case / "after")
    copy_tree(case / "before", case / "after")  # a full copy: every file unchanged
    assert expected_tree(case) == read_tree(case / "before")
    _write_after(case, read_tree(case / "before"))
    assert not (case / "after").exists()


def test_summary_snapshot_reads_back_exactly(tmp_path: Path) -> None:
    summary = {"x": {"status": "error", "reason": 'a "quoted" \\ path\tand ünïcode', "notes": ["one", "two\nlines"]},
               "y": {"status": "applied", "reason": "", "notes": []}}
    _write_summary(tmp_path, summary)
    assert expected_summary(tmp_path) == summary
    assert expected_statuses(tmp_path) == [Status.ERROR, Status.APPLIED]
