"""The joined-text index behind Project.files_containing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixmod.textindex import TextIndex


def test_finds_each_file_once_and_never_across_two_files() -> None:
    index = TextIndex([("a.py", "def f(): pass\ndef g(): pass\n"), ("b.py", "x = 1\ndef"), ("c.py", " f(): pass"), ("d.py", "")])
    assert index.containing("def") == [0, 1]
    assert index.containing("def f") == [0]  # "def" ending b.py and " f()" opening c.py are two files
    assert index.containing("pass") == [0, 2]
    assert index.containing("zzz") == []


def test_refuses_needles_it_cannot_search_for() -> None:
    index = TextIndex([("a.py", "x")])
    with pytest.raises(ValueError):
        index.containing("")
    with pytest.raises(ValueError):
        index.containing("a\0b")


@given(st.lists(st.text(alphabet="ab\n", max_size=12), max_size=8), st.text(alphabet="ab\n", min_size=1, max_size=3))
def test_agrees_with_a_search_of_each_text(texts: list[str], needle: str) -> None:
    index = TextIndex([(f"{i}.py", text) for i, text in enumerate(texts)])
    assert index.containing(needle) == [i for i, text in enumerate(texts) if needle in text]
