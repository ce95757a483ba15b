"""Qualified names of individual nodes, from LibCST's scope analysis.

``FullyQualifiedNameProvider`` computes a name for every node of a module;
pixmod only ever asks about a few (call targets, annotations), so it asks
the ``ScopeProvider`` for just those and makes relative and local names
absolute itself, as that provider would. Same answers, a fraction of the
cost.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameSource, ScopeProvider
from libcst.metadata.wrapper import MetadataWrapper


def qualified_names(wrapper: MetadataWrapper, node: cst.CSTNode, module_name: str, package: str) -> set[str]:
    """The absolute qualified names ``node`` may refer to."""
    scope = wrapper.resolve(ScopeProvider).get(node)
    if scope is None:
        return set()
    names = set()
    for qname in scope.get_qualified_names_for(node):
        if qname.source is QualifiedNameSource.BUILTIN:
            names.add(qname.name)
        elif qname.source is QualifiedNameSource.IMPORT and not qname.name.startswith("."):
            names.add(qname.name)
        else:
            absolute = _absolute(module_name, package, qname.name)
            if absolute is not None:
                names.add(absolute)
    return names


def _absolute(module_name: str, package: str, name: str) -> str | None:
    bare = name.lstrip(".")
    dots = len(name) - len(bare)
    if not dots:
        return f"{module_name}.{name}"
    bits = package.rsplit(".", dots - 1) if package else []
    if len(bits) < dots:
        return None  # relative import beyond the top-level package
    return f"{bits[0]}.{bare}"
