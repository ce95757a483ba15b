"""``[tool.pixmod.rules]`` ``select`` and ``baseline``, as ruff's: the
configuration chooses the rules and the baseline of a plain ``pixmod check``;
``--select``, ``--baseline`` and ``--no-baseline`` override it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pixmod.config import ConfigError, load_config
from pixmod.rules import RULES
from pixmod.selection import UnknownSelector, ignored_codes

from .conftest import write_tree

PIXMOD = Path(sys.executable).with_name("pixmod")
ALL = [r.code for r in RULES]

# PX003 (a warning) twice; PX004 (an error) once. The codemod that fixes
# PX004 is left out so that only findings decide the exit code.
PYPROJECT = '[tool.pixmod]\nskip = ["stat-engine-factory"]\n\n[tool.pixmod.rules]\n'
FILES = {
    "pyproject.toml": PYPROJECT,
    "app/__init__.py": "",
    "app/stats/__init__.py": "from .engine import StatEngine\n",
    "app/stats/engine.py": "class StatEngine:\n    pass\n",
    "app/svc.py": "import httpx\nfrom app.stats import StatEngine\n\n\nclass Service:\n    def __init__(self):\n"
                  "        self.engine = StatEngine()\n        self.http = httpx.AsyncClient()\n",
}


def _tree(root: Path, files: dict[str, str] = FILES) -> Path:
    return write_tree(root, files)


def _running(**kwargs) -> list[str]:
    ignored = ignored_codes(RULES, **kwargs)
    return [code for code in ALL if code not in ignored]


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"config_select": ["PX003", "PX004"]}, ["PX003", "PX004"]),
        ({"config_select": ["PX00"], "config_ignore": ["PX005"]}, ["PX001", "PX002", "PX003", "PX004"]),
        ({"config_select": ["PX003"], "select": ["PX004"]}, ["PX004"]),  # --select replaces the config's
        ({"config_select": ["PX003"], "config_ignore": ["PX004"], "select": ["PX004"]}, ["PX004"]),
        ({"config_select": ["PX003", "PX004"], "ignore": ["PX004"]}, ["PX003"]),
        ({"config_ignore": ["PX00"]}, []),  # config ignore takes prefixes too
    ],
)
def test_config_select_layers_under_the_command_line(kwargs, expected) -> None:
    assert _running(**kwargs) == expected


def test_a_config_selector_matching_nothing_names_the_key() -> None:
    with pytest.raises(UnknownSelector, match=r"\[tool.pixmod.rules\] select PX9: no rule"):
        ignored_codes(RULES, config_select=["PX9"])


@pytest.mark.parametrize(
    "toml, message",
    [
        ('select = "PX003"', '[tool.pixmod.rules] select must be a list of strings, not "PX003"'),
        ('select = ["PX9"]', "unknown rule 'PX9' in [tool.pixmod.rules] select"),
        ('ignore = ["nope"]', "unknown rule 'nope' in [tool.pixmod.rules] ignore"),
        ("baseline = 3", "[tool.pixmod.rules] baseline must be a file name"),
        ('baseline = ""', "[tool.pixmod.rules] baseline must be a file name"),
        ('selct = ["PX003"]', "unknown key 'selct' in [tool.pixmod.rules] (known: select, ignore, severity, baseline, PX003)"),
    ],
)
def test_select_and_baseline_keys_are_validated(tmp_path, toml, message) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.pixmod.rules]\n{toml}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, None, {})
    assert message in str(caught.value)


def test_baseline_is_relative_to_the_config_files_folder(tmp_path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "pixmod.toml").write_text('[tool.pixmod.rules]\nbaseline = "b.json"\nselect = ["PX003", "px004"]\n')
    config = load_config(tmp_path, tmp_path / "conf" / "pixmod.toml", {})
    assert config.rule_baseline == tmp_path / "conf" / "b.json"
    assert config.rule_select == ("PX003", "px004")
    assert load_config(tmp_path, None, {}).rule_baseline is None


def _check(root: Path, *args: str, cwd: Path | None = None, cache: bool = False) -> tuple[int, list[str], str | dict]:
    """Exit code, codes found, and the JSON report (the error message on exit 2)."""
    flags = [] if cache else ["--no-cache"]
    out = subprocess.run([str(PIXMOD), "check", *flags, "--output-format", "json", *args, str(root)],
                         cwd=cwd or root, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        return out.returncode, [], out.stderr
    data = json.loads(out.stdout)
    return out.returncode, sorted(f["code"] for f in data["findings"]), data


def test_select_from_the_config(tmp_path) -> None:
    root = _tree(tmp_path)
    assert _check(root)[:2] == (1, ["PX003", "PX003", "PX004"])
    (root / "pyproject.toml").write_text(PYPROJECT + 'select = ["PX003"]\n')
    assert _check(root)[:2] == (0, ["PX003", "PX003"])
    assert _check(root, "--select", "PX004")[:2] == (1, ["PX004"])  # the command line overrides it
    (root / "pyproject.toml").write_text(PYPROJECT + 'select = ["PX00"]\nignore = ["PX003"]\n')
    assert _check(root)[:2] == (1, ["PX004"])  # the config's ignore applies to the config's select
    assert _check(root, "--ignore", "PX004")[:2] == (0, [])
    (root / "pyproject.toml").write_text(PYPROJECT + 'select = ["PX9"]\n')
    code, _, err = _check(root)
    assert code == 2 and "unknown rule 'PX9' in [tool.pixmod.rules] select" in err


def test_baseline_from_the_config(tmp_path) -> None:
    root = _tree(tmp_path / "tree")
    (root / "pyproject.toml").write_text(PYPROJECT + 'baseline = "pixmod-baseline.json"\n')
    # not written yet: a usage error that says how to write it
    code, _, err = _check(root)
    assert code == 2 and "[tool.pixmod.rules] baseline: pixmod-baseline.json: no such baseline" in err
    assert "--no-baseline" in err
    assert _check(root, "--no-baseline")[:2] == (1, ["PX003", "PX003", "PX004"])
    # the first --write-baseline to the configured file creates it
    assert _check(root, "--write-baseline", "pixmod-baseline.json")[0] == 0
    assert (root / "pixmod-baseline.json").is_file()
    code, codes, data = _check(root)
    assert (code, codes) == (0, [])
    assert (data["baseline"]["path"], data["baseline"]["hidden"]) == ("pixmod-baseline.json", 3)
    # from another folder: still the file beside the config
    code, codes, data = _check(root, cwd=tmp_path)
    assert (code, codes) == (0, []) and (data["baseline"]["path"], data["baseline"]["hidden"]) == ("tree/pixmod-baseline.json", 3)
    text = subprocess.run([str(PIXMOD), "check", "--no-cache", "."], cwd=root, capture_output=True, text=True)
    assert "baseline pixmod-baseline.json: 3 finding(s) hidden, 0 new" in text.stderr
    # a new finding fails the check (as under --baseline)
    svc = root / "app" / "svc.py"
    svc.write_text(svc.read_text() + "        self.more = httpx.AsyncClient()\n")
    assert _check(root)[:2] == (1, ["PX003"])
    assert _check(root, "--no-baseline")[:2] == (1, ["PX003", "PX003", "PX003", "PX004"])
    # --baseline overrides the configured one
    (root / "empty.json").write_text(json.dumps({"tool": "pixmod", "version": 1, "findings": []}))
    assert _check(root, "--baseline", "empty.json")[:2] == (1, ["PX003", "PX003", "PX003", "PX004"])
    code, _, err = _check(root, "--baseline", "empty.json", "--no-baseline")
    assert code == 2 and "--baseline and --no-baseline exclude each other" in err


def test_a_warm_check_reads_the_configured_baseline_again(tmp_path, monkeypatch) -> None:
    """A replayed check is keyed by the baseline's bytes: the configured
    baseline's too."""
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))
    root = _tree(tmp_path / "tree")
    (root / "pyproject.toml").write_text(PYPROJECT + 'baseline = "b.json"\n')
    assert _check(root, "--write-baseline", "b.json", cache=True)[0] == 0
    assert _check(root, cache=True)[:2] == (0, [])
    assert _check(root, cache=True)[:2] == (0, [])  # replayed
    (root / "b.json").write_text(json.dumps({"tool": "pixmod", "version": 1, "findings": []}))
    assert _check(root, cache=True)[:2] == (1, ["PX003", "PX003", "PX004"])
