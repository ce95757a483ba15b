"""Parsing one file's text with LibCST: the leaf every other layer builds on.

Nothing here knows the tree, the store or the pool: :func:`parse` turns a
text into a module, or a :class:`ParseFailure` naming the file, line and
problem as CPython words it. (Metadata over a parsed module:
:func:`pixmod.syntax.metadata.metadata_wrapper`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pixmod.model import CodemodError

if TYPE_CHECKING:
    import libcst as cst


class ParseFailure(CodemodError):
    """A file a codemod needs does not parse."""


def parse(rel: str, text: str) -> "cst.Module":
    """Parse a file's text, as a :class:`ParseFailure` naming the file and line."""
    import libcst as cst

    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        try:  # CPython's parser names the place and the problem as users know them
            compile(text, rel, "exec", dont_inherit=True)
        except SyntaxError as python:
            where = f"{python.lineno}:{python.offset or 0}" if python.lineno else f"{exc.raw_line}:{exc.raw_column}"
            why = python.msg
        except ValueError:  # a NUL byte, before Python 3.12
            where, why = f"{exc.raw_line}:{exc.raw_column}", exc.message
        else:  # valid Python this LibCST cannot parse
            where, why = f"{exc.raw_line}:{exc.raw_column}", f"LibCST: {exc.message}"
        raise ParseFailure(f"{rel}:{where}: cannot parse: {why}") from exc
