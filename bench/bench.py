"""Benchmark pixmod against LibCST's own codemod runner on synthetic trees.

    python bench/bench.py                      # sizes 1000, 5000, 20000
    python bench/bench.py --sizes 2000 --repeat 5 --libcst-sizes 2000

Each tree is the sample backend plus generated filler modules of realistic
size and import density spread over the package's areas; about 2% of them
import the stats package and build a StatEngine, about 5% import shared
schemas. For every size the script measures, in one run, the median wall
time and the peak memory (all processes, see ``measure``) of:

* ``pixmod check``               on the tree as generated (changes pending)
* ``pixmod check``               on the tree once applied (the usual CI run)
  both cold (``--no-cache``, as on a fresh CI machine) and warm (the
  analysis cache filled by an earlier run, as on a developer's machine)
* ``pixmod apply --diff``        (the review use), cold
* ``pixmod apply --diff --only stat-engine-factory``, cold: the same
  migration as LibCST's runner below
* LibCST's runner doing the call-site migration alone
  (``python -m libcst.tool codemod rename.RenameCommand``), on a fresh copy
  each time since it rewrites in place; only for ``--libcst-sizes``, as it
  is slow on large trees.

It prints a table, the pixmod/LibCST ratios and how time grows with size.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "golden" / "pipeline" / "sample-backend" / "before"
PKG = "pixsim7.backend.main"
AREAS = [
    "api/v2", "api/admin", "services/inventory", "services/quests", "services/social", "services/media",
    "providers/image", "providers/audio", "domain/world", "domain/economy", "infrastructure/cache", "workers/jobs",
]
STDLIB = ["import json", "import logging", "from dataclasses import dataclass, field", "from typing import Any, Dict, List, Optional",
          "import asyncio", "from datetime import datetime, timedelta", "import re", "from collections import defaultdict"]


def filler(rng: random.Random, index: int, area: str, siblings: list[str]) -> str:
    """One synthetic module: imports, a dataclass, a service class, functions."""
    lines = [f'"""Generated module {index} of the {area} area."""', ""]
    lines += sorted(rng.sample(STDLIB, 4))
    lines.append("")
    for sibling in rng.sample(siblings, min(2, len(siblings))):
        lines.append(f"from {PKG}.{sibling} import helper_{sibling.rsplit('_', 1)[1]}")
    engine = rng.random() < 0.02
    schemas = rng.random() < 0.05
    if engine:
        lines.append(f"from {PKG}.domain.stats import StatDefinition, StatEngine")
    if schemas:
        lines.append(f"from {PKG}.shared.schemas.generation_schemas import GenerationRequest")
    lines += ["", "", "@dataclass", f"class Record{index}:", "    id: int", "    name: str",
              "    tags: List[str] = field(default_factory=list)", "    meta: Dict[str, Any] = field(default_factory=dict)", "", ""]
    lines += [f"class Service{index}:", "    def __init__(self, db: Any) -> None:", "        self.db = db",
              "        self.cache: Dict[int, Record%d] = {}" % index]
    if engine:
        lines.append("        self.engine = StatEngine()")
    lines += ["", f"    async def get(self, record_id: int) -> Optional[Record{index}]:",
              "        if record_id in self.cache:", "            return self.cache[record_id]",
              "        row = await self.db.get('records', record_id)", "        if row is None:", "            return None",
              f"        record = Record{index}(id=record_id, name=row['name'])", "        self.cache[record_id] = record", "        return record", ""]
    for j in range(rng.randint(3, 8)):
        lines += ["", f"def step_{j}(values: List[int], factor: int = {j + 1}) -> List[int]:",
                  f'    """Scale and filter, variant {j}."""', "    out = []", "    for value in values:",
                  f"        if value % {j + 2} == 0:", "            out.append(value * factor)", "    return out", ""]
    lines += ["", f"def helper_{index}(x: int) -> int:", f"    return x + {index}", ""]
    if schemas:
        lines += ["", "def build_request(prompt: str) -> GenerationRequest:", "    return GenerationRequest(prompt=prompt)", ""]
    return "\n".join(lines)


def make_tree(root: Path, files: int, seed: int = 7) -> Path:
    shutil.copytree(SAMPLE, root)
    rng = random.Random(seed)
    base = root / PKG.replace(".", "/")
    count = sum(1 for _ in root.rglob("*.py"))
    made: dict[str, list[str]] = {area: [] for area in AREAS}
    index = 0
    while count < files:
        area = AREAS[index % len(AREAS)]
        folder = base / area
        if not folder.exists():
            folder.mkdir(parents=True)
            for parent in [folder, *folder.relative_to(base).parents]:
                init = base / parent / "__init__.py" if parent != Path(".") else None
                if init is not None and not init.exists():
                    init.write_text("")
                    count += 1
        dotted = f"{area.replace('/', '.')}.gen_{index}"
        (folder / f"gen_{index}.py").write_text(filler(rng, index, area, made[area][-20:]))
        made[area].append(dotted)
        count += 1
        index += 1
    return root


def measure(cmd: list[str], cwd: Path | None = None, memory: bool = False) -> tuple[float, float]:
    """Wall seconds of one run of ``cmd`` and, if ``memory``, its peak
    memory in MB: the peak sum of the proportional set size of the process
    and its workers, sampled every 20 ms (Linux; elsewhere the largest
    process's max RSS). Sampling costs CPU, so timed runs do not sample."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while memory and proc.poll() is None:
        peak = max(peak, tree_pss_mb(proc.pid))
        time.sleep(0.02)
    code = proc.wait()
    wall = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    if memory and not peak:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak


def tree_pss_mb(root: int) -> float:
    """Proportional set size of ``root`` and its descendants, in MB (0 where
    /proc cannot tell)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as handle:
                stack += [int(child) for child in handle.read().split()]
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return total / 1024


def compile_pixmod() -> None:
    """Byte-compile the pixmod under test, as pip does when it installs the
    wheel. An editable install run with PYTHONDONTWRITEBYTECODE (set on the
    machines here) would compile every pixmod module on every run, ~40 ms
    that users of the installed package never pay (LibCST's modules are
    compiled at install)."""
    import compileall

    import pixmod
    import pixmod.codemods

    for path in {*pixmod.__path__, *pixmod.codemods.__path__}:
        compileall.compile_dir(path, quiet=1)


def median_of(repeat: int, run) -> tuple[float, float]:
    """Median wall time of ``repeat`` runs, and the peak memory of one more."""
    walls = [run(memory=False)[0] for _ in range(repeat)]
    return statistics.median(walls), run(memory=True)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--libcst-sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    libcst_sizes = {int(s) for s in args.libcst_sizes.split(",") if s}
    pixmod = [sys.executable, "-m", "pixmod"]
    compile_pixmod()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pixmod-bench-") as tmp:
        os.environ["PIXMOD_CACHE_DIR"] = str(Path(tmp) / "cache")  # the warm runs' cache, thrown away after
        for size in sizes:
            tree = make_tree(Path(tmp) / f"tree-{size}", size)
            def pixmod_run(*words: str, target: Path = tree, memory: bool = False) -> tuple[float, float]:
                return measure([*pixmod, *words, "--quiet", str(target)], memory=memory)

            def cold_and_warm(*words: str, target: Path = tree) -> tuple[tuple[float, float], tuple[float, float]]:
                cold = median_of(args.repeat, lambda memory: pixmod_run(*words, "--no-cache", target=target, memory=memory))
                pixmod_run(*words, target=target)  # fills the cache
                return cold, median_of(args.repeat, lambda memory: pixmod_run(*words, target=target, memory=memory))

            check, check_warm = cold_and_warm("check")
            diff = median_of(args.repeat, lambda memory: pixmod_run("apply", "--diff", "--no-cache", memory=memory))
            only = median_of(args.repeat, lambda memory: pixmod_run(
                "apply", "--diff", "--no-cache", "--only", "stat-engine-factory", memory=memory))
            applied = Path(tmp) / f"applied-{size}"
            shutil.copytree(tree, applied)
            subprocess.run([*pixmod, "apply", "--quiet", "--no-cache", str(applied)], check=True)
            clean, clean_warm = cold_and_warm("check", target=applied)
            libcst = None
            if size in libcst_sizes:
                def run_libcst(memory: bool, tree: Path = tree) -> tuple[float, float]:
                    copy = Path(tmp) / "libcst-copy"
                    shutil.rmtree(copy, ignore_errors=True)
                    shutil.copytree(tree, copy)
                    return measure([sys.executable, "-m", "libcst.tool", "codemod", "rename.RenameCommand",
                                    f"--old_name={PKG}.domain.stats.StatEngine",
                                    f"--new_name={PKG}.domain.stats.create_stat_engine", "."], cwd=copy, memory=memory)
                libcst = median_of(args.repeat, run_libcst)
            rows.append((size, check, check_warm, clean, clean_warm, diff, only, libcst))
            print(f"measured {size} files", file=sys.stderr)
    print(f"\nmedian of {args.repeat} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          "cold: --no-cache, warm: the analysis cache filled by a previous run\n")
    print("| files | check, pending, cold | check, pending, warm | check, applied, cold | check, applied, warm "
          "| apply --diff, cold | --only stat-engine-factory, cold | LibCST rename | LibCST / pixmod (same migration) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, *runs, libcst in rows:
        cells = " | ".join(f"{wall:.2f} s, {rss:.0f} MB" for wall, rss in runs)
        lib = f"{libcst[0]:.2f} s, {libcst[1]:.0f} MB" if libcst else "not run"
        ratio = f"{libcst[0] / runs[-1][0]:.0f}x" if libcst else ""
        print(f"| {size} | {cells} | {lib} | {ratio} |")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        labels = ("check (pending, cold)", "check (pending, warm)", "check (applied, cold)", "check (applied, warm)")
        for column, label in enumerate(labels, 1):
            growth = last[column][0] / first[column][0]
            print(f"pixmod {label}: {growth:.1f}x the time for {last[0] / first[0]:.0f}x the files ({first[0]} -> {last[0]})")

if __name__ == "__main__":
    main()
