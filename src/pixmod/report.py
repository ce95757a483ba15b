"""Rendering a run: the text summary (stderr) and the JSON report (stdout).

JSON schema (``--output-format json``), version 1::

    {"version": 1, "action": "apply|diff|check", "path": str,
     "package": str|null, "exit_code": int, "written": bool,
     "codemods": [{"name": str, "status": "applied|already applied|skipped|error",
                   "reason": str, "notes": [str], "files": [str],
                   "counts": {str: int},
                   "sites": [{"path": str, "line": int}]}],
     "files": [{"path": str, "created": bool, "diff": str}],
     "findings": [{"code": "PX001", "severity": "error|warning|note",
                   "path": str, "line": int, "col": int, "message": str,
                   "fingerprint": str}],
     "baseline": null | {"path": str, "entries": int, "hidden": int,
                         "hidden_by_code": {str: int}, "written": bool,
                         "stale": [{"fingerprint": str, "code": str, "path": str,
                                    "context": str, "message": str}]},
     "problems": [str], "warnings": [str]}

Findings hidden by a baseline (``check --baseline``) are left out of every
format; the baseline's counts and stale entries are in the text summary,
JSON's ``baseline``, SARIF and GitHub notices. ``fingerprint`` is the
finding's baseline fingerprint (:mod:`pixmod.baseline`), also SARIF's
``partialFingerprints``.

Also SARIF 2.1.0 (:func:`to_sarif`) and GitHub annotations (:func:`to_github`),
where pending codemod changes appear as results too. Every warning (a file
not read or not checked), codemod error and problem appears in every format:
the text summary, JSON's ``warnings``/``problems``, SARIF's
``invocations[0].toolExecutionNotifications`` (with ``executionSuccessful``)
and GitHub's ``::warning``/``::error`` lines. A warning that concerns one
file (:class:`~pixmod.model.RunWarning` ``path``) carries it as the
notification's ``locations`` in SARIF and as ``file=`` in GitHub's line; its
text names the file too, so the text and JSON forms (plain strings) say the
same.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from pixmod.model import Status
from pixmod.runner import RunResult

_VERBS = {"apply": "changed", "diff": "would change", "check": "would change"}


def summary_lines(result: RunResult) -> list[str]:
    """The human summary, one line per codemod plus totals."""
    command = {"apply": "apply", "diff": "apply --diff", "check": "check"}[result.mode.action]
    lines = [f"pixmod {command}: package {result.package or '(none found)'}, {result.file_count} Python files"]
    if result.scope and result.root is not None:
        lines.append(
            f"  project root {result.shown('')} (PATH is a subfolder: the whole project is analysed and "
            "changed as one; rule findings are those under PATH)"
        )
    width = max((len(r.name) for r in result.reports), default=0)
    for report in result.reports:
        label = report.outcome.label()
        if report.outcome.status is Status.APPLIED and not result.written:
            label = "would apply"  # planned only: "applied" is for changes on disk
        if report.outcome.status is Status.APPLIED and report.changed_paths:
            n = len(report.changed_paths)
            label += f" ({n} file{'s' if n != 1 else ''})"
        elif report.outcome.reason and report.outcome.status in (Status.APPLIED, Status.ALREADY_APPLIED):
            label += f": {report.outcome.reason}"
        lines.append(f"  {report.name:<{width}}  {label}")
        if report.outcome.status is Status.APPLIED and report.outcome.reason:
            lines.append(f"  {'':<{width}}    {report.outcome.reason}")
        for note in report.outcome.notes:
            lines.append(f"  {'':<{width}}    {note}")
        for key, value in report.outcome.counts:
            lines.append(f"  {'':<{width}}    {key}: {value}")
    if result.findings:
        errors = sum(f.severity == "error" for f in result.findings)
        lines.append(f"rules: {len(result.findings)} finding(s), {errors} error(s)")
    lines += baseline_lines(result)
    lines += [f"warning: {w}" for w in result.warnings]
    lines += [f"error: {p}" for p in result.problems]
    n = len(result.files)
    if result.failed:
        lines.append("nothing was written" if result.mode.action == "apply" else "failed")
    elif not n:
        lines.append("nothing to do: the tree is up to date")
    else:
        verb = _VERBS[result.mode.action]
        tail = " (pending: run `pixmod apply`)" if result.mode.action == "check" else ""
        lines.append(f"{n} file{'s' if n != 1 else ''} {verb}{tail}")
    return lines


def to_json(result: RunResult) -> str:
    """The machine-readable report (schema in the module docstring)."""
    data = {
        "version": 1,
        "action": result.mode.action,
        "path": str(result.mode.root),
        "package": result.package,
        "exit_code": result.exit_code,
        "written": result.written,
        "codemods": [
            {
                "name": r.name,
                "status": r.outcome.status.value,
                "reason": r.outcome.reason,
                "notes": list(r.outcome.notes),
                "files": list(r.changed_paths),
                "counts": dict(r.outcome.counts),
                "sites": [{"path": result.shown(path), "line": line} for path, line in r.outcome.sites],
            }
            for r in result.reports
        ],
        "files": [{"path": result.shown(f.path), "created": f.before is None, "diff": f.diff} for f in result.files],
        "findings": [
            {"code": f.code, "severity": f.severity, "path": result.shown(f.path), "line": f.line, "col": f.col, "message": f.message,
             "fingerprint": key}
            for f, key in zip(result.findings, _keys(result))
        ],
        "baseline": _baseline_data(result),
        "problems": list(result.problems),
        "warnings": [str(w) for w in result.warnings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


STALE_SHOWN = 20  # stale baseline entries listed in the text summary; JSON has them all


def baseline_summary(result: RunResult) -> str | None:
    """One sentence on what the baseline did, or None without one."""
    outcome = result.baseline
    if outcome is None:
        return None
    hidden, new = len(outcome.hidden), len(result.findings)
    if outcome.written and not result.mode.baseline:
        return f"baseline {outcome.path}: wrote {outcome.entries} entr{'y' if outcome.entries == 1 else 'ies'}"
    text = f"baseline {outcome.path}: {hidden} finding(s) hidden, {new} new"
    if any(f.severity != "note" for f in result.findings):
        text += " (failing check)"
    if outcome.stale:
        text += (
            f"; {len(outcome.stale)} of its {outcome.entries} entries no longer match anything"
            f" (fixed or moved away: drop them with --write-baseline {outcome.path})"
        )
        if not hidden and len(outcome.stale) == outcome.entries:
            text += "; none matched: was it written for another PATH?"
    if outcome.written:
        text += f"; rewrote {outcome.path}" if result.mode.write_baseline == result.mode.baseline else f"; wrote {result.mode.write_baseline}"
    return text


def baseline_lines(result: RunResult) -> list[str]:
    """The baseline's summary and its first stale entries (text format)."""
    summary = baseline_summary(result)
    if summary is None:
        return []
    stale = result.baseline.stale
    lines = [summary] + [f"  stale: {entry.describe()}" for entry in stale[:STALE_SHOWN]]
    if len(stale) > STALE_SHOWN:
        lines.append(f"  ... and {len(stale) - STALE_SHOWN} more stale entries (all in --output-format json)")
    return lines


def _baseline_data(result: RunResult) -> dict | None:
    outcome = result.baseline
    if outcome is None:
        return None
    return {
        "path": str(outcome.path),
        "entries": outcome.entries,
        "hidden": len(outcome.hidden),
        "hidden_by_code": dict(sorted(Counter(f.code for f in outcome.hidden).items())),
        "written": outcome.written,
        "stale": [
            {"fingerprint": e.fingerprint, "code": e.code, "path": e.path, "context": e.context, "message": e.message}
            for e in outcome.stale
        ],
    }


def _keys(result: RunResult) -> tuple[str, ...]:
    """Each finding's fingerprint (every run with findings has them)."""
    return result.fingerprints if len(result.fingerprints) == len(result.findings) else ("",) * len(result.findings)


def statistics_rows(result: RunResult) -> list[tuple[int, str, str, int]]:
    """(findings reported, code, rule name, findings the baseline hid) per
    rule with any, most frequent first, as ``ruff --statistics``."""
    from pixmod.rules import RULES

    names = {rule.code: rule.name for rule in RULES}
    shown = Counter(f.code for f in result.findings)
    hidden = Counter(f.code for f in result.baseline.hidden) if result.baseline else Counter()
    codes = sorted(set(shown) | set(hidden), key=lambda code: (-shown[code], -hidden[code], code))
    return [(shown[code], code, names.get(code, code), hidden[code]) for code in codes]


def statistics_lines(result: RunResult) -> list[str]:
    """``count  code  name`` per rule (``check --statistics``), with the
    baseline's share when one is used."""
    rows = statistics_rows(result)
    if not rows:
        return []
    width = max(len(str(count)) for count, *_ in rows)
    name_width = max(len(name) for _, _, name, _ in rows)
    lines = []
    for count, code, name, hidden in rows:
        line = f"{count:>{width}}  {code}  {name:<{name_width}}"
        lines.append((line + f"  (+{hidden} in the baseline)" if result.baseline else line).rstrip())
    return lines


def statistics_json(result: RunResult) -> str:
    """``check --statistics --output-format json``: a list of
    ``{"code", "name", "count", "baselined"}``."""
    rows = [
        {"code": code, "name": name, "count": count, "baselined": hidden}
        for count, code, name, hidden in statistics_rows(result)
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False)


def finding_lines(result: RunResult) -> list[str]:
    """``path:line:col: PXnnn message`` for each finding (text format)."""
    return [f"{result.shown(f.path)}:{f.line}:{f.col}: {f.code} {f.message}" for f in result.findings]


def pending_lines(result: RunResult) -> list[str]:
    """``path:line: would be changed by CODEMOD`` for each file a run would
    write and did not (text format, stdout: what ``check`` fails on)."""
    if result.written:
        return []
    created = {result.shown(f.path) for f in result.files if f.before is None}
    return [
        f"{path}:{line}: would be {'created' if path in created else 'changed'} by {codemod}"
        for codemod, path, line in _pending(result)
    ]


def _pending(result: RunResult) -> list[tuple[str, str, int]]:
    """(codemod, path, first changed line) of every pending file change."""
    owner = {path: r.name for r in result.reports for path in r.changed_paths}
    pending = []
    for file in result.files:
        match = HUNK.search(file.diff)
        pending.append((owner.get(file.path, "pixmod"), result.shown(file.path), int(match.group(1)) if match else 1))
    return pending


def to_github(result: RunResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding and per
    file with a pending change."""
    lines = []
    for f in result.findings:
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        lines.append(f"::{level} file={_escape_property(result.shown(f.path))},line={f.line},col={f.col},title={f.code}::{_escape(f.message)}")
    for codemod, path, line in _pending(result):
        lines.append(f"::error file={_escape_property(path)},line={line},title=pixmod {codemod}::{_escape('pending change: run `pixmod apply`')}")
    for level, text, path in _notifications(result):
        where = f"file={_escape_property(path)}," if path else ""
        lines.append(f"::{'notice' if level == 'note' else level} {where}title=pixmod::{_escape(text)}")
    return "\n".join(lines)


def _notifications(result: RunResult) -> list[tuple[str, str, str | None]]:
    """(``warning``, ``error`` or ``note``, text, the file it concerns as
    shown from the current folder, or None) of everything the run has to say
    besides findings and pending changes: files it could not read or check,
    codemod errors, problems. The text summary shows the same lines."""
    notes = [("warning", w.message, result.shown(w.path) if w.path else None) for w in result.warnings]
    notes += [
        ("error", f"{r.name}: {r.outcome.label()}", None) for r in result.reports if r.outcome.status is Status.ERROR
    ]
    notes += [("error", problem, None) for problem in result.problems]
    summary = baseline_summary(result)
    if summary is not None:
        notes.append(("note", summary, None))
    return notes


def to_sarif(result: RunResult) -> str:
    """SARIF 2.1.0: rules and findings, plus pending codemod changes as
    results of a rule named after the codemod."""
    from pixmod import __version__
    from pixmod.rules import RULES

    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.description},
            "defaultConfiguration": {"level": _sarif_level(rule.severity)},
        }
        for rule in RULES
    ]
    codemods = sorted({codemod for codemod, _, _ in _pending(result)})
    rules += [
        {"id": name, "name": name, "shortDescription": {"text": f"pixmod codemod {name}: a change is pending"},
         "defaultConfiguration": {"level": "error"}}
        for name in codemods
    ]
    results = [
        _sarif_finding(f, key, baselined=result.baseline is not None, path=result.shown(f.path)) for f, key in zip(result.findings, _keys(result))
    ] + [
        _sarif_result(codemod, "error", f"{codemod} would change this file: run `pixmod apply`", path, line, 1)
        for codemod, path, line in _pending(result)
    ]
    sarif = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {"name": "pixmod", "version": __version__, "rules": rules}},
            "invocations": [{
                "executionSuccessful": not result.failed,
                "toolExecutionNotifications": [_sarif_notification(*note) for note in _notifications(result)],
            }],
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)


HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)", re.MULTILINE)


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def _sarif_notification(level: str, text: str, path: str | None) -> dict:
    """A tool execution notification, located at the file it concerns (a
    relative uri, as the results')."""
    note: dict = {"level": level, "message": {"text": text}}
    if path:
        note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": path}}}]
    return note


def _sarif_result(rule_id: str, level: str, message: str, path: str, line: int, col: int) -> dict:
    return {
        "ruleId": rule_id,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}, "region": {"startLine": line, "startColumn": col}}}],
    }


def _sarif_finding(finding, key: str, *, baselined: bool, path: str) -> dict:
    """A rule finding (at ``path``, as shown from the current folder), with its baseline fingerprint as a partial
    fingerprint (code scanning tracks it across moved lines), and marked
    ``new`` when a baseline hid the known ones."""
    from pixmod.baseline import SARIF_KEY

    out = _sarif_result(finding.code, _sarif_level(finding.severity), finding.message, path, finding.line, finding.col)
    if key:
        out["partialFingerprints"] = {SARIF_KEY: key}
    if baselined:
        out["baselineState"] = "new"
    return out


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value (``file=``): ``:`` and ``,`` end
    it otherwise."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


# -- explain ----------------------------------------------------------------------


def _candidate_json(result: RunResult, candidate) -> dict:
    return {
        "symbol": candidate.symbol, "module": candidate.symbol.partition(":")[0],
        "path": result.shown(candidate.path), "line": candidate.line, "pin": candidate.pin,
        "evidence": [why for _, why in candidate.evidence], "score": candidate.score,
    }


def _choice_json(result: RunResult, choice) -> dict:
    return {
        "what": choice.what,
        "chosen": _candidate_json(result, choice.chosen) if choice.chosen else None,
        "pinned": choice.pinned,
        "rejected": [{**_candidate_json(result, c), "why": why} for c, why in choice.rejected],
        "pin": {"table": choice.table, "line": choice.pin_line()} if choice.option and choice.chosen else None,
    }


def explain_json(result: RunResult) -> str:
    """``pixmod explain --output-format json``: for the application package
    and each codemod, what was chosen, on which evidence, what was rejected
    and why, and the TOML that pins it::

        {"version": 1, "path": str, "root": str, "package": {"name": str|null, "choice": choice|null},
         "codemods": [{"name": str, "status": str, "reason": str, "choices": [choice]}]}
        choice = {"what": str, "chosen": candidate|null, "pinned": bool,
                  "rejected": [candidate + {"why": str}], "pin": {"table": str, "line": str}|null}
        candidate = {"symbol": str, "module": str, "path": str, "line": int, "pin": str,
                     "evidence": [str], "score": int}
    """
    data = {
        "version": 1,
        "path": str(result.mode.root),
        "root": result.shown("") if result.root is not None else None,
        "package": {
            "name": result.package,
            "choice": _choice_json(result, result.package_choice) if result.package_choice else None,
        },
        "codemods": [
            {"name": r.name, "status": r.outcome.status.value, "reason": r.outcome.reason,
             "choices": [_choice_json(result, c) for c in r.choices]}
            for r in result.reports
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def explain_lines(result: RunResult) -> list[str]:
    """``pixmod explain``: the same as :func:`explain_json`, for people."""
    lines = [f"project root: {result.shown('') if result.root is not None else result.mode.root}"]
    if result.package_choice is None:
        lines.append(f"application package: {result.package or '(none)'} (configured)")
    else:
        lines += _choice_lines(result, result.package_choice, "")
    for report in result.reports:
        lines += ["", f"{report.name}: {report.outcome.label()}"]
        if report.outcome.reason and report.outcome.status in (Status.APPLIED, Status.ALREADY_APPLIED):
            lines.append(f"  {report.outcome.reason}")
        for choice in report.choices:
            lines += _choice_lines(result, choice, "  ")
        if not report.choices and report.outcome.status is not Status.ERROR:
            lines.append("  (no target to choose)")
    return lines


def _choice_lines(result: RunResult, choice, indent: str) -> list[str]:
    chosen = choice.chosen
    head = f"{indent}{choice.what}: "
    if chosen is None:
        lines = [head + "none chosen"]
    else:
        how = "pinned" if choice.pinned else "chosen"
        lines = [head + f"{chosen.symbol} at {result.shown(chosen.path)}:{chosen.line} ({how})"]
        if chosen.evidence:
            lines.append(f"{indent}  evidence: {chosen.reasons()}")
    for candidate, why in choice.rejected[:10]:
        lines.append(f"{indent}  rejected: {candidate.symbol} at {result.shown(candidate.path)}:{candidate.line}: {why}")
    if len(choice.rejected) > 10:
        lines.append(f"{indent}  rejected: {len(choice.rejected) - 10} more")
    if choice.option and chosen is not None and not choice.pinned:
        lines.append(f"{indent}  pin it: {choice.pin_line()}   (under {choice.table} in pyproject.toml)")
    elif choice.option and chosen is None and choice.rejected:
        ties = [c for c, why in choice.rejected if why == "ties on evidence"]
        if ties:
            lines.append(f"{indent}  pin one: {choice.pin_line(ties[0])}   (under {choice.table} in pyproject.toml)")
    return lines
