"""What a function returns: a sequence or a mapping, and of what.

Derived from the return annotation when there is one, else from the
``return`` statements (``list(...)``, ``dict(...)``, literals,
comprehensions). Anything else is ``None``: callers refuse rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pixmod.lazy import cst
from pixmod.syntax.nodes import find_all, is_name, is_self_attribute, single_target

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
    callee = value.func.value if isinstance(value, cst.Call) and is_name(value.func) else None
    if isinstance(value, (cst.List, cst.ListComp, cst.Tuple)) or callee in ("list", "tuple", "sorted"):
        return "sequence"
    if isinstance(value, (cst.Dict, cst.DictComp)) or callee == "dict":
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
            return any(is_name(d.decorator, "property") for d in stmt.decorators)
        for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
            if (isinstance(small, cst.AnnAssign) and is_name(small.target, name)) or is_name(single_target(small), name):
                return True
    for node in find_all(cls, cst.Assign, cst.AnnAssign):
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        if any(is_self_attribute(target, name) for target in targets):
            return True
    return False
