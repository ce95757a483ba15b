"""The real-code corpus: pinned projects from the package index, fetched once and cached.

pixmod is run on code nobody here wrote: applications and libraries, pinned
so that figures and labelled findings stay comparable between runs. Each
project is fetched as a wheel with ``pip download`` (the only network this
needs is the package index) and unpacked, Python files only, into

    $PIXMOD_CORPUS_DIR (default ~/.cache/pixmod-corpus)/trees/<name>-<version>/

Usage::

    python bench/corpus.py                 # fetch every project, print "name path" lines
    python bench/corpus.py sqlalchemy      # fetch some
    python bench/corpus.py --offline       # print what is cached, fetch nothing

From Python, :func:`tree` returns a project's folder, fetching it when
needed, or ``None`` when it cannot be had (no network, no pip).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    name: str  # distribution name on the package index
    version: str
    kind: str  # "application" or "library"

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"


#: Pinned. Change a version only together with the labels and figures that depend on it.
PROJECTS: tuple[Project, ...] = (
    Project("homeassistant", "2024.3.3", "application"),
    Project("apache-airflow", "2.9.3", "application"),
    Project("apache-superset", "5.0.0", "application"),  # a Flask application
    Project("prefect", "2.16.9", "application"),  # a FastAPI server inside
    Project("neutron", "29.0.0", "application"),  # a 2,080-file backend service (OpenStack networking), tests included
    Project("sqlalchemy", "2.0.28", "library"),
    Project("django", "5.0.3", "library"),
    Project("flask", "3.0.2", "library"),
)

BY_NAME = {p.name: p for p in PROJECTS}


def cache_dir() -> Path:
    return Path(os.environ.get("PIXMOD_CORPUS_DIR") or Path.home() / ".cache" / "pixmod-corpus")


def tree(name: str, *, fetch: bool = True) -> Path | None:
    """The unpacked tree of project ``name``; fetched if missing and ``fetch``."""
    project = BY_NAME[name]
    folder = cache_dir() / "trees" / project.key
    if (folder / ".complete").exists():
        return folder
    if not fetch:
        return None
    wheel = _download(project)
    if wheel is None:
        return None
    _unpack(wheel, folder)
    return folder


def _download(project: Project) -> Path | None:
    wheels = cache_dir() / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    found = _find_wheel(wheels, project)
    if found:
        return found
    # Pure or not, the sources are the same: ask for a CPython 3.12 wheel so
    # a pin is found whatever Python runs this script.
    cmd = [
        sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
        "--python-version", "3.12", "--dest", str(wheels), f"{project.name}=={project.version}",
    ]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"corpus: cannot fetch {project.key}: {exc}", file=sys.stderr)
        return None
    return _find_wheel(wheels, project)


def _find_wheel(folder: Path, project: Project) -> Path | None:
    stem = project.name.replace("-", "_").lower()
    for wheel in sorted(folder.glob("*.whl")):
        dist, _, rest = wheel.name.partition("-")
        if dist.lower() == stem and rest.startswith(project.version + "-"):
            return wheel
    return None


def _unpack(wheel: Path, folder: Path) -> None:
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent if folder.parent.exists() else None))
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if member.endswith(".py") and ".dist-info/" not in member and ".data/" not in member:
                archive.extract(member, partial)
    (partial / ".complete").write_text(wheel.name + "\n")
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial.rename(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="projects (default: all)")
    parser.add_argument("--offline", action="store_true", help="fetch nothing; list what is cached")
    args = parser.parse_args(argv)
    names = args.names or [p.name for p in PROJECTS]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown project(s): {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    missing = 0
    for name in names:
        folder = tree(name, fetch=not args.offline)
        if folder is None:
            missing += 1
            print(f"{name} -", flush=True)
        else:
            print(f"{name} {folder}", flush=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
