"""Mutation fuzzing over the sample backend: whatever is done to its files,
pixmod answers with exit 0, 1 or 2 and a message, never a traceback."""

from __future__ import annotations

import random
import shutil

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pixmod.cli import main

from .conftest import SAMPLE

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
