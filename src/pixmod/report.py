"""Rendering a run: the text summary (stderr) and the JSON report (stdout).

JSON schema (``--output-format json``), version 1::

    {"version": 1, "action": "apply|diff|check", "path": str,
     "package": str|null, "exit_code": int, "written": bool,
     "codemods": [{"name": str, "status": "applied|already applied|skipped|error",
                   "reason": str, "notes": [str], "files": [str],
                   "counts": {str: int},
                   "sites": [{"path": str, "line": int}]}],
     "files": [{"path": str, "created": bool, "diff": str}],
     "problems": [str], "warnings": [str]}
"""

from __future__ import annotations

import json

from pixmod.model import Status
from pixmod.runner import RunResult

_VERBS = {"apply": "changed", "diff": "would change", "check": "would change"}


def summary_lines(result: RunResult) -> list[str]:
    """The human summary, one line per codemod plus totals."""
    command = {"apply": "apply", "diff": "apply --diff", "check": "check"}[result.mode.action]
    lines = [f"pixmod {command}: package {result.package or '(none found)'}, {result.file_count} Python files"]
    width = max((len(r.name) for r in result.reports), default=0)
    for report in result.reports:
        label = report.outcome.label()
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
                "sites": [{"path": path, "line": line} for path, line in r.outcome.sites],
            }
            for r in result.reports
        ],
        "files": [{"path": f.path, "created": f.before is None, "diff": f.diff} for f in result.files],
        "problems": list(result.problems),
        "warnings": list(result.warnings),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
