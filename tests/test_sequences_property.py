"""Property tests: inserting into / removing from a list or an import keeps
every comment, the other items, and valid syntax, whatever the layout."""

from __future__ import annotations

import ast

import libcst as cst
from hypothesis import given, settings
from hypothesis import strategies as st

from pixmod.syntax.exports import add_to_all
from pixmod.syntax.imports import add_name, remove_name

NAMES = [f"n{i}" for i in range(8)]


@st.composite
def layouts(draw):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    multiline = draw(st.booleans())
    trailing = draw(st.booleans()) or (multiline and draw(st.booleans()))
    comments = [draw(st.booleans()) if multiline else False for _ in names]
    header = multiline and draw(st.booleans())
    return names, multiline, trailing, comments, header


def _render(items: list[str], multiline: bool, trailing: bool, comments: list[bool], header: bool, open_: str, close: str) -> str:
    if not multiline:
        return open_ + ", ".join(items) + ("," if trailing and len(items) > 1 else "") + close
    lines = [open_ + ("  # header" if header else "")]
    for i, (item, comment) in enumerate(zip(items, comments)):
        comma = "," if i < len(items) - 1 or trailing else ""
        lines.append(f"    {item}{comma}" + (f"  # c{i}" if comment else ""))
    return "\n".join(lines) + "\n" + close


def _comments(code: str) -> list[str]:
    return sorted(part.split("\n")[0] for part in code.split("#")[1:])


@settings(max_examples=settings().max_examples * 2)
@given(layouts(), st.sampled_from(NAMES + ["zz", "aa"]))
def test_add_to_all_keeps_everything(layout, after) -> None:
    names, multiline, trailing, comments, header = layout
    code = "__all__ = " + _render([f'"{n}"' for n in names], multiline, trailing, comments, header, "[", "]") + "\n"
    out = add_to_all(cst.parse_module(code), "new", after=after).code
    result = ast.literal_eval(out.split("=", 1)[1].strip())
    expected = list(names)
    expected.insert(names.index(after) + 1 if after in names else len(names), "new")
    assert result == expected
    assert _comments(out) == _comments(code)


@settings(max_examples=settings().max_examples * 2)
@given(layouts(), st.sampled_from(NAMES))
def test_import_add_and_remove_keep_everything(layout, name) -> None:
    names, multiline, trailing, comments, header = layout
    parens = multiline or trailing
    body = _render(names, multiline, trailing and parens, comments, header, "(" if parens else "", ")" if parens else "")
    code = f"from m import {body}\n"
    node = cst.parse_module(code).body[0].body[0]
    added = cst.Module([cst.SimpleStatementLine([add_name(node, "zz_new", after=names[0])])]).code
    assert set(ast.parse(added).body[0].names[i].name for i in range(len(names) + 1)) == {*names, "zz_new"}
    assert _comments(added) == _comments(code)
    if name in names and len(names) > 1:
        removed = cst.Module([cst.SimpleStatementLine([remove_name(node, name)])]).code
        assert [a.name for a in ast.parse(removed).body[0].names] == [n for n in names if n != name]
        own = f"c{names.index(name)}"  # the removed item's own comment goes with it
        assert _comments(removed) == [c for c in _comments(code) if c.strip() != own]
