"""The rules on real code: precision and recall on the labelled corpus.

tests/corpus/labels.csv labels places of the pinned corpus (bench/corpus.py)
true (the code breaks the rule) or false (it does not), each with a reason.
The rules run on every tree; each rule that reports anything must be right
at least 90% of the time, and every finding must be at a labelled place.
Without the corpus (not fetched: ``python bench/corpus.py``) the check is
skipped, with the reason shown in the summary.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter

import pytest

from tests.conftest import REPO

MIN_PRECISION = 0.9


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(f"pixmod_bench_{name}", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(REPO / "bench"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(REPO / "bench"))
    return module


labels_module = _bench("labels")
corpus = _bench("corpus")


def test_labels_are_well_formed() -> None:
    labels = labels_module.load()
    projects = {label.project for label in labels}
    assert len(labels) >= 300 and len(projects) >= 6
    kinds = {corpus.BY_NAME[p].kind for p in projects}
    assert kinds == {"application", "library"}
    for label in labels:
        assert label.project in corpus.BY_NAME and label.rule.startswith("PX") and label.line > 0, label
        assert label.label in ("true", "false") and label.reason.strip(), label
    duplicates = [place for place, n in Counter(label.place for label in labels).items() if n > 1]
    assert not duplicates


def test_precision_on_the_labelled_corpus(capsys) -> None:
    labels = labels_module.load()
    names = sorted({label.project for label in labels})
    missing = [name for name in names if corpus.tree(name, fetch=False) is None]
    if missing:
        pytest.skip(f"labelled corpus not available ({', '.join(missing)}): run python bench/corpus.py")
    reported = set()
    for name in names:
        reported |= labels_module.findings(name, corpus.tree(name, fetch=False))
    scores = labels_module.score(labels, reported)
    with capsys.disabled():
        print("\n" + labels_module.table(scores))
    unlabelled = [place for s in scores.values() for place in s.unlabelled]
    assert not unlabelled, f"findings at places tests/corpus/labels.csv does not label: {unlabelled[:20]}"
    for rule, s in scores.items():
        assert s.precision is None or s.precision >= MIN_PRECISION, f"{rule}: precision {s.precision:.1%} < 90%"
