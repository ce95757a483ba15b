"""What ``pixmod rules`` shows: each architecture rule's code, name,
default severity, one-line description, and its full explanation (the
rule's docstring, or its module's) with its own VALID and INVALID examples,
as ``ruff rule`` does; and its options, each described as ``pixmod list
--options`` describes a codemod's, then all of them at their defaults as a
``[tool.pixmod.rules.CODE]`` table to paste into pyproject.toml.

Nothing here runs a rule: it reads what each rule class declares, so the
documentation and the examples the test suite runs are one and the same.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any, Iterable, Mapping


def _rules():
    from pixmod.rules import RULES

    return RULES


def find(key: str):
    """The rule whose code (``PX003``, any case) or name
    (``self-built-dependencies``) is ``key``, or None."""
    for rule in _rules():
        if key.upper() == rule.code or key == rule.name:
            return rule
    return None


def explanation(rule) -> str:
    """The rule's own docstring if it has one, else its module's (the
    docstring a rule class inherits from :class:`Rule` says nothing about it)."""
    doc = rule.__dict__.get("__doc__") or sys.modules[rule.__module__].__doc__ or ""
    return inspect.cleandoc(doc)


def _files(example: Any) -> Mapping[str, str]:
    """An example's tree: a mapping itself, or the ``files`` of an
    ``Invalid`` (path, line, column, message expected) example."""
    return getattr(example, "files", example)


def _expected(example: Any) -> list[dict[str, Any]]:
    return [
        {"path": path, "line": line, "col": col, "message": message}
        for path, line, col, message in getattr(example, "expected", ())
    ]


def _shown(files: Mapping[str, str]) -> dict[str, str]:
    """The files of an example worth showing: empty ``__init__.py`` files
    only make the package and say nothing."""
    return {path: text for path, text in files.items() if text.strip()}


def as_data(rule) -> dict[str, Any]:
    """One rule as ``pixmod rules --output-format json`` prints it."""
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "description": rule.description,
        "explanation": explanation(rule),
        "options": [
            {"name": o.name, "type": o.kind.__name__, "expected": o.expected, "default": _plain(o.default), "help": o.help}
            for o in rule.OPTIONS
        ],
        "examples": {
            "valid": [{"files": dict(_files(e))} for e in rule.VALID],
            "invalid": [{"files": dict(_files(e)), "expected": _expected(e)} for e in rule.INVALID],
        },
    }


def listing_lines() -> list[str]:
    """``code  name  severity  description``, one line per rule, aligned."""
    rules = _rules()
    name_width = max(len(r.name) for r in rules)
    severity_width = max(len(r.severity) for r in rules)
    return [f"{r.code}  {r.name:<{name_width}}  {r.severity:<{severity_width}}  {r.description}" for r in rules]


def explain_lines(rule) -> list[str]:
    """The full text of ``pixmod rules CODE``: title, severity, explanation
    and every example, each file in a fenced block (Markdown, as ruff's)."""
    lines = [f"# {rule.name} ({rule.code})", "", f"Default severity: {rule.severity}.", "", rule.description, ""]
    lines += [explanation(rule), ""]
    lines += ["Silence one place with `# pixmod: ignore[%s]` on its line or on the enclosing `class`/`def` line." % rule.code]
    lines += option_lines(rule)
    lines += _example_lines("Flagged (INVALID)", rule.INVALID, with_expected=True)
    lines += _example_lines("Not flagged (VALID)", rule.VALID, with_expected=False)
    return lines


def option_lines(rule) -> list[str]:
    """The rule's options: one line each (as ``pixmod list --options``, the
    default left to the table below), then the whole table at its defaults,
    as TOML to paste and edit."""
    if not rule.OPTIONS:
        return []
    lines = ["", "## Options", ""]
    lines += [f"- {option.describe(with_default=False)}" for option in rule.OPTIONS]
    lines += [
        "", f"Set them in pyproject.toml (a list replaces the default: keep the entries you want), "
        f"or for one run with `--set {rule.code}.OPTION=VALUE` (a list comma-separated):",
        "", "```toml", f"[tool.pixmod.rules.{rule.code}]", *(option.toml() for option in rule.OPTIONS), "```",
    ]
    return lines


def _plain(value: Any) -> Any:
    """A setting's value as JSON holds it (a list, not the run's tuple)."""
    return list(value) if isinstance(value, tuple) else value


def _example_lines(title: str, examples: Iterable[Any], *, with_expected: bool) -> list[str]:
    lines = []
    for index, example in enumerate(examples, 1):
        lines += ["", f"## {title}, example {index}"]
        for path, text in _shown(_files(example)).items():
            lines += ["", f"`{path}`:", "```python", text.rstrip("\n"), "```"]
        for found in _expected(example) if with_expected else ():
            lines.append(f"  -> {found['path']}:{found['line']}:{found['col']}: {found['message']}")
    return lines
