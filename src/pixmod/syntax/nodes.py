"""Small structural questions about LibCST nodes.

Plain ``isinstance`` tests rather than ``libcst.matchers``: importing the
matchers module alone costs a CLI run some 140 ms, more than the questions
pixmod asks of it; collecting nodes with a plain visitor is also several
times faster than ``matchers.findall``.
"""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

N = TypeVar("N", bound=cst.CSTNode)


class _Collector(cst.CSTVisitor):
    def __init__(self, types: tuple[type, ...]):
        self.types, self.found = types, []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, self.types):
            self.found.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        pass  # no leave_<Node> lookups: nothing to do on the way back


def find_all(tree: cst.CSTNode, *types: type[N]) -> list[N]:
    """Every node of ``types`` in ``tree`` (itself included), in source order."""
    collector = _Collector(types)
    tree.visit(collector)
    return collector.found


def is_name(node: cst.CSTNode | None, value: str | None = None) -> bool:
    """``node`` is a bare name (``value``, if given)."""
    return isinstance(node, cst.Name) and (value is None or node.value == value)


def is_self_attribute(node: cst.CSTNode | None, attr: str | None = None) -> bool:
    """``node`` is ``self.<attr>`` (any attribute if ``attr`` is None)."""
    return isinstance(node, cst.Attribute) and is_name(node.value, "self") and is_name(node.attr, attr)


def named(node: cst.CSTNode | None, value: str) -> bool:
    """``node`` is ``value`` or ``<anything>.value``."""
    return is_name(node, value) or (isinstance(node, cst.Attribute) and node.attr.value == value)


def only_statement(stmt: cst.CSTNode, kind: type[N]) -> N | None:
    """The statement of a one-statement line when it is a ``kind``."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], kind):
        return stmt.body[0]
    return None


def single_target(assign: cst.CSTNode) -> cst.BaseAssignTargetExpression | None:
    """The target of an assignment to exactly one target (``x = ...``)."""
    if isinstance(assign, cst.Assign) and len(assign.targets) == 1:
        return assign.targets[0].target
    return None
