"""An independent oracle for the call-site migration.

Bowler (lib2to3, test dependency only) lists the ``StatEngine(...)`` calls of
every golden ``before/`` tree lexically: calls of the name, of a name it was
imported ``as``, and of an attribute of that name; files defining their own
``StatEngine`` class (the engine itself, a look-alike) are left out, and so
is the factory. pixmod, resolving qualified names with LibCST, must rewrite
exactly that set.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bowler import Query

from pixmod import runner
from pixmod.model import Status

from .conftest import GOLDEN
from .test_golden import CASES, expected_statuses

CALL = """
(
    call=power< any* trailer< '.' name='{name}' > trailer< '(' [any] ')' > any* >
|
    call=power< name='{name}' trailer< '(' [any] ')' > any* >
)
"""


def bowler_call_sites(root: Path) -> set[tuple[str, int]]:
    files = sorted(root.rglob("*.py"))
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in files}
    defining = {p for p, t in texts.items() if re.search(r"^class StatEngine\b|^def create_stat_engine\b", t, re.M)}
    candidates = [p for p in files if p not in defining and "StatEngine" in texts[p]]
    names = {"StatEngine"} | {a for t in texts.values() for a in re.findall(r"\bStatEngine as (\w+)", t)}
    found: set[tuple[str, int]] = set()

    def record(node, capture, filename):
        found.add((Path(filename).resolve().relative_to(root.resolve()).as_posix(), capture["call"].get_lineno()))

    for name in sorted(names):
        if candidates:
            Query([str(p) for p in candidates]).select(CALL.format(name=name)).modify(record).execute(
                interactive=False, write=False, silent=True, in_process=True
            )
    return found


def _pixmod_sites(root: Path) -> tuple[Status, set[tuple[str, int]]]:
    result = runner.run(runner.Mode(root=root, action="check", only=("stat-engine-factory",)))
    (report,) = result.reports
    return report.outcome.status, set(report.outcome.sites)


@pytest.mark.parametrize("case", CASES, ids=[c.relative_to(GOLDEN).as_posix() for c in CASES])
def test_migration_matches_bowler(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(case / "before", root)
    status, sites = _pixmod_sites(root)
    if status is Status.ERROR:  # refused on purpose (see the case): nothing to compare
        assert Status.ERROR in expected_statuses(case)
        return
    assert sites == bowler_call_sites(root)


def test_oracle_is_not_vacuous() -> None:
    sample = GOLDEN / "pipeline" / "sample-backend" / "before"
    assert len(bowler_call_sites(sample)) == 3
