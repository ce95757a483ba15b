"""The executor: a stock process pool or a serial run, with the same results."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from pixmod.cli import main
from pixmod.analysis import FileView
from pixmod.parallel import PARALLEL_THRESHOLD, Executor

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


def module_body_length(view: FileView, extra: int) -> int:
    return len(view.module().body) + extra


def test_pool_results_match_serial_in_input_order() -> None:
    batch = views(PARALLEL_THRESHOLD * 3, "a = 1\nb = {n}\n")
    pool = Executor(2)
    try:
        assert pool.map(module_body_length, batch, (5,)) == Executor(1).map(module_body_length, batch, (5,))
    finally:
        pool.close()


def worker_pid(view: FileView) -> int:
    time.sleep(0.01)
    return os.getpid()


def test_a_large_batch_runs_in_worker_processes_and_a_small_one_here() -> None:
    pool = Executor(2)
    try:
        assert set(pool.map(worker_pid, views(PARALLEL_THRESHOLD - 1))) == {os.getpid()}
        assert os.getpid() not in set(pool.map(worker_pid, views(PARALLEL_THRESHOLD * 2)))
    finally:
        pool.close()


@pytest.mark.parametrize("host_froze", [False, True])
def test_starting_the_workers_leaves_the_hosts_collector_as_it_was(host_froze) -> None:
    """The heap is frozen for the fork only: unfrozen after, unless the host
    had frozen objects of its own (then they stay frozen)."""
    import gc
    import threading

    if threading.active_count() > 1:
        pytest.skip("a multi-threaded process does not fork its workers")
    gc.unfreeze()
    if host_froze:
        gc.freeze()
    pool = Executor(2)
    try:
        assert os.getpid() not in set(pool.map(worker_pid, views(PARALLEL_THRESHOLD * 2)))
        assert (gc.get_freeze_count() > 0) is host_froze
    finally:
        pool.close()
        gc.unfreeze()


def test_the_pool_never_forks_a_multi_threaded_process(monkeypatch) -> None:
    """A fork from a process with threads may deadlock (Python 3.12 warns):
    with another thread alive the pool uses another start method."""
    import multiprocessing
    import threading

    asked = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: (asked.append(method), real(method))[1])
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    pool = Executor(2)
    try:
        assert pool.map(module_body_length, views(PARALLEL_THRESHOLD), (0,)) == [1] * PARALLEL_THRESHOLD
    finally:
        pool.close()
        stop.set()
        thread.join()
    assert asked and asked[0] != "fork"


def test_without_processes_the_executor_runs_serially(monkeypatch) -> None:
    import concurrent.futures

    def unavailable(*args, **kwargs):
        raise OSError("no sem_open here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", unavailable)
    pool = Executor(2)
    assert set(pool.map(worker_pid, views(PARALLEL_THRESHOLD * 2))) == {os.getpid()}
    pool.close()


def test_progress_reaches_the_batch_size() -> None:
    seen = []
    pool = Executor(2, progress=lambda done, total: seen.append((done, total)))
    try:
        pool.map(module_body_length, views(PARALLEL_THRESHOLD * 2), (0,))
    finally:
        pool.close()
    assert seen[-1] == (PARALLEL_THRESHOLD * 2, PARALLEL_THRESHOLD * 2)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


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


    services = sample_copy / "pixsim7/backend/main/services/generated"
    services.mkdir()
    (services / "__init__.py").write_text("")
    for n in range(PARALLEL_THRESHOLD):
        (services / f"svc_{n}.py").write_text(ENGINE_USER.format(n=n))
    parses: Counter = Counter()
    from pixmod import parsing

    real = parsing.parse
    monkeypatch.setattr(parsing, "parse", lambda rel, text: (parses.update([rel]), real(rel, text))[1])
    # PX003, PX004 and stat-engine-factory all read these files
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", str(sample_copy)])
    assert result.exit_code == 1, result.output
    generated = {path: count for path, count in parses.items() if "services/generated/svc_" in path}
    assert generated == {f"pixsim7/backend/main/services/generated/svc_{n}.py": 1 for n in range(PARALLEL_THRESHOLD)}


def count_lines(view: FileView) -> int:
    if "boom" in view.text:
        raise ValueError("boom")
    if "syntax error" in view.text:
        view.module()
    return view.text.count("\n")


def test_prefetched_results_are_those_map_files_would_compute(tmp_path) -> None:
    from pixmod.analysis import Analysis
    from pixmod.formatting import Style
    from pixmod.model import CodemodError, FileChange
    from pixmod.project import Project

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("")
    for n in range(PARALLEL_THRESHOLD + 3):
        (tmp_path / f"pkg/m{n}.py").write_text("x = 1\n" * (n + 1))
    (tmp_path / "pkg/bad.py").write_text("syntax error = (\n")
    paths = sorted(p for p in Project(tmp_path, style=Style()).files if p != "pkg/__init__.py")
    pool = Executor(2)
    try:
        project = Project(tmp_path, style=Style(), executor=pool)
        project.prefetch([Analysis(count_lines, tuple(paths))])
        project.apply(FileChange("pkg/m0.py", "x = 1\ny = 2\nz = 3\n"))  # edited after the prefetch
        good = [p for p in paths if p != "pkg/bad.py"]
        assert project.map_files(count_lines, good) == {p: project.text(p).count("\n") for p in good}
        assert project.map_files(count_lines, ["pkg/m0.py"]) == {"pkg/m0.py": 3}
        with pytest.raises(CodemodError, match="bad.py"):  # raised again where it is asked for
            project.map_files(count_lines, ["pkg/bad.py"])
        (tmp_path / "pkg/boom.py").write_text("boom = 1\n")
        with pytest.raises(ValueError, match="boom"):  # a bug in an analysis is never swallowed
            Project(tmp_path, style=Style(), executor=pool).prefetch([Analysis(count_lines, ("pkg/boom.py",))])
    finally:
        pool.close()


def test_an_analysis_not_declared_is_refused_while_a_codemod_runs(tmp_path) -> None:
    from pixmod.analysis import Analysis, UndeclaredAnalysis
    from pixmod.formatting import Style
    from pixmod.project import Project

    (tmp_path / "m.py").write_text("x = 1\n")
    project = Project(tmp_path, style=Style())
    declared, other = Analysis(count_lines, ("m.py",)), Analysis(module_body_length, ("m.py",), (0,))
    with project.declared([declared]):
        assert project.compute(declared) == {"m.py": 1}
        with pytest.raises(UndeclaredAnalysis, match="module_body_length"):
            project.compute(other)
    assert project.compute(other) == {"m.py": 1}  # outside a codemod or rule: a library call


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
    Executor(1).map(module_body_length, batch, (0,))
    assert all(view._module is None for view in batch)  # each parse lived in a copy, as in a worker


def test_a_cold_run_starts_its_workers_before_reading_the_tree(sample_copy, tmp_path, monkeypatch) -> None:
    """Forked once this process holds every file's text, the workers share
    those pages and either side's writes copy them (the 20,000-file check
    peaked at 321 MB, 239 MB forked first); a warm run starts none ahead."""
    from pixmod import io as pio

    events: list[str] = []
    real_read = pio.read_source
    monkeypatch.setattr(pio, "read_source", lambda path: events.append("read") or real_read(path))
    monkeypatch.setattr(Executor, "_start", lambda self: events.append("workers"))  # no pool: runs serially
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))

    def check(*options: str) -> list[str]:
        events.clear()
        result = CliRunner().invoke(main, ["check", "-q", "-j", "2", *options, str(sample_copy)])
        assert result.exit_code == 1, result.output
        return events

    assert check("--no-cache")[0] == "workers"
    assert check()[0] == "workers"  # nothing cached for this tree yet
    engine_user = sample_copy / "pixsim7/backend/main/domain/brain/engine.py"
    engine_user.write_text(engine_user.read_text() + "# edited\n")
    assert "workers" not in check()  # one file to read again: no pool
