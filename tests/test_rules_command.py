"""``pixmod rules``: the list of rules and each one's explanation, through
the installed console script (as a user runs it) and in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pixmod import ruledocs
from pixmod.cli import main
from pixmod.rules import RULES

PIXMOD = Path(sys.executable).with_name("pixmod")  # the console script installed beside this interpreter


def _pixmod(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PIXMOD), *args], capture_output=True, text=True)


def test_rules_lists_code_name_severity_and_one_line() -> None:
    result = _pixmod("rules")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [r.code for r in RULES]
    for line, rule in zip(lines, RULES):
        code, name, severity, description = line.split(maxsplit=3)
        assert (code, name, severity, description) == (rule.code, rule.name, rule.severity, rule.description)


def test_rules_code_explains_one_rule_with_its_examples() -> None:
    result = _pixmod("rules", "PX003")
    assert result.returncode == 0, result.stderr
    rule = ruledocs.find("PX003")
    assert result.stdout.startswith(f"# {rule.name} (PX003)\n")
    assert rule.description in result.stdout
    assert ruledocs.explanation(rule).splitlines()[0] in result.stdout
    assert "# pixmod: ignore[PX003]" in result.stdout
    for example in rule.INVALID + rule.VALID:
        files = getattr(example, "files", example)
        for text in files.values():
            if text.strip():
                assert text.rstrip("\n") in result.stdout
    # by name and in any case, the same text
    assert CliRunner().invoke(main, ["rules", rule.name]).output == result.stdout
    assert CliRunner().invoke(main, ["rules", "px003"]).output == result.stdout


def test_explanation_is_the_rules_own_docstring_not_the_base_class() -> None:
    for rule in RULES:
        text = ruledocs.explanation(rule)
        assert text and rule.code in text or rule.__dict__.get("__doc__")
        assert "A rule is a small class" not in text


def test_rules_json() -> None:
    listed = json.loads(_pixmod("rules", "--output-format", "json").stdout)
    assert [r["code"] for r in listed] == [r.code for r in RULES]
    for data, rule in zip(listed, RULES):
        assert data["name"] == rule.name and data["severity"] == rule.severity
        assert data["description"] == rule.description and data["explanation"]
        assert len(data["examples"]["valid"]) == len(rule.VALID)
        assert len(data["examples"]["invalid"]) == len(rule.INVALID)
    one = json.loads(_pixmod("rules", "PX004", "--output-format", "json").stdout)
    assert one == listed[3]


def test_unknown_rule_is_a_usage_error_naming_the_known_ones() -> None:
    result = _pixmod("rules", "PX999")
    assert result.returncode == 2
    assert "unknown rule 'PX999'" in result.stderr and "PX001 (domain-schema-in-shared)" in result.stderr
