"""Small structural questions about LibCST nodes, and a fast walk.

Plain ``isinstance`` tests rather than ``libcst.matchers``: importing the
matchers module alone costs a CLI run some 140 ms, more than the questions
pixmod asks of it. And a read-only walk over the nodes' dataclass fields
rather than a ``CSTVisitor``: LibCST's ``visit`` rebuilds every node it
passes, which makes it some 2.5 times slower for a walk that only reads.
The walk reaches the same nodes, depth first, in field order (not always
source order: a function's decorators come after its body).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Iterator, Mapping, TypeVar

from pixmod.lazy import cst

N = TypeVar("N", bound="cst.CSTNode")


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in reversed(dataclasses.fields(cls)))  # reversed: for a stack


def push_children(node: cst.CSTNode, stack: list) -> None:
    """Append the node's children to ``stack``, last field first (so that
    popping them gives field order)."""
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            stack.append(value)
        elif isinstance(value, (list, tuple)):
            stack.extend(item for item in reversed(value) if isinstance(item, cst.CSTNode))


def walk(tree: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``tree`` and every node below it (see the module docstring)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        push_children(node, stack)


def find_all(tree: cst.CSTNode, *types: type[N]) -> list[N]:
    """Every node of ``types`` in ``tree`` (itself included)."""
    return [node for node in walk(tree) if isinstance(node, types)]


def ancestors(tree: cst.CSTNode, targets: Mapping[cst.CSTNode, object]) -> set[int]:
    """The ids of the nodes that have one of ``targets`` below them."""
    found: set[int] = set()
    path: list[cst.CSTNode] = []
    stack: list = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        del path[depth:]
        if node in targets:
            found.update(id(above) for above in path)
        path.append(node)
        children: list = []
        push_children(node, children)
        stack.extend((child, depth + 1) for child in children)
    return found


class NodeIndex:
    """Every node of a tree in walk order, and each node's parent, from one
    walk: for a file several analyses search (the calls of a name, then the
    ancestors of those calls to rebuild), instead of a walk each. Assumes
    each node appears once in the tree, as in a parsed module."""

    def __init__(self, tree: cst.CSTNode) -> None:
        self.nodes: list[cst.CSTNode] = []
        self._parents: dict[int, cst.CSTNode] = {}
        stack: list[cst.CSTNode] = [tree]
        children: list[cst.CSTNode] = []
        while stack:
            node = stack.pop()
            self.nodes.append(node)
            push_children(node, children)
            for child in children:
                self._parents[id(child)] = node
            stack += children
            children.clear()

    def find_all(self, *types: type[N]) -> list[N]:
        """What :func:`find_all` returns for the whole tree."""
        return [node for node in self.nodes if isinstance(node, types)]

    def ancestors(self, targets: Mapping[cst.CSTNode, object]) -> set[int]:
        """What :func:`ancestors` returns for the whole tree."""
        found: set[int] = set()
        for target in targets:
            above = self._parents.get(id(target))
            while above is not None and id(above) not in found:
                found.add(id(above))
                above = self._parents.get(id(above))
        return found


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


@lru_cache(maxsize=None)
def _empty_module() -> cst.Module:
    return cst.Module([])


def code_of(node: cst.CSTNode) -> str:
    """The source of ``node`` alone, in LibCST's default formatting."""
    return _empty_module().code_for_node(node)
