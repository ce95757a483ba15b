"""Where nodes start: LibCST's ``PositionProvider`` ``.start``, for less.

``PositionProvider`` regenerates the module's code, works out the line and
column after every token and builds a ``CodeRange`` for every node: a third
of a file's metadata cost (10 of 33 ms on the bench files), when a rule or
codemod reports a handful of nodes. :class:`NodeStarts` runs the same code
generation with the same hooks, but only notes how many tokens came before
each node; a node's line and column are counted when asked for (2 ms a
file). Its values equal ``PositionProvider``'s ``.start`` (tested on every
golden file); nothing here needs the ends. The code generation state is
LibCST's private base class; should a LibCST release change it, the
starts come from ``PositionProvider`` itself, as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import accumulate

from libcst import CSTNode, Module
from libcst.metadata import CodePosition, MetadataWrapper, PositionProvider

from pixmod.syntax.compat import shortcuts

try:
    from libcst._nodes.internal import CodegenState  # the base of PositionProvider's own state
except ImportError:  # pragma: no cover - a LibCST that moved it
    CodegenState = None

# A newline as LibCST's position tracking counts one.
_NEWLINE = re.compile(r"\r\n?|\n")


class NodeStarts(Mapping[CSTNode, CodePosition]):
    """Line (1-based) and column (0-based) where each node of ``module``
    starts, leading whitespace excluded where it is not syntactically
    significant."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self._known: dict[CSTNode, CodePosition] | None = None
        state = self._count_tokens(module)
        if state is None:  # the public path: PositionProvider
            ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
            self._known = self._tokens_before = {node: span.start for node, span in ranges.items()}
            return
        self._tokens_before = state.starts
        self._offsets = [0, *accumulate(map(len, state.tokens))]
        self._line_starts = [m.end() for m in _NEWLINE.finditer("".join(state.tokens))]

    @staticmethod
    def _count_tokens(module: Module) -> "_TokenCountingState | None":
        """The counting code generation, on a LibCST release it was tested
        with (see :mod:`pixmod.syntax.compat`); None elsewhere."""
        if CodegenState is None or not shortcuts():
            return None
        try:
            state = _TokenCountingState(default_indent=module.default_indent, default_newline=module.default_newline)
            module._codegen(state)
        except (TypeError, AttributeError):  # a tested release patched differently: the public path
            return None
        return state

    def __getitem__(self, node: CSTNode) -> CodePosition:
        if self._known is not None:
            return self._known[node]
        offset = self._offsets[self._tokens_before[node]]
        line = bisect_right(self._line_starts, offset)
        return CodePosition(line + 1, offset - (self._line_starts[line - 1] if line else 0))

    def __iter__(self) -> Iterator[CSTNode]:
        return iter(self._tokens_before)

    def __len__(self) -> int:
        return len(self._tokens_before)


class _TokenCountingState(CodegenState or object):
    """Code generation that notes, per node, the number of tokens before it:
    where its syntactic position starts if the node records one (as
    ``PositionProvider`` takes it), else where its code starts."""

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.starts: dict[CSTNode, int] = {}

    def before_codegen(self, node: CSTNode) -> None:
        self.starts[node] = len(self.tokens)  # replaced if the node records a syntactic start

    @contextmanager
    def record_syntactic_position(self, node: CSTNode, *, start_node: CSTNode | None = None, end_node: CSTNode | None = None):
        start = len(self.tokens)
        yield
        self.starts[node] = self.starts[start_node] if start_node is not None else start
