"""``[tool.pixmod]`` configuration of the target project.

The table is read from ``--config FILE`` or from the first ``pyproject.toml``
found in PATH or above it. Top-level keys mirror the CLI flags (a flag
overrides its key); each codemod reads its own sub-table
``[tool.pixmod.<codemod-name>]``. Unknown keys are an error naming the key,
so a typo never silently does nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

TOP_LEVEL_KEYS = {
    "package": "dotted name of the application package (default: guessed)",
    "only": "codemods to run (default: the whole pipeline)",
    "skip": "codemods not to run",
    "enable": "opt-in codemods to run with the default pipeline",
    "format": "black-format whole touched files",
    "exclude": "glob patterns (relative to PATH) of files and folders not to scan",
}


class ConfigError(Exception):
    """The configuration is invalid; the message says where and why."""


@dataclass(frozen=True)
class Config:
    """The validated ``[tool.pixmod]`` table plus the target's black table."""

    source: Path | None = None
    package: str | None = None
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    format: bool = False
    exclude: tuple[str, ...] = ()
    codemods: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_severity: Mapping[str, str] = field(default_factory=dict)  # [tool.pixmod.rules] severity
    rule_ignore: tuple[str, ...] = ()  # [tool.pixmod.rules] ignore
    black: Mapping[str, Any] = field(default_factory=dict)


def find_pyproject(start: Path) -> Path | None:
    """The first ``pyproject.toml`` in ``start`` or one of its parents."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(root: Path, explicit: Path | None, codemod_options: Mapping[str, Sequence[str]]) -> Config:
    """Read and validate the configuration; ``codemod_options`` maps each
    codemod name to the option names it accepts."""
    path = explicit or find_pyproject(root)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    tool = data.get("tool", {})
    table = tool.get("pixmod", data if explicit and "tool" not in data else {})
    codemods: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    severity, ignore = {}, ()
    for key, value in table.items():
        if key == "rules":
            severity, ignore = _rules_table(path, value)
        elif key in codemod_options:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [tool.pixmod.{key}] must be a table")
            unknown = sorted(set(value) - set(codemod_options[key]))
            if unknown:
                known = ", ".join(codemod_options[key]) or "none"
                raise ConfigError(f"{path}: unknown key '{unknown[0]}' in [tool.pixmod.{key}] (known: {known})")
            codemods[key] = dict(value)
        elif key in TOP_LEVEL_KEYS:
            top[key] = value
        else:
            raise ConfigError(f"{path}: unknown key '{key}' in [tool.pixmod]")
    for key in ("only", "skip", "enable", "exclude"):
        if key in top and not (isinstance(top[key], list) and all(isinstance(v, str) for v in top[key])):
            raise ConfigError(f"{path}: [tool.pixmod] {key} must be a list of strings")
    return Config(
        source=path,
        package=top.get("package"),
        only=tuple(top.get("only", ())),
        skip=tuple(top.get("skip", ())),
        enable=tuple(top.get("enable", ())),
        format=bool(top.get("format", False)),
        exclude=tuple(top.get("exclude", ())),
        codemods=codemods,
        rule_severity=severity,
        rule_ignore=ignore,
        black=tool.get("black", {}),
    )


def _rules_table(path: Path, table: Any) -> tuple[dict[str, str], tuple[str, ...]]:
    """``[tool.pixmod.rules]``: ``severity = {PX003 = "error"}``, ``ignore = ["PX005"]``."""
    from pixmod.rules import RULES, SEVERITIES

    codes = [rule.code for rule in RULES]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pixmod.rules] must be a table")
    for key in table:
        if key not in ("severity", "ignore"):
            raise ConfigError(f"{path}: unknown key '{key}' in [tool.pixmod.rules] (known: severity, ignore)")
    severity = table.get("severity", {})
    ignore = table.get("ignore", [])
    if not isinstance(severity, dict) or not isinstance(ignore, list):
        raise ConfigError(f"{path}: [tool.pixmod.rules] severity must be a table and ignore a list")
    for code in (*severity, *ignore):
        if code not in codes:
            raise ConfigError(f"{path}: unknown rule '{code}' in [tool.pixmod.rules] (known: {', '.join(codes)})")
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{path}: severity of {code} must be one of {', '.join(SEVERITIES)}, not {level!r}")
    return dict(severity), tuple(ignore)
