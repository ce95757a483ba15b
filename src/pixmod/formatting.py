"""Formatting generated code the way the target project formats its own.

pixmod formats only code it generates (and whole touched files with
``--format``), with the target's ``[tool.black]`` settings. black is imported
lazily so commands that format nothing do not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Style:
    """The target's black settings (``[tool.black]`` of its pyproject)."""

    line_length: int = 88
    string_normalization: bool = True
    magic_trailing_comma: bool = True
    target_versions: tuple[str, ...] = field(default=())

    @classmethod
    def from_black_table(cls, table: Mapping[str, Any]) -> "Style":
        def get(key: str, default: Any) -> Any:
            return table.get(key, table.get(key.replace("-", "_"), default))

        return cls(
            line_length=int(get("line-length", 88)),
            string_normalization=not get("skip-string-normalization", False),
            magic_trailing_comma=not get("skip-magic-trailing-comma", False),
            target_versions=tuple(str(v).lower() for v in get("target-version", ())),
        )

    def _mode(self, *, normalize_strings: bool):
        import black

        versions = {black.TargetVersion[v.upper()] for v in self.target_versions if v.upper() in black.TargetVersion.__members__}
        if not versions:
            # A snippet alone does not show which Python it targets; without
            # this black would, e.g., leave out the trailing comma after
            # keyword-only parameters. Every maintained Python is >= 3.8.
            versions = {v for v in black.TargetVersion if v.value >= black.TargetVersion.PY38.value}
        return black.Mode(
            target_versions=versions,
            line_length=self.line_length,
            string_normalization=normalize_strings,
            magic_trailing_comma=self.magic_trailing_comma,
        )

    def format(self, code: str, *, quote: str = '"') -> str:
        """Format ``code`` with black. With ``quote="'"`` string quotes are
        left as written, for files that prefer single quotes."""
        import black

        normalize = self.string_normalization and quote == '"'
        try:
            return black.format_str(code, mode=self._mode(normalize_strings=normalize))
        except black.NothingChanged:  # pragma: no cover - format_str does not raise it
            return code


def preferred_quote(source: str) -> str:
    """The quote character most string literals in ``source`` use."""
    import io
    import tokenize

    single = double = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING:
                body = tok.string.lstrip("rbuRBUfF")
                if body.startswith(("'''", '"""')):
                    continue
                if body.startswith("'"):
                    single += 1
                elif body.startswith('"'):
                    double += 1
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return "'" if single > double else '"'
