"""The analysis cache: same results, less work, and never a reason to fail."""

from __future__ import annotations

import json
import os
import pickle
import sys

import pytest
from click.testing import CliRunner

from pixmod import cache as pcache
from pixmod.cli import main
from pixmod.parallel import Executor

from .conftest import age

ENGINE_USER = "pixsim7/backend/main/domain/brain/engine.py"


@pytest.fixture
def computed(monkeypatch) -> list[tuple[str, str]]:
    """(analysis, path) for each per-file analysis computed from now on."""
    seen: list[tuple[str, str]] = []
    real = Executor.map

    def name(func, args) -> str:
        return args[0].__name__ if func.__name__ == "_if_parsable" else func.__name__

    def recording(self, func, views, args):
        for view in views:
            calls = args[0][view.path] if func.__name__ == "analyse_several" else [(func, args)]
            seen.extend((name(*call), view.path) for call in calls)
        return real(self, func, views, args)

    monkeypatch.setattr(Executor, "map", recording)
    return seen


def check(root, *extra: str):
    result = CliRunner().invoke(main, ["check", "--output-format", "json", "-j", "1", *extra, str(root)])
    return result.exit_code, json.loads(result.output)


def test_a_second_check_reuses_the_analyses_and_reports_the_same(sample_copy, cache_dir, computed) -> None:
    first = check(sample_copy)
    assert ("call_positions", ENGINE_USER) in computed
    assert list(cache_dir.glob("analyses-*.pickle"))
    computed.clear()
    assert check(sample_copy) == first
    assert computed == []


def test_an_edited_file_is_analysed_again(sample_copy, cache_dir, computed) -> None:
    check(sample_copy)
    path = sample_copy / ENGINE_USER
    path.write_text(path.read_text() + "\n\ndef another():\n    return StatEngine()\n")
    computed.clear()
    _, report = check(sample_copy)
    assert {path for _, path in computed} == {ENGINE_USER}
    lines = [f["line"] for f in report["findings"] if f["code"] == "PX004" and f["path"] == ENGINE_USER]
    assert len(path.read_text().splitlines()) in lines  # the call just added, on the last line


def test_no_cache_reads_and_writes_nothing(sample_copy, cache_dir) -> None:
    check(sample_copy, "--no-cache")
    assert not cache_dir.exists()


def test_a_corrupt_cache_is_ignored(sample_copy, cache_dir) -> None:
    first = check(sample_copy, "--no-cache")
    check(sample_copy)
    for stored in cache_dir.glob("analyses-*.pickle"):
        stored.write_bytes(b"not a pickle")
    assert check(sample_copy) == first


def test_an_unwritable_cache_folder_does_not_fail_the_run(sample_copy, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(blocker / "cache"))
    assert check(sample_copy) == check(sample_copy, "--no-cache")


def test_apply_leaves_a_cache_that_the_next_run_hits(sample_copy, cache_dir, computed) -> None:
    assert CliRunner().invoke(main, ["apply", "--allow-dirty", "-j", "1", str(sample_copy)]).exit_code == 0
    computed.clear()
    assert CliRunner().invoke(main, ["apply", "--diff", "-j", "1", str(sample_copy)]).exit_code == 0
    assert computed == []  # apply's second pass analysed the text now on disk


def test_keys_do_not_depend_on_set_order() -> None:
    store = pcache.AnalysisStore()
    names = [f"pkg.mod{n}.Name" for n in range(50)]
    one = store.analysis_key(test_keys_do_not_depend_on_set_order, (frozenset(names),))
    other = pcache.AnalysisStore().analysis_key(test_keys_do_not_depend_on_set_order, (frozenset(reversed(names)),))
    assert one == other
    assert store.analysis_key(test_keys_do_not_depend_on_set_order, (frozenset(names[1:]),)) != one


def test_a_dry_run_keeps_the_checks_results(sample_copy, cache_dir, computed) -> None:
    first = check(sample_copy)
    assert CliRunner().invoke(main, ["apply", "--diff", "-j", "1", str(sample_copy)]).exit_code == 0
    assert CliRunner().invoke(main, ["apply", "--diff", "-j", "1", str(sample_copy)]).exit_code == 0
    computed.clear()
    assert check(sample_copy) == first
    assert computed == []


def test_a_warm_run_reads_no_file_it_need_not(tmp_path, cache_dir, monkeypatch) -> None:
    from pixmod import io as pio

    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for n in range(40):  # words the rules' and codemods' pre-filters look for, in some files
        body = "register_thing()\n" if n % 4 == 0 else "class S:\n    def __init__(self):\n        self.x = X()\n" if n % 4 == 1 else "x = 1\n"
        (package / f"m{n}.py").write_text(body)
    age(*tmp_path.rglob("*.py"))
    first = check(tmp_path)
    read: list[str] = []
    real = pio.read_source

    def counting(path):
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(pio, "read_source", counting)
    assert check(tmp_path) == first
    assert set(read) <= {"__init__.py"}, read  # the package's, to tell whether it is a namespace


def test_an_edited_file_is_read_again_even_if_its_size_is_the_same(sample_copy, cache_dir, computed) -> None:
    check(sample_copy)
    path = sample_copy / ENGINE_USER
    text = path.read_text()
    path.write_text(text.replace("self.stats = StatEngine()", "self.stat2 = StatEngine()", 1))  # same size
    computed.clear()
    check(sample_copy)
    assert {path for _, path in computed} == {ENGINE_USER}


def test_stale_caches_of_other_trees_are_pruned(sample_copy, cache_dir) -> None:
    cache_dir.mkdir()
    stale = cache_dir / "analyses-0123456789abcdef01234567.pickle"
    stale.write_bytes(b"old")
    old = 1_000_000_000
    os.utime(stale, (old, old))
    check(sample_copy)
    assert not stale.exists()


def test_after_one_edit_a_run_reads_that_file_only_and_answers_afresh_for_it(tmp_path, cache_dir, monkeypatch) -> None:
    """The text pre-filters' answers are kept per file version: an edit
    that makes a file a candidate is seen; the other files are not read."""
    from pixmod import io as pio

    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for n in range(30):
        (package / f"m{n}.py").write_text("register_thing()\n" if n == 0 else "x = 1\n")
    age(*tmp_path.rglob("*.py"))
    first = check(tmp_path)[1]
    assert [f["path"] for f in first["findings"]] == ["app/m0.py"]
    (package / "m7.py").write_text("x = 1\nregister_other()\n")
    read: list[str] = []
    real = pio.read_source
    monkeypatch.setattr(pio, "read_source", lambda path: read.append(path.name) or real(path))
    second = check(tmp_path)[1]
    assert [f["path"] for f in second["findings"]] == ["app/m0.py", "app/m7.py"]
    assert set(read) <= {"__init__.py", "m7.py", "m0.py"}, read  # m0: its finding's fingerprint (JSON)
    (package / "m7.py").write_text("x = 1\n")  # and back: the answer for this version again
    assert check(tmp_path)[1]["findings"] == first["findings"]


def test_pre_filter_answers_take_a_byte_per_file_and_keep_those_on_disk(tmp_path) -> None:
    """A run asks a few dozen yes/no questions of every file: their answers
    are a byte per file version and question (two sets of keys per question
    took as much memory as the files' texts), kept between runs for the
    versions on disk."""
    store = pcache.AnalysisStore(tmp_path / "store.pickle")
    keys = [n.to_bytes(16, "big") for n in range(20_000)]
    questions = [store.answers(b"question %d" % q) for q in range(3)]
    for question in questions:
        for n, key in enumerate(keys):
            question.add(key, n % 1000 == 0)
    assert all(sys.getsizeof(question.said) < 2 * len(keys) for question in questions)
    assert list(questions[1].files_said(questions[1].YES)) == keys[::1000]
    on_disk = {f"m{n}.py": key for n, key in enumerate(keys) if n % 2 == 0}  # the others changed since
    store.save(on_disk)
    again = pcache.AnalysisStore(store.path, pickle.loads(store.path.read_bytes()))
    assert set(again.file_rows.keys) == set(on_disk.values())
    answers = again.answers(b"question 1")
    assert list(answers.files_said(answers.YES)) == keys[::1000]
    assert list(answers.files_said(answers.NO)) == [key for n, key in enumerate(keys) if n % 2 == 0 and n % 1000]
    assert list(answers.files_said(answers.UNASKED)) == []


def test_the_code_fingerprint_covers_a_source_checkouts_codemods(tmp_path, monkeypatch) -> None:
    """In an editable install the codemods load from the repository's
    codemods/, outside the package folder: an edit there must not replay
    a check made with the old code (found by review)."""
    folder = tmp_path / "codemods"
    folder.mkdir()
    (folder / "example.py").write_text("X = 1\n")
    monkeypatch.setattr(pcache, "_codemods_folders", lambda: [folder])
    pcache._pixmod_fingerprint.cache_clear()
    before = pcache._pixmod_fingerprint()
    (folder / "example.py").write_text("X = 2\n")
    pcache._pixmod_fingerprint.cache_clear()
    try:
        assert pcache._pixmod_fingerprint() != before
    finally:
        monkeypatch.undo()
        pcache._pixmod_fingerprint.cache_clear()
    assert any(folder.name == "codemods" for folder in pcache._codemods_folders())
