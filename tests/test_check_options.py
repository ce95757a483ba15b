"""``check --select/--ignore`` over ``[tool.pixmod.rules]``, and
``--statistics``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixmod.cli import main
from pixmod.rules import RULES
from pixmod.selection import UnknownSelector, ignored_codes, split

PIXMOD = Path(sys.executable).with_name("pixmod")
ALL = [r.code for r in RULES]


def _running(**kwargs) -> list[str]:
    ignored = ignored_codes(RULES, **kwargs)
    return [code for code in ALL if code not in ignored]


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({}, ALL),
        ({"select": ["PX003"]}, ["PX003"]),
        ({"select": ["px00"]}, ALL),
        ({"select": ["ALL"], "ignore": ["PX004"]}, ["PX001", "PX002", "PX003", "PX005"]),
        ({"select": ["self-built-dependencies", "PX005"]}, ["PX003", "PX005"]),
        ({"config_ignore": ["PX005"]}, ["PX001", "PX002", "PX003", "PX004"]),
        ({"config_ignore": ["PX005"], "ignore": ["PX001"]}, ["PX002", "PX003", "PX004"]),
        ({"config_ignore": ["PX005"], "select": ["PX005"]}, ["PX005"]),  # naming a rule runs it
        ({"ignore": ["PX"]}, []),
    ],
)
def test_selection(kwargs, expected) -> None:
    assert _running(**kwargs) == expected


def test_a_selector_matching_nothing_is_an_error() -> None:
    with pytest.raises(UnknownSelector, match="--ignore PX9: no rule"):
        ignored_codes(RULES, ignore=["PX9"])


def test_comma_separated_and_repeated() -> None:
    assert split(["PX001,PX003", " PX005 ", ""]) == ("PX001", "PX003", "PX005")


def test_select_and_ignore_through_the_console_script(sample_copy) -> None:
    def codes(*args: str) -> set[str]:
        out = subprocess.run([str(PIXMOD), "check", "--no-cache", "--output-format", "json", *args, str(sample_copy)],
                             capture_output=True, text=True)
        assert out.returncode == 1, out.stderr
        return {f["code"] for f in json.loads(out.stdout)["findings"]}

    assert codes() == set(ALL)
    assert codes("--select", "PX003,PX004") == {"PX003", "PX004"}
    assert codes("--select", "PX00", "--ignore", "PX001", "--ignore", "PX002") == {"PX003", "PX004", "PX005"}
    (sample_copy / "pyproject.toml").write_text('[tool.pixmod.rules]\nignore = ["PX003"]\n')
    assert codes() == set(ALL) - {"PX003"}
    assert codes("--ignore", "PX004") == set(ALL) - {"PX003", "PX004"}
    assert codes("--select", "PX003") == {"PX003"}
    bad = subprocess.run([str(PIXMOD), "check", "--select", "PX42", str(sample_copy)], capture_output=True, text=True)
    assert bad.returncode == 2 and "--select PX42: no rule has this code, prefix or name" in bad.stderr


def test_statistics(sample_copy) -> None:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--statistics", str(sample_copy)])
    assert result.exit_code == 1
    data = json.loads(CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "json", str(sample_copy)]).stdout)
    counts: dict[str, int] = {}
    for finding in data["findings"]:
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    names = {r.code: r.name for r in RULES}
    lines = result.stdout.splitlines()
    assert [tuple(line.split()) for line in lines] == [
        (str(count), code, names[code])
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    assert ":" not in result.stdout  # counts instead of each finding
    rows = json.loads(CliRunner().invoke(main, ["check", "--no-cache", "--statistics", "--output-format", "json",
                                               str(sample_copy)]).stdout)
    assert {row["code"]: row["count"] for row in rows} == counts
    assert all(row["baselined"] == 0 and row["name"] == names[row["code"]] for row in rows)
    bad = CliRunner().invoke(main, ["check", "--statistics", "--output-format", "sarif", str(sample_copy)])
    assert bad.exit_code == 2 and "--statistics prints text or json" in bad.output


def test_statistics_with_a_baseline_count_what_it_hid(sample_copy) -> None:
    baseline = sample_copy / "b.json"
    assert CliRunner().invoke(main, ["check", "--no-cache", "--select", "PX003", "--write-baseline", str(baseline),
                                     str(sample_copy)]).exit_code == 1  # codemod changes are still pending
    result = CliRunner().invoke(main, ["check", "--no-cache", "--statistics", "--select", "PX003,PX004",
                                       "--baseline", str(baseline), str(sample_copy)])
    lines = [line.split(maxsplit=3) for line in result.stdout.splitlines()]
    assert lines[0][:3] == ["3", "PX004", "engine-built-directly"] and lines[0][3] == "(+0 in the baseline)"
    assert lines[1][:3] == ["0", "PX003", "self-built-dependencies"] and lines[1][3] == "(+5 in the baseline)"
