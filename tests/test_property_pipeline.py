"""Property tests: generated variants of the target shapes go through the
whole pipeline safely.

For every generated tree: each output compiles, a second run changes
nothing, ``check`` goes from 1 to 0 across ``apply``, and every top-level
definition of every original file is still there.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pixmod import runner

from .conftest import SAMPLE

PKG = "pixsim7.backend.main"

IMPORTS = {
    "plain": (f"from {PKG}.domain.stats import StatEngine", "StatEngine"),
    "alias": (f"from {PKG}.domain.stats import StatEngine as Engine", "Engine"),
    "module-alias": (f"import {PKG}.domain.stats as st", "st.StatEngine"),
    "module-attr": (f"from {PKG}.domain import stats", "stats.StatEngine"),
    "engine-module": (f"from {PKG}.domain.stats.engine import StatEngine", "StatEngine"),
    "relative": ("from ...domain.stats import StatEngine", "StatEngine"),
}


@st.composite
def user_module(draw) -> str:
    """A module of services/generated/ that uses the engine in various ways."""
    style = draw(st.sampled_from(sorted(IMPORTS)))
    import_line, callee = IMPORTS[style]
    conditional = draw(st.booleans())
    lines = ['"""Generated."""', "", "from typing import Optional", ""]
    if conditional:
        lines += ["try:", f"    {import_line}", "except ImportError:  # pragma: no cover", "    raise", ""]
    else:
        lines += [import_line, ""]
    comment = draw(st.sampled_from(["", "  # odd comment", "  # StatEngine() in a comment"]))
    for index in range(draw(st.integers(1, 3))):
        decorated = draw(st.booleans())
        per_line = draw(st.integers(1, 3))
        calls = ", ".join(f"{callee}()" for _ in range(per_line))
        lines += ["", ""]
        if decorated:
            lines += ["@(lambda f: f)"]
        params = draw(st.sampled_from(["", "x: int = 1", "*args, **kwargs", "x, /, y=2, *, z=3"]))
        lines += [f"def build_{index}({params}):{comment}", f"    engines = [{calls}]", "", "    return engines"]
        if draw(st.booleans()):
            lines += ["", "", f"class Holder{index}:", "    class Inner:", f"        engine = {callee}()", "",
                      "    def get(self) -> Optional[object]:", f"        return {callee}()"]
    if draw(st.booleans()):
        lines += ["", "", "def check(value) -> bool:", f"    return isinstance(value, {callee})"]
    return "\n".join(lines) + "\n"


def _definitions(root: Path) -> dict[str, set[str]]:
    out = {}
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out[path.relative_to(root).as_posix()] = {
            node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
    return out


@given(st.lists(user_module(), min_size=1, max_size=3))
def test_generated_trees_go_through_the_pipeline(tmp_path_factory, modules) -> None:
    root = tmp_path_factory.mktemp("tree") / "t"
    shutil.copytree(SAMPLE, root)
    folder = root / "pixsim7/backend/main/services/generated"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for index, text in enumerate(modules):
        (folder / f"user_{index}.py").write_text(text)
    definitions = _definitions(root)

    assert runner.run(runner.Mode(root=root, action="check")).exit_code == 1
    applied = runner.run(runner.Mode(root=root, action="apply"))
    assert applied.exit_code == 0, [r.outcome.label() for r in applied.reports]
    for path in root.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    assert not runner.run(runner.Mode(root=root, action="apply")).files
    assert runner.run(runner.Mode(root=root, action="check")).exit_code == 0
    after = _definitions(root)
    for path, names in definitions.items():
        assert names <= after[path], path
    for index in range(len(modules)):
        text = (folder / f"user_{index}.py").read_text()
        calls = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call)]
        assert not any(getattr(c.func, "id", getattr(c.func, "attr", "")) in ("StatEngine", "Engine") for c in calls)
