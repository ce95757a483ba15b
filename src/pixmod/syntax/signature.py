"""Mirroring a constructor: the same parameters, forwarded unchanged."""

from __future__ import annotations

import builtins

from pixmod.lazy import cst
from pixmod.syntax.nodes import find_all


def without_self(params: cst.Parameters) -> cst.Parameters:
    """A method's parameters without its first (``self``/``cls``) one."""
    if params.posonly_params:
        return params.with_changes(posonly_params=params.posonly_params[1:])
    return params.with_changes(params=params.params[1:])


def forwarding_args(params: cst.Parameters) -> list[cst.Arg]:
    """Arguments that pass every parameter on as received: positional-only
    ones by position, the others by keyword, ``*args``/``**kwargs`` unpacked."""
    args = [cst.Arg(cst.Name(p.name.value)) for p in params.posonly_params]
    args += [cst.Arg(cst.Name(p.name.value), keyword=cst.Name(p.name.value)) for p in params.params]
    if isinstance(params.star_arg, cst.Param):
        args.append(cst.Arg(cst.Name(params.star_arg.name.value), star="*"))
    args += [cst.Arg(cst.Name(p.name.value), keyword=cst.Name(p.name.value)) for p in params.kwonly_params]
    if params.star_kwarg is not None:
        args.append(cst.Arg(cst.Name(params.star_kwarg.name.value), star="**"))
    return args


def free_names(params: cst.Parameters) -> set[str]:
    """Non-builtin names the annotations and defaults refer to (the base of
    dotted names), i.e. what a module copying the signature must import."""
    found = set()
    for param in (*params.posonly_params, *params.params, *params.kwonly_params, params.star_arg, params.star_kwarg):
        if not isinstance(param, cst.Param):
            continue
        for part in (param.annotation, param.default):
            if part is None:
                continue
            nodes = find_all(part, cst.Attribute, cst.Name)
            attributes = {id(node.attr) for node in nodes if isinstance(node, cst.Attribute)}
            found |= {node.value for node in nodes if isinstance(node, cst.Name) and id(node) not in attributes}
    return {name for name in found if not hasattr(builtins, name)}
