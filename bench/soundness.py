"""Replayed checks against cold ones, through a series of edits on real trees.

For each tree (a copy of a corpus tree, or of the bundled sample, whose
codemods are pending), a series of edits: a line added above a file's first
finding (the finding moves), a comment appended to it, a new PX002 and a
new PX003 site in a file chosen at random, a file's text reversed line by
line (what it defines changes), and so on. After each edit, ``pixmod
check`` runs with the cache (replayed whole, in part, or not at all) and
without it; both outputs (JSON, then text) and exit codes must be the same.

    python bench/soundness.py [--trees flask,sqlalchemy] [--sample] [--path TREE] [--edits 8] [--seed 1]

Prints one line per edit and the count of mismatches; exits 1 on any.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import tree as corpus_tree  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "golden/pipeline/sample-backend/before"
TRACE: list[str] = []  # what the last check replayed (PIXMOD_TRACE_REPLAY)


def check(tree: Path, cache_dir: Path, *extra: str, fmt: str = "json") -> tuple[int, str]:
    env = {**os.environ, "PIXMOD_CACHE_DIR": str(cache_dir), "PIXMOD_TRACE_REPLAY": "1"}
    done = subprocess.run(
        [sys.executable, "-P", "-m", "pixmod", "check", "--output-format", fmt, *extra, "."],
        cwd=tree, env=env, capture_output=True, text=True,
    )
    if "Traceback" in done.stderr:
        raise SystemExit(f"traceback in {tree}:\n{done.stderr}")
    TRACE[:] = [line for line in done.stderr.splitlines() if line.startswith("pixmod replay:")]
    return done.returncode, done.stdout


def edits(tree: Path, rng: random.Random, count: int):
    """(label, function editing the tree) pairs."""
    code, out = check(tree, Path(tempfile.mkdtemp()), "--no-cache")
    found = [f["path"] for f in json.loads(out).get("findings", [])] if out.strip() else []
    files = sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.py"))
    targets = found + rng.sample(files, min(len(files), count))

    def prepend(rel):
        return lambda: _write(tree / rel, "import os as _unused_os\n" + _read(tree / rel))

    def append(rel, text):
        return lambda: _write(tree / rel, _read(tree / rel) + text)

    def reverse(rel):
        return lambda: _write(tree / rel, "".join(reversed(_read(tree / rel).splitlines(True))))

    def restore(rel, text):
        return lambda: _write(tree / rel, text)

    plan = []
    for n, rel in enumerate(targets[: count]):
        kind = n % 6
        if kind == 0:
            plan.append((f"prepend {rel}", prepend(rel)))
        elif kind == 1:
            plan.append((f"comment {rel}", append(rel, "\n# an edit\n")))
        elif kind == 2:
            plan.append((f"PX002 site {rel}", append(rel, "\nregister_handler(print)\n")))
        elif kind == 3:
            plan.append((f"PX003 site {rel}", append(rel, "\n\nclass _Built:\n    def __init__(self):\n        self.client = HttpClient()\n")))
        elif kind == 4:
            before = _read(tree / rel)
            plan.append((f"reverse {rel}", reverse(rel)))
            plan.append((f"restore {rel}", restore(rel, before)))
        else:
            plan.append((f"touch {rel}", lambda rel=rel: os.utime(tree / rel)))
    return plan


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="surrogateescape")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def run_tree(source: Path, name: str, count: int, seed: int) -> int:
    work = Path(tempfile.mkdtemp(prefix=f"sound-{name}-"))
    tree = work / "tree"
    shutil.copytree(source, tree, symlinks=True)
    cache = work / "cache"
    rng = random.Random(seed)
    mismatches = 0
    check(tree, cache)  # the first record
    for label, edit in edits(tree, rng, count):
        edit()
        for fmt in ("json", "text"):
            cached = check(tree, cache, fmt=fmt)
            trace = " ".join(TRACE).replace("pixmod replay: ", "")
            cold = check(tree, work / "nocache", "--no-cache", fmt=fmt)
            same = cached == cold
            mismatches += not same
            print(f"{name}: {label} [{fmt}]: {'same' if same else 'MISMATCH'} ({trace})", flush=True)
            if not same:
                (work / "cached.out").write_text(cached[1])
                (work / "cold.out").write_text(cold[1])
                print(f"  kept in {work}", flush=True)
    if not mismatches:
        shutil.rmtree(work, ignore_errors=True)
    return mismatches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", default="flask,sqlalchemy,apache-superset,neutron")
    parser.add_argument("--sample", action="store_true", help="also the bundled sample (codemods pending)")
    parser.add_argument("--path", action="append", default=[], help="also this tree (a copy is edited)")
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    total = 0
    if args.sample:
        total += run_tree(SAMPLE, "sample", args.edits, args.seed)
    for path in args.path:
        total += run_tree(Path(path), Path(path).name, args.edits, args.seed)
    for name in filter(None, args.trees.split(",")):
        total += run_tree(corpus_tree(name), name, args.edits, args.seed)
    print(f"{total} mismatch(es)")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
