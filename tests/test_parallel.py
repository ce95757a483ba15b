"""The process pool: same results as a serial run, files kept on one worker."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from pixmod.cli import main
from pixmod.parallel import PARALLEL_THRESHOLD, FileView, Pool, RecentFiles

ENGINE_USER = """\
from pixsim7.backend.main.domain.stats import StatEngine


class Service{n}:
    def __init__(self, db):
        self.db = db
        self.engine = StatEngine()

    def score(self):
        return StatEngine().compute({n})
"""


def views(count: int, text: str = "x = {n}\n") -> list[FileView]:
    return [FileView(f"pkg/m{n}.py", text.format(n=n), f"pkg.m{n}", "pkg") for n in range(count)]


def remember(view: FileView) -> bool:
    """Marks the view; tells whether it was marked before."""
    seen = view.memo.get("seen", False)
    view.memo["seen"] = True
    return seen


def module_body_length(view: FileView, extra: int) -> int:
    return len(view.module().body) + extra


def test_pool_results_match_serial_in_input_order() -> None:
    batch = views(PARALLEL_THRESHOLD * 3, "a = 1\nb = {n}\n")
    pool = Pool(2)
    try:
        assert pool.map(module_body_length, batch, (5,)) == Pool(1).map(module_body_length, batch, (5,))
    finally:
        pool.close()


def test_a_file_goes_back_to_the_worker_that_parsed_it() -> None:
    batch = views(PARALLEL_THRESHOLD * 2)
    pool = Pool(2)
    try:
        assert pool.map(remember, batch, ()) == [False] * len(batch)
        assert pool.map(remember, list(reversed(batch)), ()) == [True] * len(batch)
        changed = [FileView(v.path, v.text + "y = 1\n", v.module_name, v.package) for v in batch]
        assert pool.map(remember, changed, ()) == [False] * len(batch)  # another text: never the cached view
    finally:
        pool.close()


def worker_pid(view: FileView, slow_path: str) -> int:
    time.sleep(0.5 if view.path == slow_path else 0.005)
    return os.getpid()


def test_new_files_go_to_whichever_worker_is_free() -> None:
    batch = views(PARALLEL_THRESHOLD * 2)
    pool = Pool(2)
    try:
        pids = pool.map(worker_pid, batch, (batch[0].path,))
    finally:
        pool.close()
    slow, other = pids[0], next(p for p in pids if p != pids[0])
    assert pids.count(other) > pids.count(slow)  # while one sleeps, the other takes the rest


def test_progress_reaches_the_batch_size() -> None:
    seen = []
    pool = Pool(2, progress=lambda done, total: seen.append((done, total)))
    try:
        pool.map(remember, views(PARALLEL_THRESHOLD * 2), ())
    finally:
        pool.close()
    assert seen[-1] == (PARALLEL_THRESHOLD * 2, PARALLEL_THRESHOLD * 2)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_meanwhile_work_runs_once_while_the_workers_work_and_never_without_them() -> None:
    calls = []
    pool = Pool(2, meanwhile=(lambda: calls.append("warm"),))
    try:
        pool.map(remember, views(PARALLEL_THRESHOLD - 1), ())  # few files: serial, no workers
        assert calls == []
        pool.map(remember, views(PARALLEL_THRESHOLD * 2), ())
        pool.map(remember, views(PARALLEL_THRESHOLD * 2, "y = {n}\n"), ())
    finally:
        pool.close()
    assert calls == ["warm"]
    serial_calls = []
    Pool(1, meanwhile=(lambda: serial_calls.append("warm"),)).map(remember, views(PARALLEL_THRESHOLD * 2), ())
    assert serial_calls == []


def test_recent_files_evict_the_least_recently_used_past_the_budget() -> None:
    recent = RecentFiles(budget=10)
    recent.put("a", "aaaa", 1)
    recent.put("b", "bbbb", 2)
    assert recent.get("a", "aaaa") == 1  # a is now the most recent
    recent.put("c", "cccc", 3)  # 12 bytes > 10: b goes
    assert not recent.holds("b", "bbbb")
    assert recent.holds("a", "aaaa") and recent.holds("c", "cccc")
    assert recent.get("a", "other text") is None
    recent.put("big", "x" * 50, 4)  # larger than the budget: kept alone
    assert recent.holds("big", "x" * 50) and recent.size == 50


def test_check_and_diff_are_the_same_with_one_or_two_processes(sample_copy) -> None:
    services = sample_copy / "pixsim7/backend/main/services/generated"
    services.mkdir()
    (services / "__init__.py").write_text("")
    for n in range(PARALLEL_THRESHOLD * 2):
        (services / f"svc_{n}.py").write_text(ENGINE_USER.format(n=n))
    # a candidate of PX003 that does not parse: a warning, the same either way
    (services / "broken.py").write_text("class Broken:\n    def __init__(self):\n        self.x = Thing(\n")
    outputs = {}
    for jobs in ("1", "2"):
        check = CliRunner().invoke(main, ["check", "--output-format", "json", "-j", jobs, str(sample_copy)])
        diff = CliRunner().invoke(main, ["apply", "--diff", "-j", jobs, str(sample_copy)])
        outputs[jobs] = (check.exit_code, json.loads(check.output), diff.exit_code, diff.output)
    assert outputs["1"] == outputs["2"]
    check_exit, report, diff_exit, diff = outputs["2"]
    assert check_exit == 1 and diff_exit == 0
    codes = [f["code"] for f in report["findings"] if "services/generated" in f["path"]]
    assert codes.count("PX003") == PARALLEL_THRESHOLD * 2 and codes.count("PX004") == PARALLEL_THRESHOLD * 4
    assert any("PX003 did not check" in w and "broken.py" in w for w in report["warnings"])
    assert diff.count("+        self.engine = create_stat_engine()") == PARALLEL_THRESHOLD * 2


def test_each_analysed_file_is_parsed_once_for_all_rules_and_codemods(sample_copy, monkeypatch) -> None:
    from collections import Counter

    from pixmod import project as pproject

    services = sample_copy / "pixsim7/backend/main/services/generated"
    services.mkdir()
    (services / "__init__.py").write_text("")
    for n in range(PARALLEL_THRESHOLD):
        (services / f"svc_{n}.py").write_text(ENGINE_USER.format(n=n))
    parses: Counter = Counter()
    real = pproject.parse
    monkeypatch.setattr(pproject, "parse", lambda rel, text: (parses.update([rel]), real(rel, text))[1])
    # PX003, PX004 and stat-engine-factory all read these files
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", str(sample_copy)])
    assert result.exit_code == 1, result.output
    generated = {path: count for path, count in parses.items() if "services/generated/svc_" in path}
    assert generated == {f"pixsim7/backend/main/services/generated/svc_{n}.py": 1 for n in range(PARALLEL_THRESHOLD)}


def count_lines(view: FileView) -> int:
    if "boom" in view.text:
        raise ValueError("boom")
    return view.text.count("\n")


def test_prefetched_results_are_those_map_files_would_compute(tmp_path) -> None:
    from pixmod.formatting import Style
    from pixmod.model import FileChange
    from pixmod.parallel import Analysis
    from pixmod.project import Project

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    for n in range(PARALLEL_THRESHOLD + 3):
        (tmp_path / f"pkg/m{n}.py").write_text("x = 1\n" * (n + 1))
    (tmp_path / "pkg/bad.py").write_text("boom = 1\n")
    paths = sorted(p for p in Project(tmp_path, style=Style()).files if p != "pkg/__init__.py")
    pool = Pool(2)
    try:
        project = Project(tmp_path, style=Style(), pool=pool)
        project.prefetch([Analysis(count_lines, tuple(paths))])
        project.apply(FileChange("pkg/m0.py", "x = 1\ny = 2\nz = 3\n"))  # edited after the prefetch
        good = [p for p in paths if p != "pkg/bad.py"]
        assert project.map_files(count_lines, good) == {p: project.text(p).count("\n") for p in good}
        assert project.map_files(count_lines, ["pkg/m0.py"]) == {"pkg/m0.py": 3}
        with pytest.raises(ValueError, match="boom"):  # raised again where it is asked for
            project.map_files(count_lines, ["pkg/bad.py"])
    finally:
        pool.close()


@pytest.mark.parametrize("case", [
    "pipeline/sample-backend", "stat-engine-factory/half-applied", "stat-engine-factory/shadowed-name",
    "stat-engine-factory/conflict", "prompt-context-di/helper-method", "schemas-barrel/attribute-access",
])
def test_pool_and_cache_change_nothing_in_the_output(case, tmp_path, monkeypatch) -> None:
    """Every per-file analysis in the pool (threshold 1), cold then warm
    cache: the same report and diff as a serial run without a cache."""
    import shutil

    import pixmod.parallel as parallel

    from .conftest import GOLDEN

    root = shutil.copytree(GOLDEN / case / "before", tmp_path / "tree")
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))
    outputs = []
    for jobs, threshold, cache in (("1", 12, ["--no-cache"]), ("2", 1, []), ("2", 1, [])):
        monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", threshold)
        check = CliRunner().invoke(main, ["check", "--output-format", "json", "-j", jobs, *cache, str(root)])
        diff = CliRunner().invoke(main, ["apply", "--diff", "-j", jobs, *cache, str(root)])
        outputs.append((check.exit_code, check.output, diff.exit_code, diff.output))
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


def test_a_serial_run_does_not_keep_every_parsed_tree_alive() -> None:
    batch = views(PARALLEL_THRESHOLD * 2)
    Pool(1).map(module_body_length, batch, (0,))
    assert all(view._module is None for view in batch)  # the parses lived in copies, bounded by the cache
