"""Benchmark ``pixmod check`` on real trees, against the parser floor and peers.

    python bench/real.py                                  # homeassistant, sqlalchemy, apache-superset, neutron
    python bench/real.py --trees prefect --repeat 5
    python bench/real.py --record                         # also append the table to bench/RESULTS.md
    python bench/real.py --trees "" --synthetic 2000      # a generated tree with the codemods pending (bench/bench.py)

The trees come from the pinned corpus (``bench/corpus.py``: fetched from
the package index once, then cached). Each is copied to a temporary folder
(one figure edits a file) with a cache folder of its own. For each tree,
in one run, the median wall time of ``--repeat`` runs of:

* **floor**: one process reading and ``ast.parse``-ing the same files
  (startup included): what any Python tool that looks at every file pays;
* ``pixmod check --no-cache``: cold, as on a fresh CI machine;
* ``pixmod check``: warm, nothing changed since the last run;
* ``pixmod check`` after one file was edited (a different line appended
  each time, to a file no rule or codemod reads beyond its pre-filters: the
  last check's result is replayed, see ``src/pixmod/replay.py``);
* ``pixmod check`` after an edit that moves a finding (a line added at the
  top of the first finding's file: what a rule found changed, so the check
  runs, on the cache);
* ``pixmod check`` after an edit to a file a codemod rewrites (a line
  appended to the first one that exists on disk), where a codemod is
  pending: the codemods before it and those after it that do not read
  that file are replayed, see ``src/pixmod/replay.py``;
* ``pixmod check`` right after ``pixmod apply --diff``: the dry run must
  not have evicted the check's cached results;
* ``ruff check --no-cache`` where installed (on PATH or beside this
  Python), and with ``--fixit`` ``fixit lint`` once (it takes minutes): the
  fast and the LibCST-based peers;

each also as a ratio to the floor, and the peak memory of the cold check
(process and workers together, proportional set size sampled every 20 ms).

The machine's speed drifts while other work runs on it: only ratios taken
in one run are comparable, and a noisy run shows as a wide spread.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from bench import compile_pixmod, make_tree, measure  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TREES = ("homeassistant", "sqlalchemy", "apache-superset", "neutron")

FLOOR = Path(__file__).resolve().parent / "floor.py"  # the ast.parse floor, as a script


def peer(name: str) -> str | None:
    """A peer tool's executable: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def timed(cmd: list[str], *, repeat: int, before=None, timeout: float | None = None) -> float | None:
    """Median wall seconds of ``repeat`` runs (``before()`` ahead of each,
    untimed); None if a run outlived ``timeout``."""
    walls = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def edit_target(tree: Path) -> Path:
    """A file no rule or codemod reads beyond the text pre-filter: a
    module of a package with none of the words they look for."""
    words = ("register", "hook", "import_module", "__import__", "StatEngine", "schemas", "def __init__", "manifest")
    for path in sorted(tree.rglob("*.py")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.name != "__init__.py" and 200 < len(text) < 5000 and not any(w in text for w in words):
            return path
    raise SystemExit(f"{tree}: no file to edit")


def bench_tree(name: str, source: Path, tmp: Path, args) -> dict:
    tree = tmp / name
    shutil.copytree(source, tree)
    os.environ["PIXMOD_CACHE_DIR"] = str(tmp / f"cache-{name}")
    files = sum(1 for _ in tree.rglob("*.py"))
    pixmod = [sys.executable, "-m", "pixmod"]
    row: dict = {"tree": source.name, "files": files}
    row["floor"] = timed([sys.executable, str(FLOOR), str(tree)], repeat=args.repeat)
    row["cold"] = timed([*pixmod, "check", "--no-cache", "-q", str(tree)], repeat=args.repeat)
    row["memory"] = measure([*pixmod, "check", "--no-cache", "-q", str(tree)], memory=True)[1]
    subprocess.run([*pixmod, "check", "-q", str(tree)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    row["warm"] = timed([*pixmod, "check", "-q", str(tree)], repeat=args.repeat)
    row["warm_memory"] = measure([*pixmod, "check", "-q", str(tree)], memory=True)[1]
    target = edit_target(tree)
    edits = iter(range(10**6))

    def edit() -> None:
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\n_bench_edit_{next(edits)} = 1\n")

    row["edited"] = timed([*pixmod, "check", "-q", str(tree)], repeat=args.repeat, before=edit)
    found = subprocess.run([*pixmod, "check", "--output-format", "json", str(tree)], capture_output=True, text=True)
    findings = json.loads(found.stdout)["findings"] if found.stdout.strip() else []
    if findings:
        moved = tree / findings[0]["path"]  # relative to PATH

        def move_finding() -> None:
            moved.write_text(f"_bench_edit_{next(edits)} = 1\n" + moved.read_text(encoding="utf-8"), encoding="utf-8")

        row["finding_moved"] = timed([*pixmod, "check", "-q", str(tree)], repeat=args.repeat, before=move_finding)
    else:
        row["finding_moved"] = "no finding"
    rewritten = [tree / path for codemod in json.loads(found.stdout).get("codemods", []) for path in codemod.get("files", [])] if found.stdout.strip() else []
    rewritten = [path for path in rewritten if path.suffix == ".py" and path.exists()]
    if rewritten:

        def edit_rewritten() -> None:
            with rewritten[0].open("a", encoding="utf-8") as handle:
                handle.write(f"\n_bench_edit_{next(edits)} = 1\n")

        row["rewritten_edited"] = timed([*pixmod, "check", "-q", str(tree)], repeat=args.repeat, before=edit_rewritten)
    else:
        row["rewritten_edited"] = "none pending"
    row["after_diff"] = timed(
        [*pixmod, "check", "-q", str(tree)], repeat=args.repeat,
        before=lambda: subprocess.run([*pixmod, "apply", "--diff", "-q", str(tree)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    )
    ruff = peer("ruff")
    row["ruff"] = timed([ruff, "check", "--no-cache", "--exit-zero", "-q", str(tree)], repeat=args.repeat) if ruff else "absent"
    fixit = peer("fixit")
    if fixit and args.fixit:
        row["fixit"] = timed([fixit, "lint", str(tree)], repeat=1, timeout=args.fixit_timeout) or f"> {args.fixit_timeout:.0f} s"
    else:
        row["fixit"] = "not run (--fixit)" if fixit else "absent"
    print(f"measured {name}", file=sys.stderr)
    return row


def cell(row: dict, key: str) -> str:
    value = row[key]
    if not isinstance(value, float):
        return str(value)
    return f"{value:.2f} s ({value / row['floor']:.2f}x)"


def table(rows: list[dict], args) -> str:
    head = (
        f"median of {args.repeat} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
        "(x): ratio to the floor measured in the same run\n\n"
        "| tree | files | floor (ast.parse) | check, cold | check, warm | check, 1 file edited "
        "| check, a finding moved | check, a rewritten file edited | check after apply --diff | peak memory cold / warm | ruff check | fixit lint |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    lines = [
        f"| {r['tree']} | {r['files']:,} | {r['floor']:.2f} s | {cell(r, 'cold')} | {cell(r, 'warm')} | {cell(r, 'edited')} "
        f"| {cell(r, 'finding_moved')} | {cell(r, 'rewritten_edited')} | {cell(r, 'after_diff')} | {r['memory']:.0f} / {r['warm_memory']:.0f} MB | {cell(r, 'ruff')} | {cell(r, 'fixit')} |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trees", default=",".join(DEFAULT_TREES), help=f"corpus projects (known: {', '.join(corpus.BY_NAME)})")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fixit", action="store_true", help="also time fixit lint, once (minutes on a large tree)")
    parser.add_argument("--fixit-timeout", type=float, default=300, help="give fixit up to this many seconds a tree")
    parser.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    parser.add_argument("--synthetic", type=int, default=0, metavar="FILES", help="also a generated tree of FILES files, codemods pending")
    args = parser.parse_args()
    names = [n for n in args.trees.split(",") if n]
    compile_pixmod()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pixmod-real-") as tmp:
        for name in names:
            source = corpus.tree(name)
            if source is None:
                print(f"{name}: not in the corpus and cannot be fetched; skipped", file=sys.stderr)
                continue
            rows.append(bench_tree(name, source, Path(tmp), args))
        if args.synthetic:
            source = make_tree(Path(tmp) / "generated" / f"pending-{args.synthetic}", args.synthetic)
            rows.append(bench_tree(source.name, source, Path(tmp), args))
    out = table(rows, args)
    print(out)
    if args.record:
        command = "python bench/real.py " + " ".join(sys.argv[1:])
        with (REPO / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n## {datetime.date.today().isoformat()}, real trees\n\n`{command}`\n\n{out}")


if __name__ == "__main__":
    main()
