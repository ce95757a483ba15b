"""Shared fixtures and the ``--update-golden`` flag."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import tempfile

import pytest

# pixmod's analysis cache goes to a throwaway folder, for the tests and the
# pixmod processes they start, never to the user's ~/.cache.
os.environ["PIXMOD_CACHE_DIR"] = tempfile.mkdtemp(prefix="pixmod-test-cache-")

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "golden"
SAMPLE = GOLDEN / "pipeline" / "sample-backend" / "before"


# The installed console script, for tests that drive pixmod as a user does.
PIXMOD = Path(sys.executable).with_name("pixmod")


ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def default_sigint() -> None:
    """For a child process (``preexec_fn``): Ctrl-C and ``kill`` act as in a
    terminal's foreground job, even when the tests run in the background
    (where the shell starts them with SIGINT ignored) or after a test left
    this process ignoring a signal (children inherit SIG_IGN, and pixmod
    rightly keeps a signal ignored from the start ignored)."""
    for signum in ENDING_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)


@pytest.fixture(autouse=True)
def _restore_signal_handlers():
    """A test that runs the console script in this process (which ignores
    the ending signals once its command is over) must not leave the rest of
    the suite, and the processes it starts, ignoring them."""
    saved = {signum: signal.getsignal(signum) for signum in ENDING_SIGNALS}
    yield
    for signum, handler in saved.items():
        if handler is not None:
            signal.signal(signum, handler)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite each golden case's summary.toml and after/ (changed and new files only) from pixmod's output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
    return dst


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of the test's own (PIXMOD_CACHE_DIR)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(folder))
    return folder


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (POSIX relative path -> text) under ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def age(*paths: Path, seconds: int = 60) -> None:
    """Move the files' modification times ``seconds`` into the past: a run
    trusts the stat of a file modified well before it (one modified just
    before is "racy", and read again: see pixmod.cache.RACY_NS)."""
    for path in paths:
        then = path.stat().st_mtime_ns - seconds * 10**9
        os.utime(path, ns=(then, then))


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (no caches), by POSIX relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    return copy_tree(SAMPLE, tmp_path / "sample")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def git_repo(tmp_path):
    """A factory: copy a tree into a fresh git repo with one commit."""

    def make(src: Path) -> Path:
        root = copy_tree(src, tmp_path / "repo")
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "init")
        return root

    return make


# Property and fuzz tests: a bounded profile for CI (the CI variable is set
# there), a longer one by default on a developer's machine; choose with
# --hypothesis-profile=ci|dev|thorough.
from hypothesis import HealthCheck, settings  # noqa: E402

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("ci", max_examples=12, **_common)
settings.register_profile("dev", max_examples=30, **_common)
settings.register_profile("thorough", max_examples=400, **_common)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
