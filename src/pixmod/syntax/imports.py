"""Import placement: naming a module from another one, and adding a name to
an existing ``from ... import`` statement in its own layout."""

from __future__ import annotations

from pixmod.lazy import cst


from pixmod.syntax.sequences import insert_item, remove_item


def relative_module(from_package: str, target: str) -> str | None:
    """``target`` written relative to ``from_package`` (``.domain.stats``),
    or None when they share no top-level package."""
    here, there = from_package.split("."), target.split(".")
    if here[0] != there[0]:
        return None
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    dots = "." * (len(here) - common + 1)
    return dots + ".".join(there[common:])


def alias_index(node: cst.ImportFrom, name: str) -> int | None:
    """Position of the imported ``name`` (as imported, before any ``as``)."""
    if isinstance(node.names, cst.ImportStar):
        return None
    for index, alias in enumerate(node.names):
        if isinstance(alias.name, cst.Name) and alias.name.value == name:
            return index
    return None


def _isort_key(name: str) -> tuple[int, str]:
    """isort's and ruff's default order: CONSTANTS, Classes, then the rest."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower()


def add_name(node: cst.ImportFrom, name: str, *, after: str) -> cst.ImportFrom:
    """``node`` also importing ``name``: in sorted position when the names
    are sorted (isort's order by type, or alphabetically), else right after
    ``after``."""
    if alias_index(node, name) is not None or isinstance(node.names, cst.ImportStar):
        return node
    imported = [cst.Module([]).code_for_node(alias.name) for alias in node.names]
    key = next((k for k in (_isort_key, str.lower) if imported == sorted(imported, key=k)), None)
    if key is not None:
        position = sum(1 for existing in imported if key(existing) < key(name))
    else:
        index = alias_index(node, after)
        if index is None:
            raise ValueError(f"{after} is not imported by this statement")
        position = index + 1
    names, closing = insert_item(
        node.names, position, cst.ImportAlias(name=cst.Name(name)), opening=_opening(node), closing=_closing(node)
    )
    return _with_closing(node.with_changes(names=names), closing)


def remove_name(node: cst.ImportFrom, name: str) -> cst.ImportFrom | None:
    """``node`` without the imported ``name`` (None when nothing is left)."""
    index = alias_index(node, name)
    if index is None:
        return node
    if len(node.names) == 1:
        return None
    names, closing = remove_item(node.names, index, closing=_closing(node))
    return _with_closing(node.with_changes(names=names), closing)


def _opening(node: cst.ImportFrom):
    return node.lpar.whitespace_after if node.lpar is not None else None


def _closing(node: cst.ImportFrom):
    return node.rpar.whitespace_before if node.rpar is not None else None


def _with_closing(node: cst.ImportFrom, closing) -> cst.ImportFrom:
    if node.rpar is None or closing is None:
        return node
    return node.with_changes(rpar=node.rpar.with_changes(whitespace_before=closing))


def module_level_import_from(module: cst.Module, package: str, target: str) -> cst.ImportFrom | None:
    """The first module-level ``from <target> import names`` (relative or
    absolute spelling; ``package`` resolves relative ones)."""
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if absolute_module(small, package) == target:
                    return small
    return None


def absolute_module(node: cst.ImportFrom, package: str) -> str | None:
    """The absolute name of the module a ``from ... import`` reads."""
    try:
        return cst.helpers.get_absolute_module_from_package_for_import(package or None, node)
    except Exception:  # relative import beyond the top-level package
        return None


def binding_import(module: cst.Module, package: str, name: str) -> tuple[str | None, str] | None:
    """How ``module`` binds ``name`` with a module-level import: the absolute
    source module (None for ``import x``) and the alias as written
    (``Optional``, ``RuleSet as Rules``, ``typing``); None if not imported."""
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    if bound_name(alias) == name:
                        code = cst.Module([]).code_for_node(alias.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                        return (absolute_module(small, package) if isinstance(small, cst.ImportFrom) else None), code
    return None


def render_imports(imports: list[tuple[str | None, str]], *, local: set[str], package: str) -> str:
    """Import statements for ``(source module or None, alias)`` pairs: the
    others first, then the ``local`` modules (written relative to
    ``package`` when inside it), each group sorted, names merged."""
    groups: list[dict[str | None, set[str]]] = [{}, {}]
    for source, alias in imports:
        groups[source in local].setdefault(source, set()).add(alias)
    blocks = []
    for group in groups:
        lines = []
        for source in sorted(group, key=lambda s: (s is not None, s or "")):
            names = sorted(group[source], key=_isort_key)
            if source is None:
                lines += [f"import {n}" for n in names]
            else:
                inside = source.startswith(package + ".")
                spelled = relative_module(package, source) if inside else source
                lines.append(f"from {spelled} import {', '.join(names)}")
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def bound_name(alias: cst.ImportAlias) -> str:
    """The name an import alias binds (``a`` for ``import a.b``)."""
    if alias.asname is not None:
        return cst.Module([]).code_for_node(alias.asname.name)
    return cst.Module([]).code_for_node(alias.name).split(".")[0]


def ensure_import(module: cst.Module, *, module_name: str, package: str, source: str, name: str) -> cst.Module:
    """``module`` with ``name`` importable from ``source``: already bound as
    such, added to an existing module-level ``from <source> import`` (in its
    layout), or scheduled as a new import with AddImportsVisitor."""
    existing = module_level_import_from(module, package, source)
    if existing is not None:
        after = cst.Module([]).code_for_node(existing.names[-1].name)
        merged = add_name(existing, name, after=after)
        # A module-level statement: replace it in the body, no tree walk needed.
        body = [
            stmt.with_changes(body=[merged if small is existing else small for small in stmt.body])
            if isinstance(stmt, cst.SimpleStatementLine) and existing in stmt.body else stmt
            for stmt in module.body
        ]
        return module.with_changes(body=body)
    from libcst.codemod import CodemodContext  # costly to import (matchers): only when needed
    from libcst.codemod.visitors import AddImportsVisitor

    context = CodemodContext(full_module_name=module_name, full_package_name=package)
    AddImportsVisitor.add_needed_import(context, source, name)
    return AddImportsVisitor(context).transform_module(module)
