"""Baselines (pixmod.baseline): fingerprints that survive moved lines, what
a baseline hides, what it no longer matches, and the file itself; then the
whole adoption path through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pixmod.baseline import Baseline, BaselineError, Entry, SARIF_KEY, contexts, fingerprints, settle
from pixmod.rules import Finding

PIXMOD = Path(sys.executable).with_name("pixmod")  # the console script installed beside this interpreter

SERVICE = """\
import asyncio


class Service:
    def __init__(self):
        self.cache = Cache()
        self.client = Client()


class Cache:
    def __init__(self, session=None):  # takes a session: a collaborator (PX003)
        self.session = session


class Client:
    pass
"""


def _finding(text: str, needle: str, code: str = "PX003", path: str = "app/svc.py", nth: int = 0) -> Finding:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    line = lines[nth]
    return Finding(code, path, line, text.splitlines()[line - 1].index(needle) + 1, f"creates its {needle}")


def _keys(text: str, *needles: str) -> list[str]:
    return fingerprints([_finding(text, n) for n in needles], lambda _: text)


def test_fingerprints_survive_lines_moving_and_whitespace() -> None:
    before = _keys(SERVICE, "Cache()", "Client()")
    moved = "import os\nimport sys\n\n\n" + SERVICE  # everything four lines down
    assert _keys(moved, "Cache()", "Client()") == before
    reordered = SERVICE.replace("        self.cache = Cache()\n", "").replace(
        "        self.client = Client()\n", "        self.client = Client()\n        self.cache  =  Cache( )\n"
    )
    assert _keys(reordered, "Cache(", "Client()") == before  # order within the def and spacing do not matter
    assert len(set(before)) == 2


def test_fingerprints_change_with_the_code_the_file_and_the_enclosing_definition() -> None:
    [key] = _keys(SERVICE, "Cache()")
    assert _keys(SERVICE.replace("self.cache = Cache()", "self.store = Cache()"), "Cache()") != [key]
    assert _keys(SERVICE.replace("class Service:", "class Other:"), "Cache()") != [key]
    other_file = fingerprints([_finding(SERVICE, "Cache()", path="app/other.py")], lambda _: SERVICE)
    assert other_file != [key]
    other_rule = fingerprints([_finding(SERVICE, "Cache()", code="PX004")], lambda _: SERVICE)
    assert other_rule != [key]
    # the message and the column are not part of it: rewording a rule keeps the baseline
    reworded = Finding("PX003", "app/svc.py", _finding(SERVICE, "Cache()").line, 99, "reworded")
    assert fingerprints([reworded], lambda _: SERVICE) == [key]


def test_identical_lines_in_one_definition_are_counted_apart() -> None:
    text = "class S:\n    def __init__(self):\n        self.a = A()\n        self.a = A()\n"
    found = [_finding(text, "A()", nth=0), _finding(text, "A()", nth=1)]
    first, second = fingerprints(found, lambda _: text)
    assert first.rsplit(":", 1) == [second.rsplit(":", 1)[0], "0"] and second.endswith(":1")
    # the order of the findings given does not change which is which
    assert fingerprints(found[::-1], lambda _: text) == [second, first]


def test_contexts_name_the_enclosing_definitions() -> None:
    text = (
        "x = f()\n"
        "class A:\n"
        "    @decorate(B())\n"
        "    def m(self):\n"
        "        async def inner():\n"
        "            return C()\n"
        "        return D()\n"
        "    y = E()\n"
    )
    found = [Finding("PX003", "a.py", line, 1, "") for line in (1, 3, 6, 7, 8)]
    assert contexts(found, lambda _: text) == ["", "A.m", "A.m.inner", "A.m", "A"]
    assert contexts([Finding("PX003", "a.py", 1, 1, "")], lambda _: "def broken(:\n") == [""]


def _settle(findings, keys, *, read=None, write=None, codes=("PX003",), unchecked=()):
    return settle(
        findings, keys, read=read, write=write, context_of=lambda found: [""] * len(found),
        checked_codes=set(codes), unchecked_paths=set(unchecked),
    )


def _entry(key: str, code: str = "PX003", path: str = "app/svc.py") -> Entry:
    return Entry(key, code, path, "", "m")


def test_settle_hides_known_findings_and_reports_stale_entries() -> None:
    old, new = _finding(SERVICE, "Cache()"), _finding(SERVICE, "Client()")
    baseline = Baseline((_entry("k-old"), _entry("k-gone"), _entry("k-px005", code="PX005"),
                         _entry("k-unread", path="app/latin.py")))
    shown, keys, outcome, text = _settle(
        [old, new], ["k-old", "k-new"], read=(Path("b.json"), baseline), unchecked=("app/latin.py",)
    )
    assert (shown, keys, text) == ([new], ["k-new"], None)
    assert outcome.hidden == (old,) and outcome.entries == 4
    # a rule that did not run and a file that was not read are not stale
    assert [e.fingerprint for e in outcome.stale] == ["k-gone"]


def test_writing_keeps_entries_of_rules_and_files_not_checked() -> None:
    found = [_finding(SERVICE, "Cache()")]
    existing = Baseline((_entry("k-gone"), _entry("k-px005", code="PX005"), _entry("k-unread", path="app/latin.py")))
    shown, _, outcome, text = _settle(
        found, ["k-now"], write=(Path("b.json"), existing), unchecked=("app/latin.py",)
    )
    assert shown == [] and outcome.written and outcome.stale == ()
    written = Baseline.load_text(text) if hasattr(Baseline, "load_text") else json.loads(text)
    entries = written["findings"] if isinstance(written, dict) else written.entries
    assert sorted(e["fingerprint"] for e in entries) == ["k-now", "k-px005", "k-unread"]


def test_baseline_file_round_trip_and_stable_bytes(tmp_path) -> None:
    entries = (_entry("b:0", path="b.py"), _entry("a:0", path="a.py"), _entry("a:1", code="PX001", path="a.py"))
    path = tmp_path / "baseline.json"
    path.write_text(Baseline(entries).dumps())
    loaded = Baseline.load(path)
    assert sorted(loaded.entries, key=lambda e: e.fingerprint) == sorted(entries, key=lambda e: e.fingerprint)
    assert loaded.dumps() == path.read_text()  # rewriting an unchanged baseline changes no byte
    assert [e.path for e in loaded.entries] == ["a.py", "a.py", "b.py"]
    assert "line" not in path.read_text()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such baseline"),
        ("{not json", "cannot read the baseline"),
        ('{"tool": "ruff", "findings": []}', "not a pixmod baseline"),
        ('{"tool": "pixmod", "version": 99, "findings": []}', "baseline version 99"),
        ('{"tool": "pixmod", "version": 1, "findings": [{"code": "PX001"}]}', "lacks its fingerprint"),
    ],
)
def test_unreadable_baselines_are_errors_that_say_why(tmp_path, content, message) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError, match=message):
        Baseline.load(path)


# The adoption path, through the installed console script.

def _tree(root: Path, svc: str) -> Path:
    (root / "app").mkdir(parents=True, exist_ok=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "svc.py").write_text(svc)
    return root


def _pixmod(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PIXMOD), "check", "--no-cache", *args, "."], cwd=root, capture_output=True, text=True)


def test_adoption_path_through_the_console_script(tmp_path) -> None:
    root = _tree(tmp_path / "tree", SERVICE)
    result = _pixmod(root, "--write-baseline", "pixmod-baseline.json")
    assert result.returncode == 0, result.stderr
    assert "baseline pixmod-baseline.json: wrote 2 entries" in result.stderr
    assert "PX003" not in result.stdout  # what it records is the accepted debt: not reported again
    recorded = json.loads((root / "pixmod-baseline.json").read_text())
    assert [e["context"] for e in recorded["findings"]] == ["Service.__init__", "Service.__init__"]

    # lines move (imports added above, the class moved below its helpers): nothing new
    moved = "import os\nimport sys\n\n\nclass Unrelated:\n    pass\n\n\n" + SERVICE.replace("import asyncio\n", "")
    (root / "app" / "svc.py").write_text(moved)
    result = _pixmod(root, "--baseline", "pixmod-baseline.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PX003" not in result.stdout
    assert "baseline pixmod-baseline.json: 2 finding(s) hidden, 0 new" in result.stderr

    # a new violation fails, though PX003 is a warning: the baseline makes new debt fail
    (root / "app" / "svc.py").write_text(moved.replace("        self.client = Client()\n",
                                                       "        self.client = Client()\n        self.spare = Client()\n"))
    result = _pixmod(root, "--baseline", "pixmod-baseline.json")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["app/svc.py:15:22: PX003 Service creates its Client itself; accept it as an optional keyword-only argument"]
    assert "2 finding(s) hidden, 1 new (failing check)" in result.stderr

    # one fixed: its entry is stale, named so the team can shrink the file
    (root / "app" / "svc.py").write_text(moved.replace("        self.cache = Cache()\n", ""))
    result = _pixmod(root, "--baseline", "pixmod-baseline.json", "--output-format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["findings"] == [] and data["baseline"]["hidden"] == 1
    assert [(e["code"], e["context"]) for e in data["baseline"]["stale"]] == [("PX003", "Service.__init__")]
    assert "Cache" in data["baseline"]["stale"][0]["message"]
    text = _pixmod(root, "--baseline", "pixmod-baseline.json").stderr
    assert "1 of its 2 entries no longer match anything" in text and "stale: app/svc.py: PX003 (in Service.__init__)" in text

    # shrinking: rewrite in place; the stale entry is gone
    result = _pixmod(root, "--baseline", "pixmod-baseline.json", "--write-baseline", "pixmod-baseline.json")
    assert result.returncode == 0 and len(json.loads((root / "pixmod-baseline.json").read_text())["findings"]) == 1


def test_sarif_partial_fingerprints_are_the_baselines(tmp_path) -> None:
    root = _tree(tmp_path / "tree", SERVICE)
    sarif = json.loads(_pixmod(root, "--output-format", "sarif").stdout)
    assert _pixmod(root, "--write-baseline", "b.json").returncode == 0
    keys = {r["partialFingerprints"][SARIF_KEY] for r in sarif["runs"][0]["results"] if r["ruleId"] == "PX003"}
    assert keys == {e["fingerprint"] for e in json.loads((root / "b.json").read_text())["findings"]}
    assert len(keys) == 2
    (root / "app" / "svc.py").write_text(SERVICE + "\n\nclass Late:\n    def __init__(self):\n        self.c = Cache()\n")
    sarif = json.loads(_pixmod(root, "--output-format", "sarif", "--baseline", "b.json").stdout)
    [run] = sarif["runs"]
    assert [(r["ruleId"], r["baselineState"]) for r in run["results"]] == [("PX003", "new")]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "note"]
    assert notes == ["baseline b.json: 2 finding(s) hidden, 1 new (failing check)"]
    github = _pixmod(root, "--output-format", "github", "--baseline", "b.json").stdout.splitlines()
    assert "::notice title=pixmod::baseline b.json: 2 finding(s) hidden, 1 new (failing check)" in github
    assert sum(line.startswith("::warning file=app/svc.py") for line in github) == 1


def test_a_missing_or_foreign_baseline_is_a_usage_error(tmp_path) -> None:
    root = _tree(tmp_path / "tree", SERVICE)
    result = _pixmod(root, "--baseline", "nosuch.json")
    assert result.returncode == 2 and "nosuch.json: no such baseline" in result.stderr
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    result = _pixmod(root, "--write-baseline", "pyproject.toml")  # never overwrite a file that is not a baseline
    assert result.returncode == 2 and "cannot read the baseline" in result.stderr
    assert (root / "pyproject.toml").read_text() == "[project]\nname = 'x'\n"


def test_text_output_without_a_baseline_does_not_fingerprint(tmp_path, monkeypatch) -> None:
    """Fingerprints cost a parse per file with findings: only JSON, SARIF
    and baselines pay it."""
    from click.testing import CliRunner

    from pixmod import baseline as pbaseline
    from pixmod.cli import main

    calls = []
    real = pbaseline.fingerprints
    monkeypatch.setattr(pbaseline, "fingerprints", lambda *a: calls.append(1) or real(*a))
    root = _tree(tmp_path / "tree", SERVICE)
    for fmt, expected in [("text", 0), ("github", 0), ("json", 1), ("sarif", 1)]:
        calls.clear()
        result = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", fmt, str(root)])
        assert result.exit_code == 0 and len(calls) == expected, fmt
    data = json.loads(CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "json", str(root)]).stdout)
    assert all(f["fingerprint"] for f in data["findings"]) and len(data["findings"]) == 2


def test_a_file_that_stops_parsing_keeps_its_entries(tmp_path) -> None:
    """A syntax error being fixed hides the file from the rules: its entries
    are neither stale nor dropped when the baseline is rewritten."""
    root = _tree(tmp_path / "tree", SERVICE)
    (root / "app" / "other.py").write_text(SERVICE.replace("class Service:", "class Job:"))
    assert _pixmod(root, "--write-baseline", "b.json").returncode == 0
    assert len(json.loads((root / "b.json").read_text())["findings"]) == 4
    (root / "app" / "svc.py").write_text(SERVICE + "\ndef broken(:\n")
    (root / "app" / "other.py").unlink()  # deleted: its entry is stale
    result = _pixmod(root, "--baseline", "b.json", "--output-format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [e["path"] for e in data["baseline"]["stale"]] == ["app/other.py", "app/other.py"]
    _pixmod(root, "--baseline", "b.json", "--write-baseline", "b.json")
    assert [e["path"] for e in json.loads((root / "b.json").read_text())["findings"]] == ["app/svc.py", "app/svc.py"]
