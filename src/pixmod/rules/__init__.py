"""The architecture rules ``pixmod check`` applies, in code order.

An explicit list, like the codemods'; each rule module documents what it
reports and carries its own valid and invalid examples.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Mapping

from pixmod.model import CodemodError, RunWarning
from pixmod.rules.base import SEVERITIES, Finding, Invalid, Rule, suppressed
from pixmod.rules.px001_domain_schema import DomainSchemaInShared
from pixmod.rules.px002_import_side_effect import RegistrationAtImport
from pixmod.rules.px003_self_built_dependencies import SelfBuiltDependencies
from pixmod.rules.px004_engine_built_directly import EngineBuiltDirectly
from pixmod.rules.px005_plugin_autodiscovery import PluginAutodiscovery

RULES: tuple[type[Rule], ...] = (
    DomainSchemaInShared,
    RegistrationAtImport,
    SelfBuiltDependencies,
    EngineBuiltDirectly,
    PluginAutodiscovery,
)

__all__ = ["RULES", "SEVERITIES", "Finding", "Invalid", "Rule", "active_rules", "run_rules"]


def active_rules(
    ignore: Iterable[str] = (),
    codemod_options: Mapping[str, Mapping[str, Any]] | None = None,
    rule_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Rule]:
    """A fresh instance of each rule not ignored, in code order, reading
    ``codemod_options`` (see :meth:`Rule.options_of`) and its own options
    from ``rule_options`` (by rule code; default: the rule's defaults)."""
    ignored = set(ignore)
    return [
        rule_class(codemod_options, (rule_options or {}).get(rule_class.code))
        for rule_class in RULES if rule_class.code not in ignored
    ]


def run_rules(
    project, *, severity: Mapping[str, str] = {}, ignore: Iterable[str] = (), rules: list[Rule] | None = None,
    run_part: Callable[[str, Callable[[], Any]], Any] = lambda name, compute: compute(),
) -> tuple[list[Finding], list[RunWarning]]:
    """Every finding of every rule not ignored (or of ``rules``), with
    configured severities, minus those suppressed in the source, sorted by
    place; and warnings about files the rules could not read (each with its
    path) or rules that stopped early. Each rule's part goes through
    ``run_part(name, compute)`` (a check replays those that still hold:
    :class:`pixmod.replay.Parts`)."""
    findings, warnings = [], []
    for rule in active_rules(ignore) if rules is None else rules:
        found, warned = run_part(f"rule {rule.code}", functools.partial(_check, project, rule, severity))
        findings += found
        warnings += warned
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code)), warnings


def _check(project, rule: Rule, severity: Mapping[str, str]) -> tuple[list[Finding], list[RunWarning]]:
    """One rule's findings (severity configured, suppressions left out) and warnings."""
    findings, warnings = [], []
    may_suppress: dict[str, bool] = {}  # path -> whether its text mentions pixmod at all (kept in the store)
    try:
        with project.declared(rule.declared(project)):
            found = list(rule.check(project))
        for finding in found:
            if finding.path not in may_suppress:
                may_suppress[finding.path] = bool(project.files_containing("pixmod", among=[finding.path]))
            if may_suppress[finding.path] and suppressed(project.text(finding.path), finding):
                continue
            level = severity.get(rule.code, finding.severity)
            findings.append(Finding(finding.code, finding.path, finding.line, finding.col, finding.message, level))
    except CodemodError as exc:  # a file it needed does not parse or decode
        warnings.append(RunWarning(f"{rule.code} stopped early: {exc}"))
    warnings += [RunWarning(f"{rule.code} did not check {reason}", path) for path, reason in rule.unreadable]
    return findings, warnings
