"""Precision and recall of the architecture rules on the labelled corpus.

``tests/corpus/labels.csv`` holds places in the corpus's real code (see
bench/corpus.py), one a row: ``project,path,line,rule,label,reason``. The
label says what the code *is*, read by a person, not what the rules say:
``true`` the place breaks the rule (a finding there is right; none is a
miss), ``false`` it does not (a finding there is wrong). The rules are then
run on each tree and compared:

* precision = true findings / findings;
* recall = true findings / places labelled true.

A finding at an unlabelled place is reported as such: label it.

Usage::

    python bench/labels.py                # the table, for bench/RESULTS.md
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402

LABELS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "labels.csv"
FIELDS = ["project", "path", "line", "rule", "label", "reason"]


@dataclass(frozen=True)
class Label:
    project: str
    path: str
    line: int
    rule: str
    label: str  # "true" or "false"
    reason: str

    @property
    def place(self) -> tuple[str, str, int, str]:
        return (self.project, self.path, self.line, self.rule)


@dataclass
class Score:
    true: int = 0  # findings at places labelled true
    false: int = 0  # findings at places labelled false
    missed: int = 0  # places labelled true without a finding
    unlabelled: list[tuple] = field(default_factory=list)  # findings at no labelled place

    @property
    def precision(self) -> float | None:
        reported = self.true + self.false
        return self.true / reported if reported else None

    @property
    def recall(self) -> float | None:
        expected = self.true + self.missed
        return self.true / expected if expected else None


def load(path: Path = LABELS) -> list[Label]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [Label(r["project"], r["path"], int(r["line"]), r["rule"], r["label"], r["reason"]) for r in rows]


def findings(name: str, root: Path) -> set[tuple[str, str, int, str]]:
    """(project, path, line, rule) of every rule finding on a corpus tree, as
    ``pixmod check --output-format json`` reports them (per-file results
    kept in the corpus's own cache folder, so that a second run is warm)."""
    env = {**os.environ, "PIXMOD_CACHE_DIR": str(corpus.cache_dir() / "analysis")}
    done = subprocess.run(
        [sys.executable, "-m", "pixmod", "check", "--output-format", "json", str(root)],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"pixmod check {root} exited {done.returncode}: {done.stderr[-2000:]}")
    return {(name, f["path"], f["line"], f["code"]) for f in json.loads(done.stdout)["findings"] if f["code"].startswith("PX")}


def score(labels: list[Label], reported: set[tuple[str, str, int, str]]) -> dict[str, Score]:
    """Per rule: how the findings ``reported`` compare with ``labels``."""
    scores: dict[str, Score] = {}
    by_place = {label.place: label for label in labels}
    for place in sorted(reported):
        label = by_place.get(place)
        result = scores.setdefault(place[3], Score())
        if label is None:
            result.unlabelled.append(place)
        elif label.label == "true":
            result.true += 1
        else:
            result.false += 1
    for label in labels:
        if label.label == "true" and label.place not in reported:
            scores.setdefault(label.rule, Score()).missed += 1
    return dict(sorted(scores.items()))


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'rule':<7}{'findings':>9}{'true':>6}{'false':>6}{'missed':>7}{'precision':>11}{'recall':>8}{'unlabelled':>11}"]
    for rule, s in scores.items():
        precision = "-" if s.precision is None else f"{s.precision:.1%}"
        recall = "-" if s.recall is None else f"{s.recall:.1%}"
        lines.append(f"{rule:<7}{s.true + s.false:>9}{s.true:>6}{s.false:>6}{s.missed:>7}{precision:>11}{recall:>8}{len(s.unlabelled):>11}")
    return "\n".join(lines)


def main() -> int:
    labels = load()
    reported: set = set()
    for name in sorted({label.project for label in labels}):
        root = corpus.tree(name, fetch=False)
        if root is None:
            print(f"{name}: not cached (python bench/corpus.py {name})", file=sys.stderr)
            return 1
        reported |= findings(name, root)
    print(f"{len(labels)} labelled places, {len({l.project for l in labels})} projects: {dict(Counter(l.label for l in labels))}")
    scores = score(labels, reported)
    print(table(scores))
    for rule, s in scores.items():
        for place in s.unlabelled:
            print("unlabelled:", ",".join(map(str, place)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
