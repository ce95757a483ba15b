"""Applying several edits to one module in a single pass.

Edits are keyed by the original node (libcst nodes compare by identity) and
receive the node as rebuilt after its children's edits, so edits nested in
one another compose.
"""

from __future__ import annotations

from typing import Callable, Mapping

import libcst as cst

Edit = Callable[[cst.CSTNode], cst.CSTNode]


class _Editor(cst.CSTTransformer):
    def __init__(self, edits: Mapping[cst.CSTNode, Edit]):
        super().__init__()
        self._edits = edits

    def on_leave(self, original_node, updated_node):
        edit = self._edits.get(original_node)
        updated = super().on_leave(original_node, updated_node)
        return edit(updated) if edit is not None else updated


def apply_edits(module: cst.Module, edits: Mapping[cst.CSTNode, Edit]) -> cst.Module:
    """``module`` with every edit applied."""
    return module.visit(_Editor(edits)) if edits else module
