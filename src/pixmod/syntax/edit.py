"""Applying several edits to one module in a single pass.

Edits are keyed by the original node (libcst nodes compare by identity) and
receive the node as rebuilt after its children's edits, so edits nested in
one another compose. Only the edited nodes and their ancestors are rebuilt:
a first, read-only walk finds the ancestors, and the rewriting walk does not
enter any other subtree (rebuilding every node of a module costs far more).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Mapping

from pixmod.lazy import cst

from pixmod.syntax.nodes import NodeIndex, ancestors

Edit = Callable[["cst.CSTNode"], "cst.CSTNode"]


@lru_cache(maxsize=None)
def _editor():
    """The transformer class, made on first use (see :mod:`pixmod.lazy`)."""
    class _Editor(cst.CSTTransformer):
        def __init__(self, edits: Mapping[cst.CSTNode, Edit], ancestors: set[int]):
            super().__init__()
            self._edits, self._ancestors = edits, ancestors

        def on_visit(self, node: cst.CSTNode) -> bool:
            return id(node) in self._ancestors  # nothing to change below any other node

        def on_leave(self, original_node, updated_node):
            edit = self._edits.get(original_node)
            return edit(updated_node) if edit is not None else updated_node

    return _Editor


def apply_edits(module: cst.Module, edits: Mapping[cst.CSTNode, Edit], index: NodeIndex | None = None) -> cst.Module:
    """``module`` with every edit applied (``index``: the module's, if known)."""
    if not edits:
        return module
    return module.visit(_editor()(edits, index.ancestors(edits) if index is not None else ancestors(module, edits)))
