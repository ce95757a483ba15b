"""``__all__``: reading it and adding a name next to another one."""

from __future__ import annotations

from pixmod.lazy import cst
from pixmod.syntax.edit import apply_edits
from pixmod.syntax.nodes import is_name, single_target
from pixmod.syntax.sequences import insert_item, remove_item


def _assigns_sequence(small: cst.CSTNode, variable: str, augmented: bool = False) -> bool:
    """``variable = [...]`` or ``(...)`` (also ``+=`` when ``augmented``)."""
    if not isinstance(getattr(small, "value", None), (cst.List, cst.Tuple)):
        return False
    if augmented and isinstance(small, cst.AugAssign):
        return is_name(small.target, variable)
    return is_name(single_target(small), variable)


def all_sequences(module: cst.Module) -> list[cst.List | cst.Tuple]:
    """The list/tuple literals assigned (or ``+=``-ed) to ``__all__`` at
    module level, in order."""
    found = []
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            found += [small.value for small in stmt.body if _assigns_sequence(small, "__all__", augmented=True)]
    return found


def exported_names(module: cst.Module) -> list[str] | None:
    """The names in ``__all__`` (None when the module has none)."""
    sequences = all_sequences(module)
    if not sequences:
        return None
    return [el.value.evaluated_value for seq in sequences for el in seq.elements if isinstance(el.value, cst.SimpleString)]


def add_to_all(module: cst.Module, name: str, *, after: str) -> cst.Module:
    """``module`` with ``name`` in ``__all__`` right after ``after`` (at the
    end of the last sequence when ``after`` is not listed). Unchanged when
    there is no ``__all__`` or ``name`` is already in it."""
    sequences = all_sequences(module)
    names = exported_names(module)
    if not sequences or name in names:
        return module
    target, position, quote_from = sequences[-1], len(sequences[-1].elements), None
    for seq in sequences:
        for index, el in enumerate(seq.elements):
            if isinstance(el.value, cst.SimpleString) and el.value.evaluated_value == after:
                target, position, quote_from = seq, index + 1, el.value
    if quote_from is None and target.elements:
        quote_from = target.elements[-1].value
    quote = quote_from.quote if isinstance(quote_from, cst.SimpleString) else '"'
    element = cst.Element(cst.SimpleString(f"{quote}{name}{quote}"))
    if isinstance(target, cst.List):
        opening, closing = target.lbracket.whitespace_after, target.rbracket.whitespace_before
    else:
        opening = target.lpar[0].whitespace_after if target.lpar else None
        closing = target.rpar[-1].whitespace_before if target.rpar else None

    def edit(node):
        elements, new_closing = insert_item(node.elements, position, element, opening=opening, closing=closing)
        node = node.with_changes(elements=elements)
        if isinstance(node, cst.List):
            return node.with_changes(rbracket=node.rbracket.with_changes(whitespace_before=new_closing))
        if node.rpar and new_closing is not None:
            return node.with_changes(rpar=[*node.rpar[:-1], node.rpar[-1].with_changes(whitespace_before=new_closing)])
        return node

    return apply_edits(module, {target: edit})


def remove_strings(module: cst.Module, variable: str, values: set[str]) -> cst.Module:
    """``module`` with ``values`` taken out of the list or tuple of strings
    assigned to the module-level ``variable`` (layout and comments kept)."""
    for stmt in module.body:
        for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ():
            if _assigns_sequence(small, variable):
                return apply_edits(module, {small.value: lambda node: _without(node, values)})
    return module


def _without(node: cst.List | cst.Tuple, values: set[str]) -> cst.List | cst.Tuple:
    closing = node.rbracket.whitespace_before if isinstance(node, cst.List) else None
    elements = list(node.elements)
    for index in reversed(range(len(elements))):
        value = elements[index].value
        if isinstance(value, cst.SimpleString) and value.evaluated_value in values:
            elements, closing = remove_item(elements, index, closing=closing)
    node = node.with_changes(elements=elements)
    if isinstance(node, cst.List) and closing is not None:
        node = node.with_changes(rbracket=node.rbracket.with_changes(whitespace_before=closing))
    return node
