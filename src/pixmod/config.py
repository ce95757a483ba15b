"""``[tool.pixmod]`` configuration of the target project.

The table is read from ``--config FILE`` or from the first ``pyproject.toml``
found in PATH or above it. Top-level keys mirror the CLI flags (a flag
overrides its key); each codemod reads its own sub-table
``[tool.pixmod.<codemod-name>]``, whose keys are the codemod's options, and
each architecture rule ``[tool.pixmod.rules.<CODE>]``, whose keys are the
rule's ``OPTIONS``; ``--set NAME.KEY=VALUE`` (a codemod's name or a rule's
code) sets one from the command line, over the file.
Every value is checked against its :class:`~pixmod.options.Option` (type,
choices) when the configuration is loaded; unknown keys and wrong values are
errors naming the key, so a typo never silently does nothing and a wrong
type never surfaces later as an internal error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from pixmod.options import Option, OptionError

# [tool.pixmod] keys; flags of the same name override them (``--only``,
# ``--skip``, ``--format/--no-format``) and take their help from here.
TOP_LEVEL: dict[str, Option] = {
    option.name: option
    for option in (
        Option("package", None, "dotted name of the application package (default: guessed)"),
        Option("only", [], "codemods to run (default: the whole pipeline)"),
        Option("skip", [], "codemods not to run"),
        Option("enable", [], "opt-in codemods to run with the default pipeline"),
        Option("format", False, "black-format whole touched files (generated code is always formatted)"),
        Option("exclude", [], "glob patterns (relative to PATH) of files and folders not to scan"),
    )
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
    # The codemod options set in [tool.pixmod.<name>] or by --set (validated),
    # by codemod name; and every codemod's options for the run, defaults included.
    codemods: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_severity: Mapping[str, str] = field(default_factory=dict)  # [tool.pixmod.rules] severity
    rule_ignore: tuple[str, ...] = ()  # [tool.pixmod.rules] ignore
    rule_select: tuple[str, ...] = ()  # [tool.pixmod.rules] select (empty: every rule)
    rule_baseline: Path | None = None  # [tool.pixmod.rules] baseline, relative to the config file's folder
    # The rule options set in [tool.pixmod.rules.<CODE>] or by --set (validated),
    # by rule code; and every rule's options for the run, defaults included.
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    black: Mapping[str, Any] = field(default_factory=dict)


def find_pyproject(start: Path) -> Path | None:
    """The first ``pyproject.toml`` in ``start`` or one of its parents."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(
    root: Path,
    explicit: Path | None,
    codemod_options: Mapping[str, Sequence[Option]],
    assignments: Sequence[str] = (),
    rule_options: Mapping[str, Sequence[Option]] | None = None,
) -> Config:
    """Read and validate the configuration. ``codemod_options`` maps each
    codemod name to the options it declares, ``rule_options`` each rule code
    to its ``OPTIONS`` (default: the rules'); ``assignments`` are the
    command line's ``NAME.KEY=VALUE`` settings, over the file's."""
    if rule_options is None:
        rule_options = declared_rule_options()
    path = explicit or find_pyproject(root)
    data = _read(path) if path is not None else {}
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: [tool] must be a table")
    table = tool.get("pixmod", data if explicit and "tool" not in data else {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pixmod] must be a table")
    codemods: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    rules = _RulesTable()
    for key, value in table.items():
        if key == "rules":
            rules = _rules_table(path, value, rule_options)
        elif key in codemod_options:
            codemods[key] = _codemod_table(path, key, value, codemod_options[key])
        elif key in TOP_LEVEL:
            top[key] = _checked(TOP_LEVEL[key].validate, value, f"{path}: [tool.pixmod] {key}")
        else:
            raise ConfigError(f"{path}: unknown key '{key}' in [tool.pixmod]")
    for assignment in assignments:
        name, key, value = parse_assignment(assignment, codemod_options, rule_options)
        (rules.options if name in rule_options else codemods).setdefault(name, {})[key] = value
    defaults = {name: {o.name: o.default for o in options} for name, options in codemod_options.items()}
    rule_defaults = {code: {o.name: o.default for o in options} for code, options in rule_options.items()}
    return Config(
        source=path,
        package=top.get("package"),
        only=top.get("only", ()),
        skip=top.get("skip", ()),
        enable=top.get("enable", ()),
        format=top.get("format", False),
        exclude=top.get("exclude", ()),
        codemods=codemods,
        options={name: {**defaults[name], **codemods.get(name, {})} for name in codemod_options},
        rule_severity=rules.severity,
        rule_ignore=rules.ignore,
        rule_select=rules.select,
        rule_baseline=rules.baseline,
        rules=rules.options,
        rule_options={code: {**rule_defaults[code], **rules.options.get(code, {})} for code in rule_options},
        black=tool.get("black", {}),
    )


def declared_rule_options() -> dict[str, tuple[Option, ...]]:
    """Each architecture rule's ``OPTIONS``, by rule code."""
    from pixmod.rules import RULES

    return {rule.code: rule.OPTIONS for rule in RULES}


def parse_assignment(
    text: str, codemod_options: Mapping[str, Sequence[Option]], rule_options: Mapping[str, Sequence[Option]] = {},
) -> tuple[str, str, Any]:
    """``NAME.KEY=VALUE`` (``--set``): the codemod (by name) or rule (by code,
    any case), the option and the value, parsed and validated by the
    option's type."""
    target, equals, raw = text.partition("=")
    name, dot, key = target.strip().partition(".")
    if not (equals and dot and name and key):
        raise ConfigError(
            f"--set {text}: expected CODEMOD.OPTION=VALUE or RULE.OPTION=VALUE, "
            "e.g. schemas-barrel.barrel_style=eager or PX003.not_collaborators=app.cache.Cache"
        )
    if name.upper() in rule_options:
        name = name.upper()
        options = rule_options[name]
    elif name in codemod_options:
        options = codemod_options[name]
    else:
        known = ", ".join([*codemod_options, *(code for code, declared in rule_options.items() if declared)])
        what = "codemod or rule" if any(rule_options.values()) else "codemod"
        raise ConfigError(f"--set {text}: unknown {what} '{name}' (known: {known})")
    option = _option(options, key, f"--set {text}: unknown option '{key}' of {name}")
    return name, key, _checked(option.parse, raw, f"--set {name}.{key}")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def _codemod_table(path: Path | None, name: str, table: Any, options: Sequence[Option]) -> dict[str, Any]:
    """``[tool.pixmod.<name>]`` (a codemod's table, or ``rules.<CODE>``), each
    value validated by its option."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pixmod.{name}] must be a table")
    values = {}
    for key, value in table.items():
        option = _option(options, key, f"{path}: unknown key '{key}' in [tool.pixmod.{name}]")
        values[key] = _checked(option.validate, value, f"{path}: [tool.pixmod.{name}] {key}")
    return values


def _option(options: Sequence[Option], key: str, message: str) -> Option:
    for option in options:
        if option.name == key:
            return option
    known = ", ".join(o.name for o in options) or "none"
    raise ConfigError(f"{message} (known: {known})")


def _checked(check, value: Any, where: str) -> Any:
    try:
        return check(value, where)
    except OptionError as exc:
        raise ConfigError(str(exc)) from exc


@dataclass
class _RulesTable:
    """``[tool.pixmod.rules]``, validated."""

    severity: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    baseline: Path | None = None
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # [tool.pixmod.rules.<CODE>], by code


RULES_KEYS = ("select", "ignore", "severity", "baseline")


def baseline_path(source: Path | None, value: str) -> Path:
    """``[tool.pixmod.rules] baseline``: relative to the folder of the file
    that sets it (as a committed file next to pyproject.toml is named)."""
    return source.parent / value if source is not None else Path(value)


def _rules_table(path: Path | None, table: Any, rule_options: Mapping[str, Sequence[Option]]) -> _RulesTable:
    """``[tool.pixmod.rules]``: ``select = ["PX00"]`` and ``ignore = ["PX005"]``
    (codes, prefixes or names, see :mod:`pixmod.selection`), ``severity =
    {PX003 = "error"}``, ``baseline = "pixmod-baseline.json"``, and a
    sub-table of options per rule, ``[tool.pixmod.rules.PX003]``."""
    from pixmod.rules import RULES, SEVERITIES
    from pixmod.selection import matching

    codes = list(rule_options)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pixmod.rules] must be a table")
    options = {}
    for key, value in table.items():
        if key.upper() in rule_options:
            code = key.upper()
            options[code] = _codemod_table(path, f"rules.{key}", value, rule_options[code])
        elif key not in RULES_KEYS:
            known = ", ".join([*RULES_KEYS, *(code for code, declared in rule_options.items() if declared)])
            raise ConfigError(f"{path}: unknown key '{key}' in [tool.pixmod.rules] (known: {known})")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{path}: [tool.pixmod.rules] severity must be a table, e.g. {{ PX003 = \"error\" }}")
    for code in severity:
        if code not in codes:
            raise ConfigError(f"{path}: unknown rule '{code}' in [tool.pixmod.rules] severity (known: {', '.join(codes)})")
    selectors = {}
    for key in ("select", "ignore"):
        selectors[key] = _checked(Option(key, [], "").validate, table.get(key, []), f"{path}: [tool.pixmod.rules] {key}")
        for selector in selectors[key]:
            if not matching(selector, RULES):
                raise ConfigError(
                    f"{path}: unknown rule '{selector}' in [tool.pixmod.rules] {key}: no rule has this code, prefix or "
                    f"name (known: {', '.join(codes)})"
                )
    baseline = table.get("baseline")
    if baseline is not None and not (isinstance(baseline, str) and baseline.strip()):
        raise ConfigError(f"{path}: [tool.pixmod.rules] baseline must be a file name, e.g. \"pixmod-baseline.json\", not {baseline!r}")
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{path}: severity of {code} must be one of {', '.join(SEVERITIES)}, not {level!r}")
    return _RulesTable(
        dict(severity), selectors["ignore"], selectors["select"],
        baseline_path(path, baseline) if baseline is not None else None, options,
    )
