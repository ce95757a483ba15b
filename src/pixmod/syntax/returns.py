"""What a function returns: a sequence or a mapping, and of what.

Derived from the return annotation when there is one, else from the
``return`` statements (``list(...)``, ``dict(...)``, literals,
comprehensions). Anything else is ``None``: callers refuse rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import libcst as cst
import libcst.matchers as m

SEQUENCES = {"list", "List", "Sequence", "tuple", "Tuple", "Iterable", "Collection", "MutableSequence"}
MAPPINGS = {"dict", "Dict", "Mapping", "MutableMapping", "OrderedDict", "defaultdict", "DefaultDict"}


@dataclass(frozen=True)
class ReturnShape:
    """``kind`` of container and the annotation of its items (values for a
    mapping), when the annotation says."""

    kind: Literal["sequence", "mapping"]
    item: cst.BaseExpression | None = None


def return_shape(func: cst.FunctionDef) -> ReturnShape | None:
    if func.returns is not None:
        return _from_annotation(func.returns.annotation)
    shapes = {_from_value(node.value) for node in _returns(func.body)}
    if len(shapes) == 1:
        kind = shapes.pop()
        return ReturnShape(kind) if kind else None
    return None


def _from_annotation(annotation: cst.BaseExpression) -> ReturnShape | None:
    base, args = annotation, []
    if isinstance(annotation, cst.Subscript):
        base = annotation.value
        args = [el.slice.value for el in annotation.slice if isinstance(el.slice, cst.Index)]
    name = base.attr.value if isinstance(base, cst.Attribute) else base.value if isinstance(base, cst.Name) else None
    if name in SEQUENCES:
        return ReturnShape("sequence", args[0] if args else None)
    if name in MAPPINGS:
        return ReturnShape("mapping", args[1] if len(args) == 2 else None)
    return None


def _from_value(value: cst.BaseExpression | None) -> str | None:
    if isinstance(value, (cst.List, cst.ListComp, cst.Tuple)) or m.matches(
        value, m.Call(func=m.Name("list") | m.Name("tuple") | m.Name("sorted"))
    ):
        return "sequence"
    if isinstance(value, (cst.Dict, cst.DictComp)) or m.matches(value, m.Call(func=m.Name("dict"))):
        return "mapping"
    return None


def _returns(node: cst.CSTNode):
    """``return`` statements of this function, not of nested functions."""
    for child in node.children:
        if isinstance(child, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        if isinstance(child, cst.Return):
            yield child
        else:
            yield from _returns(child)


def class_has_attribute(cls: cst.ClassDef, name: str) -> bool:
    """Whether instances of ``cls`` have attribute ``name``: a class-level
    (annotated) assignment, or ``self.name = ...`` in a method."""
    for stmt in cls.body.body:
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == name:
            return any(m.matches(d.decorator, m.Name("property")) for d in stmt.decorators)
        for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
            if m.matches(small, m.AnnAssign(target=m.Name(name))) or m.matches(
                small, m.Assign(targets=[m.AssignTarget(target=m.Name(name))])
            ):
                return True
    attr = m.Attribute(value=m.Name("self"), attr=m.Name(name))
    return bool(
        m.findall(cls, m.Assign(targets=[m.ZeroOrMore(), m.AssignTarget(target=attr), m.ZeroOrMore()]))
        or m.findall(cls, m.AnnAssign(target=attr))
    )
