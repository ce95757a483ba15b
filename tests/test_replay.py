"""A check is replayed when what it learned of the files still holds, and
only then (pixmod.replay)."""

from __future__ import annotations

import json
import os
import random

import pytest
from click.testing import CliRunner

from pixmod import cache as pcache
from pixmod import io as pio
from pixmod import replay
from pixmod.cli import main
from pixmod.project import Project, _contains

from .conftest import age, write_tree


def check(root, *extra: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--output-format", "json", "-j", "1", *extra, str(root)])
    return result.exit_code, json.loads(result.output)


def check_text(root, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-j", "1", *extra, str(root)])
    return result.exit_code, result.output


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files read from now on, and "<store>" each time
    the analysis store is loaded."""
    seen: list[str] = []
    real_read, real_store = pio.read_source, pcache.AnalysisStore.for_tree.__func__
    monkeypatch.setattr(pio, "read_source", lambda path: seen.append(path.name) or real_read(path))
    monkeypatch.setattr(pcache.AnalysisStore, "for_tree", classmethod(lambda cls, root: seen.append("<store>") or real_store(cls, root)))
    return seen


def small_tree(root) -> None:
    """One module registers at import (PX002, read whole for its finding);
    the others hold nothing any rule or codemod looks for. Written a minute
    ago: none is "racy" (see pixmod.replay)."""
    write_tree(root, {"app/__init__.py": "", "app/plugins.py": "register_thing()\n", **{f"app/m{n}.py": "x = 1\n" for n in range(20)}})
    age(*root.rglob("*.py"))


def test_an_edit_that_answers_every_question_as_before_is_replayed(tmp_path, cache_dir, reads) -> None:
    small_tree(tmp_path)
    first = check(tmp_path)
    (tmp_path / "app/m7.py").write_text("x = 2\ny = x + 1\n")
    reads.clear()
    assert check(tmp_path) == first
    assert "<store>" not in reads
    assert check(tmp_path, "--no-cache") == first


def test_the_replay_reads_only_the_edited_file_and_loads_no_store(tmp_path, cache_dir, reads) -> None:
    small_tree(tmp_path)
    check(tmp_path)
    (tmp_path / "app/m7.py").write_text("x = 2\n")
    age(tmp_path / "app/m7.py")
    reads.clear()
    check(tmp_path)
    assert reads == ["m7.py"]
    reads.clear()
    check(tmp_path)  # the record was brought up to date: nothing read at all
    assert reads == []


def test_an_edit_that_leaves_each_analysis_result_alone_is_replayed(tmp_path, cache_dir, reads) -> None:
    """PX002 analyses the registering module; a line added below its call
    changes nothing the analysis reports. (In text: JSON fingerprints each
    finding from its file's text, which reads that file whole.)"""
    small_tree(tmp_path)
    first = check_text(tmp_path)
    path = tmp_path / "app/plugins.py"
    path.write_text(path.read_text() + "LATE = 1\n")
    age(path)
    reads.clear()
    assert check_text(tmp_path) == first
    assert reads == ["plugins.py"]
    assert check_text(tmp_path, "--no-cache") == first


def test_an_edit_that_changes_an_analysis_result_runs_the_check(tmp_path, cache_dir) -> None:
    """The pre-filters answer as before, but the finding moved a line."""
    small_tree(tmp_path)
    assert "app/plugins.py:1:1: PX002" in check_text(tmp_path)[1]
    (tmp_path / "app/plugins.py").write_text("\n\nregister_thing()\n")
    assert "app/plugins.py:3:1: PX002" in check_text(tmp_path)[1]


def test_an_edit_that_changes_an_answer_runs_the_check(tmp_path, cache_dir) -> None:
    small_tree(tmp_path)
    check(tmp_path)
    (tmp_path / "app/m3.py").write_text("x = 1\nregister_other()\n")
    assert [f["path"] for f in check(tmp_path)[1]["findings"]] == ["app/m3.py", "app/plugins.py"]


def test_a_touched_file_read_whole_is_replayed(tmp_path, cache_dir, reads) -> None:
    small_tree(tmp_path)
    first = check(tmp_path)
    path = tmp_path / "app/plugins.py"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    reads.clear()
    assert check(tmp_path) == first
    assert reads == ["plugins.py"]


def test_a_same_size_write_in_the_same_clock_tick_is_seen(tmp_path, cache_dir) -> None:
    """A file written just before the check was recorded may be written
    again with the same size and modification time (a coarse clock): its
    digest is checked, as git does for "racy" entries."""
    small_tree(tmp_path)
    path = tmp_path / "app/m5.py"
    after = "register_thing()\n"
    path.write_text("x = " + "1" * (len(after) - 5) + "\n")
    stamp = path.stat().st_mtime_ns
    check(tmp_path)
    path.write_text(after)
    os.utime(path, ns=(stamp, stamp))
    assert [f["path"] for f in check(tmp_path)[1]["findings"]] == ["app/m5.py", "app/plugins.py"]


def test_a_new_or_removed_file_runs_the_check(tmp_path, cache_dir) -> None:
    small_tree(tmp_path)
    check(tmp_path)
    (tmp_path / "app/extra.py").write_text("register_more()\n")
    assert len(check(tmp_path)[1]["findings"]) == 2
    (tmp_path / "app/extra.py").unlink()
    assert len(check(tmp_path)[1]["findings"]) == 1


def test_replayed_checks_match_cold_ones_through_a_series_of_edits(sample_copy, cache_dir, reads) -> None:
    """Edits of every kind to files of every kind: each check with the
    records gives what a check without any cache gives."""
    edits = [
        lambda text: text + "\n# a note\n",
        lambda text: "\n" + text,
        lambda text: text + "\nregister_late()\n",
        lambda text: text.replace("StatEngine", "StatMotor", 1),
        lambda text: text.replace("def ", "async def ", 1),
        lambda text: text + "\nimport os\nPLUGINS = os.listdir('.')\n",
        lambda text: text.replace("import ", "import  ", 1),
        lambda text: text + "\n\nclass Late:\n    def __init__(self):\n        self.engine = StatEngine()\n",
    ]
    files = sorted(p for p in sample_copy.rglob("*.py") if "__pycache__" not in p.parts)
    pick = random.Random(7)
    check(sample_copy)
    check_text(sample_copy)
    replayed = []
    for n, edit in enumerate(edits * 2):
        path = pick.choice(files)
        path.write_text(edit(path.read_text()))
        reads.clear()
        if n % 2:  # JSON reads the files with findings whole (their fingerprints)
            assert check(sample_copy) == check(sample_copy, "--no-cache"), path
        else:
            assert check_text(sample_copy) == check_text(sample_copy, "--no-cache"), path
        replayed.append("<store>" not in reads)
    assert True in replayed and False in replayed  # both paths were taken


# -- the records themselves -------------------------------------------------


def _recorded(root) -> tuple[Project, replay.Record]:
    project = Project(root)
    project.files_containing("register")
    project.text("app/plugins.py")
    project.exists("app/settings.toml")
    return project, replay.record({"found": 1}, project)


def test_a_record_holds_while_questions_get_the_same_answers(tmp_path) -> None:
    small_tree(tmp_path)
    project, record = _recorded(tmp_path)
    assert replay.still_holds(record, project)
    (tmp_path / "app/m4.py").write_text("x = 4\n")
    assert replay.still_holds(record, project)
    (tmp_path / "app/m4.py").write_text("register_x()\n")
    assert not replay.still_holds(record, project)


def test_a_record_does_not_hold_once_a_file_read_whole_or_looked_up_changes(tmp_path) -> None:
    small_tree(tmp_path)
    project, record = _recorded(tmp_path)
    (tmp_path / "app/plugins.py").write_text("register_thing()  # same answer, other text\n")
    assert not replay.still_holds(record, project)
    project, record = _recorded(tmp_path)
    (tmp_path / "app/settings.toml").write_text("")
    assert not replay.still_holds(record, project)


def test_a_record_does_not_hold_for_an_undecodable_file(tmp_path) -> None:
    small_tree(tmp_path)
    project, record = _recorded(tmp_path)
    (tmp_path / "app/m2.py").write_bytes(b"x = '\xff'\n")
    assert not replay.still_holds(record, project)


def test_questions_are_kept_by_name_and_asked_again_by_import(tmp_path) -> None:
    small_tree(tmp_path)
    _, record = _recorded(tmp_path)
    (question,) = record.questions.values()
    assert question.function == (_contains.__module__, _contains.__qualname__)
    assert question.asked is None  # of every Python file
    assert question.answer("register_x()\n") and not question.answer("x = 1\n")


# -- found by review: what the listing does not show ---------------------------


def test_an_init_file_outside_the_listing_is_a_dependency(tmp_path, cache_dir) -> None:
    """Module names follow __init__.py files the listing leaves out (here:
    excluded); adding one must not replay the old names."""
    write_tree(tmp_path, {
        "pyproject.toml": '[tool.pixmod]\nexclude = ["app/__init__.py"]\n',
        "app/stats/__init__.py": "from .engine import StatEngine\n",
        "app/stats/engine.py": "class StatEngine:\n    pass\n",
        "use.py": "from app.stats import StatEngine\n\nengine = StatEngine()\n",
    })
    age(*tmp_path.rglob("*.py"))
    check_text(tmp_path)
    (tmp_path / "app/__init__.py").write_text("")
    assert check_text(tmp_path) == check_text(tmp_path, "--no-cache")


def test_a_check_that_read_a_file_outside_the_listing_is_not_replayed(tmp_path, cache_dir) -> None:
    small_tree(tmp_path)
    project = Project(tmp_path, exclude=["app/m1.py"])
    project.text("app/m1.py")  # as a codemod reads an excluded conftest
    assert replay.record({"found": 1}, project) is None


def test_the_current_folder_keys_the_replay(sample_copy, cache_dir, monkeypatch) -> None:
    """JSON diffs name paths from the current folder."""
    monkeypatch.chdir(sample_copy)
    check(".")
    monkeypatch.chdir(sample_copy / "pixsim7")
    assert check("..") == check("..", "--no-cache")


# -- part by part ----------------------------------------------------------------


@pytest.fixture
def parts(monkeypatch) -> dict[str, list[str]]:
    """What the last check replayed and ran, part by part (empty lists: the
    whole check was replayed, or the parts were not recorded)."""
    found = {"replayed": [], "ran": []}
    real = replay.Parts.trace

    def trace(self, *, whole: bool = False) -> None:
        found["replayed"], found["ran"] = sorted(self.replayed), sorted(self.outputs)
        real(self, whole=whole)

    monkeypatch.setattr(replay.Parts, "trace", trace)
    return found


def test_an_edit_that_moves_a_finding_runs_that_rule_alone(tmp_path, cache_dir, parts) -> None:
    small_tree(tmp_path)
    check_text(tmp_path)
    path = tmp_path / "app/plugins.py"
    path.write_text("\n" + path.read_text())
    assert check_text(tmp_path) == check_text(tmp_path, "--no-cache")
    assert parts["ran"] == ["rule PX002"]
    assert "package" in parts["replayed"] and "rule PX003" in parts["replayed"]
    assert any(name.startswith("codemod ") for name in parts["replayed"])


def test_a_codemod_whose_input_changed_runs_and_those_after_it_replay(sample_copy, cache_dir, parts) -> None:
    """The engine migration rewrites a call site edited since: it runs
    again, and gives that file another text. The codemods after it asked
    that file only questions whose answers stay: they are replayed."""
    check_text(sample_copy)
    caller = sample_copy / "pixsim7/backend/main/services/stats/stat_service.py"
    assert "StatEngine()" in caller.read_text()
    caller.write_text(caller.read_text() + "\n\ndef late():\n    return stats.StatEngine()\n")
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")
    assert "codemod stat-engine-factory" in parts["ran"]
    assert "codemod stat-packages-startup" in parts["replayed"]  # comes after it
    assert "rule PX001" in parts["replayed"]


def test_a_part_is_not_replayed_once_a_codemod_before_it_changed_what_it_read(sample_copy, cache_dir, parts) -> None:
    """The engine's class renamed: the migration finds nothing to do, and
    every codemod after it meets another tree."""
    check_text(sample_copy)
    engine = sample_copy / "pixsim7/backend/main/domain/stats/engine.py"
    engine.write_text(engine.read_text().replace("class StatEngine", "class StatMotor"))
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")
    assert "codemod stat-engine-factory" in parts["ran"]


def test_answers_of_an_edited_file_are_recorded_of_its_text_on_disk(tmp_path) -> None:
    """A part's record says what a file answered as a codemod left it; the
    run's, what its text on disk answers (which a later check compares)."""
    from pixmod.model import FileChange

    small_tree(tmp_path)
    project = Project(tmp_path)
    project.apply(FileChange("app/m3.py", "register_x()\n"))
    part = replay.Parts(project)
    with part.recording("codemod x"):
        assert "app/m3.py" in project.files_containing("register")
    disk = next(iter(project.reads.questions.values()))
    assert "app/m3.py" not in disk.yes and "app/m3.py" in project.reads.whole
    unit = part.reads["codemod x"]
    assert "app/m3.py" not in next(iter(unit.questions.values())).yes
    assert next(iter(unit.edited_questions.values())).yes == {"app/m3.py"}


def test_a_part_that_failed_on_a_file_runs_again_once_it_is_mended(sample_copy, cache_dir, parts) -> None:
    """Found by bench/soundness.py: a call site made unparsable stops the
    migration (exit 2); restored, the question that picked the file gives
    the same answer, yet the migration must run again. A failure depends
    on the whole text of the files it concerned."""
    check_text(sample_copy)
    caller = sample_copy / "pixsim7/backend/main/services/stats/stat_service.py"
    text = caller.read_text()
    caller.write_text("".join(reversed(text.splitlines(True))))
    assert check_text(sample_copy)[0] == 2
    caller.write_text(text)
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")
    assert "codemod stat-engine-factory" in parts["ran"]


# -- found by review of the part-by-part replay -------------------------------------

M = "pixsim7/backend/main"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_no_part_replays_once_the_application_package_moved(sample_copy, cache_dir) -> None:
    """Every part reads the package found by evidence (a definition inside
    it wins a tie): the edits move it, and PX004 and the migration, whose
    own files did not change, must meet the tie the new package makes."""
    (sample_copy / M / "services/generation/__init__.py").write_text('"""Generation services."""\n\n\nclass StatEngine:\n    """A stand-in."""\n')
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")
    _edit(sample_copy / M / "startup.py", "def setup_ecs_components() -> int:", "def setup_ecs_components_x() -> int:")
    _edit(sample_copy / M / "main.py", "async def lifespan(app: App)", "async def lifespan_x(app: App)")
    service = sample_copy / M / "services/generation/generation_service.py"
    service.write_text(service.read_text() + "\n\ndef setup_ecs_components():\n    return 0\n\n\nasync def lifespan(app):\n    return None\n")
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")


def test_a_document_that_could_not_be_decoded_is_followed_until_mended(sample_copy, cache_dir) -> None:
    """dev-guide-di reads the guide whole, with no question first."""
    guide = sample_copy / "DEVELOPMENT_GUIDE.md"
    data = guide.read_bytes()
    check_text(sample_copy)
    guide.write_bytes(data + b"\n\xff\n")
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")
    guide.write_bytes(data)
    assert check_text(sample_copy) == check_text(sample_copy, "--no-cache")


def test_new_line_endings_in_a_file_a_codemod_rewrites_are_not_replayed(sample_copy, cache_dir) -> None:
    """Its text is the same, but the JSON diffs quote it as on disk."""
    check(sample_copy)
    path = sample_copy / M / "services/stats/stat_service.py"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check(sample_copy) == check(sample_copy, "--no-cache")


# -- found by the second review: what size and modification time miss ---------------

WEATHER = "import httpx\n\n\nclass Weather:\n    def __init__(self, url: str):\n        self._http = httpx.AsyncClient(base_url=url)\n"
PLAIN = WEATHER.replace("Weather", "Weathex").replace("AsyncClient", "AsyncCliexx")  # same size, no finding


def _two_same_size_files(root) -> None:
    write_tree(root, {"app/__init__.py": "", "app/a.py": WEATHER, "app/b.py": PLAIN})
    age(*root.rglob("*.py"))
    stamp = (root / "app/a.py").stat().st_mtime_ns
    for rel in ("app/a.py", "app/b.py"):  # as an archive's fixed times or a checkout in one second leave them
        os.utime(root / rel, ns=(stamp, stamp))


def test_two_files_of_one_size_and_time_swapped_by_renames(tmp_path, cache_dir) -> None:
    _two_same_size_files(tmp_path)
    assert check_text(tmp_path)[1].startswith("app/a.py:6:")
    os.rename(tmp_path / "app/a.py", tmp_path / "app/t")
    os.rename(tmp_path / "app/b.py", tmp_path / "app/a.py")
    os.rename(tmp_path / "app/t", tmp_path / "app/b.py")
    cold = check_text(tmp_path, "--no-cache")
    assert cold[1].startswith("app/b.py:6:")
    assert check_text(tmp_path) == cold
    assert check(tmp_path) == check(tmp_path, "--no-cache")  # another key: the store's stats are not trusted either


def test_a_copy_that_keeps_the_modification_time(tmp_path, cache_dir) -> None:
    """cp -p, rsync -a, a restore from an archive: another text, same size and time."""
    import shutil

    _two_same_size_files(tmp_path)
    assert check_text(tmp_path)[1].startswith("app/a.py:6:")
    shutil.copy2(tmp_path / "app/b.py", tmp_path / "app/a.py")
    cold = check_text(tmp_path, "--no-cache")
    assert "PX003" not in cold[1]
    assert check_text(tmp_path) == cold
