"""The names shared by codemods and rules, and who may import a codemod."""

from __future__ import annotations

import ast
from pathlib import Path

from pixmod import registry
from pixmod.rules import active_rules

from .conftest import REPO


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_registry_imports_codemods() -> None:
    """Rules and codemods share names through pixmod.targets and options
    through the registry, which alone loads codemods (by import path): no
    module imports one."""
    sources = [*sorted((REPO / "src" / "pixmod").rglob("*.py")), *sorted((REPO / "codemods").glob("*.py"))]
    importing = [
        path.relative_to(REPO).as_posix() for path in sources
        if any(name.startswith("pixmod.codemods") for name in _imports(path))
    ]
    assert importing == []


def test_a_rule_reads_the_codemod_options_of_its_run() -> None:
    options = {**registry.default_options(), "stat-engine-factory": {"engine_module": "app.engine", "factory_module": None}}
    (rule,) = [r for r in active_rules(codemod_options=options) if r.code == "PX004"]
    assert rule.options_of("stat-engine-factory")["engine_module"] == "app.engine"


def test_a_rule_alone_reads_the_codemod_defaults() -> None:
    (rule,) = [r for r in active_rules() if r.code == "PX001"]
    assert rule.options_of("schemas-barrel")["area_depth"] == 2
