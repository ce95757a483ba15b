"""Unified diffs that ``git apply`` accepts (``a/`` and ``b/`` prefixes)."""

from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(path: str, old: str | None, new: str) -> str:
    """Diff of one file; ``old`` is None for a file pixmod creates."""
    old_lines = (old or "").splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    header = [f"diff --git a/{path} b/{path}\n"]
    if old is None:
        header.append("new file mode 100644\n")
    fromfile = "/dev/null" if old is None else f"a/{path}"
    out = []
    for line in difflib.unified_diff(old_lines, new_lines, fromfile=fromfile, tofile=f"b/{path}"):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        out.append(line)
        if not line.endswith("\n"):  # last line of a file without a final newline
            out.append("\n" + NO_NEWLINE)
    return "".join(header + out) if out else ""
