"""Expression contexts (load, store, del) as LibCST's provider gives them,
from one read-only walk.

``ExpressionContextProvider`` (which LibCST's scope analysis reads to tell
assignments from uses) walks the module with a visitor that, at each
assignment, loop or definition, starts a new visitor over the targets. Its
walk rebuilds every node it passes; :func:`expression_contexts` follows the
same rules over the nodes' fields without rebuilding anything (3 -> 1.5 ms
for a 2 KB file).

The rules, as that visitor applies them: every ``Name``, ``Attribute``,
``Subscript``, ``Tuple``, ``List`` and ``StarredElement`` reached gets the
current context, which starts as load; assignment, augmented and annotated
assignment, walrus, ``for`` and comprehension targets, ``as`` names, and
the names of classes, functions and parameters are stores; ``del`` targets
are deletes; an attribute's or subscript's value and a subscript's slice
are loads; an attribute's name, and the type parameters of a class or
function, get no context; every other node passes the current context to
all its children.

:data:`MIRRORS_LIBCST` says whether this LibCST's visitor has exactly the
methods these rules were read from (the same in LibCST 1.1 to 1.9); if it
does not, :mod:`pixmod.syntax.metadata` runs LibCST's own provider. A test
compares both on every golden file.
"""

from __future__ import annotations

from typing import Any, Callable

import libcst as cst
from libcst.metadata import ExpressionContext
from libcst.metadata.expression_context_provider import ExpressionContextVisitor

from pixmod.syntax.nodes import push_children

LOAD, STORE, DEL = ExpressionContext.LOAD, ExpressionContext.STORE, ExpressionContext.DEL

_VISITOR_METHODS = {
    "visit_AnnAssign", "visit_AsName", "visit_Assign", "visit_Attribute", "visit_AugAssign", "visit_ClassDef",
    "visit_CompFor", "visit_Del", "visit_For", "visit_FunctionDef", "visit_List", "visit_Name", "visit_NamedExpr",
    "visit_Param", "visit_StarredElement", "visit_Subscript", "visit_Tuple",
}
MIRRORS_LIBCST = {name for name in vars(ExpressionContextVisitor) if name.startswith(("visit_", "leave_", "on_"))} == _VISITOR_METHODS

Work = list[tuple[cst.CSTNode, ExpressionContext]]  # (node, context) still to walk
Rule = Callable[[Any, ExpressionContext, Work], None]  # pushes a node's children with their contexts


def _targets(*fields: str, store: str = "target") -> Rule:
    """A node whose ``store`` field is a target and whose ``fields`` keep
    the current context (in any order: each node gets one context)."""

    def push(node: cst.CSTNode, context: ExpressionContext, work: Work) -> None:
        work.append((getattr(node, store), STORE))
        for field in fields:
            value = getattr(node, field)
            if isinstance(value, cst.CSTNode):
                work.append((value, context))
            elif isinstance(value, (list, tuple)):
                work += [(item, context) for item in value]

    return push


def _assign(node: cst.Assign, context: ExpressionContext, work: Work) -> None:
    work += [(target, STORE) for target in node.targets]
    work.append((node.value, context))


def _delete(node: cst.Del, context: ExpressionContext, work: Work) -> None:
    work.append((node.target, DEL))


def _attribute(node: cst.Attribute, context: ExpressionContext, work: Work) -> None:
    work.append((node.value, LOAD))  # not node.attr


def _subscript(node: cst.Subscript, context: ExpressionContext, work: Work) -> None:
    work.append((node.value, LOAD))
    work += [(element, LOAD) for element in node.slice]


# Nodes that get a context themselves (their children are walked as usual,
# except where a rule below says otherwise).
_MARKED = (cst.Name, cst.Attribute, cst.Subscript, cst.Tuple, cst.List, cst.StarredElement)
# Nodes whose children follow a rule of their own.
_RULES: dict[type, Rule] = {
    cst.Name: lambda node, context, work: None,  # nothing below a name has a context
    cst.Assign: _assign,
    cst.AnnAssign: _targets("annotation", "value"),
    cst.AugAssign: _targets("value"),
    cst.NamedExpr: _targets("value"),
    cst.AsName: _targets(store="name"),
    cst.CompFor: _targets("iter", "ifs", "inner_for_in"),
    cst.For: _targets("iter", "body", "orelse"),
    cst.Del: _delete,
    cst.Attribute: _attribute,
    cst.Subscript: _subscript,
    cst.ClassDef: _targets("body", "bases", "keywords", "decorators", store="name"),
    cst.FunctionDef: _targets("params", "body", "decorators", "returns", store="name"),
    cst.Param: _targets("annotation", "default", store="name"),
}


def expression_contexts(module: cst.Module) -> dict[cst.CSTNode, ExpressionContext]:
    """What ``ExpressionContextProvider`` gives for ``module``."""
    found: dict[cst.CSTNode, ExpressionContext] = {}
    work: Work = [(module, LOAD)]
    children: list[cst.CSTNode] = []
    while work:
        node, context = work.pop()
        if isinstance(node, _MARKED):
            found[node] = context
        rule = _RULES.get(type(node))
        if rule is not None:
            rule(node, context, work)
            continue
        push_children(node, children)
        work += [(child, context) for child in children]
        children.clear()
    return found
