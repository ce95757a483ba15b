"""Mutation fuzzing over the sample backend: whatever is done to its files,
pixmod answers with exit 0, 1 or 2 and a message, never a traceback; and
the installed CLI, interrupted at a random moment, leaves the tree as it
was or as a whole run leaves it, never in between."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pixmod.cli import main

from .conftest import PIXMOD, SAMPLE, default_sigint, read_tree

TARGETS = [
    "pixsim7/backend/main/startup.py",
    "pixsim7/backend/main/main.py",
    "pixsim7/backend/main/domain/stats/__init__.py",
    "pixsim7/backend/main/domain/stats/engine.py",
    "pixsim7/backend/main/domain/stats/package_registry.py",
    "pixsim7/backend/main/domain/brain/engine.py",
    "pixsim7/backend/main/services/characters/prompt_context_service.py",
    "pixsim7/backend/main/shared/schemas/generation_schemas.py",
    "pixsim7/backend/main/shared/schemas/__init__.py",
    "pixsim7/backend/main/api/v1/generations.py",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    kind = rng.choice(["delete", "duplicate", "garble", "truncate", "nul", "swap", "indent"])
    i = rng.randrange(len(lines))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "garble" and lines[i]:
        chars = bytearray(lines[i])
        chars[rng.randrange(len(chars))] = rng.choice(b"()[]{}:;,.'\"#\\ \t=x\xff")
        lines[i] = bytes(chars)
    elif kind == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    elif kind == "nul":
        lines[i] = lines[i] + b"\x00"
    elif kind == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = b"  " + lines[i]
    return b"\n".join(lines)


@given(st.randoms(use_true_random=False), st.integers(1, 4), st.sampled_from(["check", "apply", "diff"]))
def test_mutated_sample_never_crashes(tmp_path_factory, rng, count, action) -> None:
    root = tmp_path_factory.mktemp("fuzz") / "t"
    shutil.copytree(SAMPLE, root)
    for _ in range(count):
        path = root / rng.choice(TARGETS)
        path.write_bytes(mutate(path.read_bytes(), rng))
    args = {"check": ["check"], "apply": ["apply"], "diff": ["apply", "--diff"]}[action]
    result = CliRunner().invoke(main, [*args, "-j", "1", str(root)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.output.strip(), "pixmod said nothing"


PADDING = "from pixsim7.backend.main.domain.stats import StatEngine\n\n\ndef build_{i}():\n    return StatEngine()\n"


@settings(max_examples=3, deadline=None)
@given(
    st.randoms(use_true_random=False), st.integers(0, 2),
    st.sampled_from([signal.SIGINT, signal.SIGTERM, signal.SIGHUP]), st.floats(0, 1),
)
def test_interrupted_cli_leaves_the_tree_all_old_or_all_new(tmp_path_factory, rng, count, signum, moment) -> None:
    """The real command, its process group sent a signal either while it
    writes (when the first file changes, plus up to 20 ms) or at any moment
    of the run."""
    base = tmp_path_factory.mktemp("interrupted")
    root = base / "t"
    shutil.copytree(SAMPLE, root)
    padding = root / "pixsim7/backend/main/services/padding"  # a write long enough to land in
    padding.mkdir()
    (padding / "__init__.py").write_text("")
    for i in range(80):
        (padding / f"m{i:03}.py").write_text(PADDING.format(i=i))
    for _ in range(count):
        path = root / rng.choice(TARGETS)
        path.write_bytes(mutate(path.read_bytes(), rng))
    reference = base / "reference"
    shutil.copytree(root, reference)
    CliRunner().invoke(main, ["apply", "-j", "1", str(reference)])
    old, new = read_tree(root), read_tree(reference)
    mtimes = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}

    proc = subprocess.Popen(
        [str(PIXMOD), "apply", "-j", "2", str(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=default_sigint,
    )
    if moment < 0.5:  # during the write
        while proc.poll() is None and all(p.stat().st_mtime_ns == m for p, m in mtimes.items()):
            time.sleep(0.001)
        time.sleep(moment * 0.04)
    else:  # anywhere in the run once pixmod holds the tree: analysis, planning, the write, the exit
        # (not earlier: before any pixmod code runs, Python's own start-up
        # takes a Ctrl-C with a KeyboardInterrupt traceback)
        locks = Path(os.environ["PIXMOD_CACHE_DIR"]) / "locks"
        while proc.poll() is None and not any(locks.glob("*.lock")):
            time.sleep(0.001)
        time.sleep((moment - 0.5) * 4)
    if proc.poll() is None:
        os.killpg(proc.pid, signum)
    _, err = proc.communicate(timeout=120)

    after = read_tree(root)
    assert after in (old, new), f"a mixed tree after {signal.Signals(signum).name}: {err[-500:]}"
    assert "Traceback" not in err
    assert proc.returncode in (0, 2, 128 + signum), err[-500:]
    if proc.returncode == 128 + signum:
        assert err.rstrip().splitlines()[-1].startswith(f"pixmod: interrupted by {signal.Signals(signum).name}: ")
        assert ("nothing was written" in err) == (after == old)
