"""Project: which files it sees, module names, the package it picks."""

from __future__ import annotations

import os
from pathlib import Path

from pixmod.formatting import Style
from pixmod.project import Project


def _touch(root: Path, *rels: str) -> None:
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_repo_root_with_other_folders(tmp_path) -> None:
    _touch(
        tmp_path,
        "pixsim7/__init__.py", "pixsim7/backend/__init__.py", "pixsim7/backend/main/__init__.py",
        "pixsim7/backend/main/startup.py", "pixsim7/backend/main/domain/__init__.py",
        "pixsim7/backend/main/domain/stats/__init__.py", "pixsim7/backend/main/domain/stats/engine.py",
        "tests/__init__.py", "tests/test_x.py", "scripts/tool.py", "setup.py",
    )
    (tmp_path / "pixsim7/__init__.py").write_text("")
    (tmp_path / "pixsim7/backend/__init__.py").write_text("")
    project = Project(tmp_path, style=Style())
    assert project.package == "pixsim7.backend.main"
    assert project.module_name("pixsim7/backend/main/domain/stats/engine.py") == "pixsim7.backend.main.domain.stats.engine"
    assert project.module_name("pixsim7/backend/main/domain/stats/__init__.py") == "pixsim7.backend.main.domain.stats"
    assert project.package_of("pixsim7/backend/main/startup.py") == "pixsim7.backend.main"
    assert project.module_name("scripts/tool.py") == "tool"
    assert project.area_of("pixsim7/backend/main/domain/stats/engine.py") == "domain/stats"
    assert project.path_of_module("pixsim7.backend.main.startup") == "pixsim7/backend/main/startup.py"


def test_path_inside_the_package_keeps_full_module_names(tmp_path) -> None:
    _touch(tmp_path, "app/__init__.py", "app/core/__init__.py", "app/core/mod.py")
    project = Project(tmp_path / "app" / "core", style=Style())
    assert project.module_name("mod.py") == "app.core.mod"


def test_skipped_folders_and_symlinks(tmp_path) -> None:
    _touch(
        tmp_path,
        "app/__init__.py", "app/mod.py", ".git/hooks/x.py", "node_modules/m/x.py", "build/lib/x.py",
        "dist/x.py", ".venv/lib/x.py", "env2/lib/x.py", "app.egg-info/x.py", "app/__pycache__/x.py",
    )
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    os.symlink(tmp_path / "app", tmp_path / "linked")
    os.symlink(tmp_path / "app" / "mod.py", tmp_path / "app" / "alias.py")
    assert Project(tmp_path, style=Style()).files == ["app/__init__.py", "app/mod.py"]


def test_exclude_globs(tmp_path) -> None:
    _touch(tmp_path, "app/__init__.py", "app/mod.py", "app/gen/x.py", "scripts/a.py")
    project = Project(tmp_path, style=Style(), exclude=["app/gen", "scripts/*"])
    assert project.files == ["app/__init__.py", "app/mod.py"]


def test_config_package_overrides_guess(tmp_path) -> None:
    _touch(tmp_path, "app/__init__.py", "app/mod.py", "other/__init__.py")
    assert Project(tmp_path, style=Style(), package="other").package == "other"


def test_files_containing_sees_this_runs_edits_and_new_files(tmp_path) -> None:
    from pixmod.model import FileChange

    (tmp_path / "a.py").write_text("engine = StatEngine()\n")
    (tmp_path / "b.py").write_text("x = 1\n")
    (tmp_path / "c.py").write_bytes(b"\xff\xfe\x00bad")
    project = Project(tmp_path, style=Style())
    assert project.files_containing("StatEngine") == ["a.py"]
    assert "c.py" in project.unreadable()
    project.apply(FileChange("a.py", "engine = create_stat_engine()\n"))
    project.apply(FileChange("b.py", "engine = StatEngine()\n"))
    project.apply(FileChange("d.py", "from x import StatEngine\n", created=True))
    assert project.files_containing("StatEngine") == ["b.py", "d.py"]
    assert project.files_containing("engine", "create_") == ["a.py"]
    assert project.files_containing() == ["a.py", "b.py", "d.py"]


def test_files_containing_answers_again_after_edits_as_if_asked_afresh(tmp_path) -> None:
    from pixmod.model import FileChange

    for name in "abcde":
        (tmp_path / f"{name}.py").write_text("engine = StatEngine()\n" if name in "bd" else "x = 1\n")
    project = Project(tmp_path, style=Style())
    asked = [("StatEngine",), ("engine", "Stat"), ("x",)]
    for needles in asked:
        project.files_containing(*needles)  # remembered from now on
    project.apply(FileChange("b.py", "x = 2\n"))
    project.apply(FileChange("e.py", "engine = StatEngine()\n"))
    project.apply(FileChange("a.py", "engine = StatEngine(x)\n"))
    for needles in asked:
        fresh = Project(tmp_path, style=Style())
        for rel in "abe":
            fresh.apply(FileChange(f"{rel}.py", project.text(f"{rel}.py")))
        assert project.files_containing(*needles) == fresh.files_containing(*needles), needles
    assert project.files_containing("StatEngine") == ["a.py", "d.py", "e.py"]
