"""The architecture rules on the real-code corpus: cost and findings.

For each tree of bench/corpus.py, in one process (no pool, no cache), so
that every figure compares with the same floor. Times are CPU seconds of
this process (``time.process_time``): on a machine shared with other work,
wall time measures the neighbours as much as the code.

* the floor: reading every Python file and ``ast.parse`` on it;
* reading: listing the tree and reading every file, the part of each
  rule's figure that is not its own work;
* each rule's cold cost: a fresh tree, the rule's declared per-file
  analyses and its check, reading included (the ratio is to the floor);
* the findings of each rule (``--findings FILE`` writes them as CSV rows
  ``project,path,line,rule,message``, the form tests/corpus/labels.csv
  labels).

Usage::

    python bench/rules.py                          # every cached tree
    python bench/rules.py sqlalchemy flask         # some
    python bench/rules.py --findings found.csv     # also dump the findings
    python bench/rules.py --rules PX003            # some rules
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402
from floor import parse_all  # noqa: E402

from pixmod.formatting import Style  # noqa: E402
from pixmod.project import Project  # noqa: E402
from pixmod.rules import RULES, run_rules  # noqa: E402


def floor(root: Path) -> tuple[int, float]:
    """Files and CPU seconds to read and ``ast.parse`` every Python file."""
    start = time.process_time()
    count = parse_all(str(root))
    return count, time.process_time() - start


def reading_cost(root: Path) -> float:
    """CPU seconds to list the tree and read every file, which every rule
    pays before its own work (a rule's figure includes it)."""
    start = time.process_time()
    Project(root, style=Style()).files_containing("\0")
    return time.process_time() - start


def rule_cost(root: Path, rule_class) -> tuple[float, list]:
    """CPU seconds for one rule, cold, on a fresh tree; and its findings."""
    start = time.process_time()
    project = Project(root, style=Style())
    rule = rule_class()
    project.prefetch(rule.declared(project))
    findings, _ = run_rules(project, rules=[rule])
    return time.process_time() - start, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="corpus projects (default: every cached one)")
    parser.add_argument("--findings", type=Path, help="write the findings to this CSV file")
    parser.add_argument("--rules", nargs="*", help="rule codes (default: all)")
    args = parser.parse_args(argv)
    names = args.names or [p.name for p in corpus.PROJECTS]
    rules = [r for r in RULES if not args.rules or r.code in args.rules]
    rows = []
    print(f"{'tree':<16}{'files':>7}{'floor s':>9}{'read s':>8}" + "".join(f"{r.code + ' s':>10}{'x':>6}{'n':>5}" for r in rules))
    for name in names:
        root = corpus.tree(name, fetch=False)
        if root is None:
            print(f"{name:<16} not cached (python bench/corpus.py {name})")
            continue
        files, base = floor(root)
        reading = reading_cost(root)
        cells = []
        for rule_class in rules:
            seconds, findings = rule_cost(root, rule_class)
            cells.append(f"{seconds:>10.2f}{seconds / base:>6.2f}{len(findings):>5}")
            rows += [(name, f.path, f.line, f.code, f.message) for f in findings]
        print(f"{name:<16}{files:>7}{base:>9.2f}{reading:>8.2f}" + "".join(cells), flush=True)
    if args.findings:
        with args.findings.open("w", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
