"""Rule options: ``[tool.pixmod.rules.<CODE>]`` and ``--set CODE.KEY=VALUE``,
validated by the rule's ``OPTIONS`` at load; their effect on PX003; and a
warm (cached) check after the configuration changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixmod.cli import main
from pixmod.config import ConfigError, load_config
from pixmod.formatting import Style
from pixmod.project import Project
from pixmod.rules import RULES
from pixmod.rules.px003_self_built_dependencies import SelfBuiltDependencies

from .conftest import write_tree

MANAGER = {
    "app/__init__.py": "",
    "app/cache.py": "class CacheManager:\n    def __init__(self, url):\n        self.url = url\n",
    "app/svc.py": "from app.cache import CacheManager\n\n\nclass Service:\n    def __init__(self, url):\n        self.cache = CacheManager(url)\n",
}
MESSAGE = "Service creates its {} itself; accept it as an optional keyword-only argument"


def _found(root: Path, **options) -> list[tuple[str, int, int, str]]:
    rule = SelfBuiltDependencies(options=options)
    return [(f.path, f.line, f.col, f.message) for f in rule.check(Project(root, style=Style()))]


def test_defaults_are_the_declared_options() -> None:
    rule = SelfBuiltDependencies()
    assert rule.options == {o.name: o.default for o in SelfBuiltDependencies.OPTIONS}
    assert set(rule.options) == {"collaborator_classes", "collaborator_params", "clients", "not_collaborators"}
    assert all(isinstance(value, tuple) for value in rule.options.values())  # lists are frozen for the run


def test_a_configured_class_pattern_makes_a_collaborator(tmp_path) -> None:
    """VALID by default (a *Manager is no collaborator), INVALID with it added."""
    root = write_tree(tmp_path, MANAGER)
    assert _found(root) == []
    classes = [*SelfBuiltDependencies.OPTIONS[0].default, "*Manager"]
    assert _found(root, collaborator_classes=classes) == [("app/svc.py", 6, 22, MESSAGE.format("CacheManager"))]
    # a list replaces the default: *Service alone no longer covers a *Manager
    assert _found(root, collaborator_classes=["*Service"]) == []
    # a pattern with a dot is matched against the qualified name
    assert len(_found(root, collaborator_classes=["app.cache.*"])) == 1


def test_not_collaborators_is_the_teams_escape_hatch(tmp_path) -> None:
    files = {
        "app/__init__.py": "",
        "app/stats.py": "class StatEngine:\n    pass\n",
        "app/svc.py": "import httpx\nfrom app.stats import StatEngine\n\n\nclass Service:\n    def __init__(self):\n"
                      "        self.engine = StatEngine()\n        self.http = httpx.AsyncClient()\n",
    }
    root = write_tree(tmp_path, files)
    assert [f[3] for f in _found(root)] == [MESSAGE.format("StatEngine"), MESSAGE.format("httpx.AsyncClient")]
    assert [f[3] for f in _found(root, not_collaborators=["app.stats.StatEngine"])] == [MESSAGE.format("httpx.AsyncClient")]
    assert [f[3] for f in _found(root, not_collaborators=["StatEngine", "httpx.*"])] == []


def test_collaborator_params_and_clients(tmp_path) -> None:
    files = {
        "app/__init__.py": "",
        "app/store.py": "class Store:\n    def __init__(self, backend):\n        self.backend = backend\n",
        "app/svc.py": "from pyfoo import FooApi, Thing\nfrom app.store import Store\n\n\nclass Service:\n    def __init__(self, backend, host):\n"
                      "        self.store = Store(backend)\n        self.api = FooApi(host, transport=backend)\n        self.thing = Thing()\n",
    }
    root = write_tree(tmp_path, files)
    assert _found(root) == []
    # a tree class taking a 'backend', and a third-party class given one, become collaborators
    assert [f[3] for f in _found(root, collaborator_params=["backend", "transport"])] == [
        MESSAGE.format("Store"), MESSAGE.format("FooApi"),
    ]
    assert [f[3] for f in _found(root, clients=["pyfoo.Thing"])] == [MESSAGE.format("Thing")]


def test_the_parameter_patterns_reach_the_per_file_analysis_as_its_arguments() -> None:
    """Declared with the patterns as arguments: part of its cache key."""
    rule = SelfBuiltDependencies(options={"collaborator_params": ["store"]})

    class Tree:  # just what analyses() asks of a project
        def files_containing(self, text):
            return ["app/svc.py"]

        def files_where(self, predicate, paths):
            return paths

    creations = rule.analyses(Tree())[0]
    assert creations.args[1:] == (("store",),)


def test_an_unknown_option_given_to_a_rule_is_refused() -> None:
    with pytest.raises(KeyError, match="PX003 has no option 'colaborator_classes'"):
        SelfBuiltDependencies(options={"colaborator_classes": []})


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[tool.pixmod.rules.PX003]\ncolaborator_classes = ["*Manager"]\n',
         "unknown key 'colaborator_classes' in [tool.pixmod.rules.PX003] (known: collaborator_classes, collaborator_params, clients, not_collaborators)"),
        ('[tool.pixmod.rules.PX003]\ncollaborator_classes = "*Manager"\n',
         '[tool.pixmod.rules.PX003] collaborator_classes must be a list of strings, not "*Manager"'),
        ('[tool.pixmod.rules.PX003]\nnot_collaborators = [1]\n',
         "[tool.pixmod.rules.PX003] not_collaborators must be a list of strings, not [1]"),
        ('[tool.pixmod.rules]\nPX003 = 1\n', "[tool.pixmod.rules.PX003] must be a table"),
        ('[tool.pixmod.rules.PX999]\nx = 1\n', "unknown key 'PX999' in [tool.pixmod.rules]"),
        ('[tool.pixmod.rules.PX004]\nx = 1\n', "unknown key 'x' in [tool.pixmod.rules.PX004] (known: none)"),
    ],
)
def test_rule_tables_are_validated_at_load(tmp_path, toml, message) -> None:
    (tmp_path / "pyproject.toml").write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, None, {})
    assert message in str(caught.value)
    write_tree(tmp_path, MANAGER)
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output


def test_config_values_reach_the_run(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pixmod.rules.px003]\ncollaborator_classes = ["*Manager"]\n')
    config = load_config(tmp_path, None, {}, ["PX003.not_collaborators=app.x.Y,*Value"])
    assert config.rules == {"PX003": {"collaborator_classes": ("*Manager",), "not_collaborators": ("app.x.Y", "*Value")}}
    assert config.rule_options["PX003"]["collaborator_classes"] == ("*Manager",)
    assert config.rule_options["PX003"]["clients"] == SelfBuiltDependencies.OPTIONS[2].default
    assert set(config.rule_options) == {r.code for r in RULES}


def _check(root: Path, *args: str, cache: bool = False) -> tuple[int, list[tuple[str, str]]]:
    flags = ["-j", "1"] if cache else ["--no-cache"]
    result = CliRunner().invoke(main, ["check", *flags, "--output-format", "json", *args, str(root)])
    data = json.loads(result.stdout) if result.exit_code in (0, 1) else {"findings": []}
    return result.exit_code, [(f["code"], f["message"]) for f in data["findings"]]


def test_set_a_rule_option_from_the_command_line(tmp_path) -> None:
    root = write_tree(tmp_path, MANAGER)
    assert _check(root) == (0, [])
    assert _check(root, "--set", "PX003.collaborator_classes=*Service,*Manager") == (0, [("PX003", MESSAGE.format("CacheManager"))])
    assert _check(root, "--set", "px003.collaborator_classes=*Manager")[1] == [("PX003", MESSAGE.format("CacheManager"))]
    # over the file
    (root / "pyproject.toml").write_text('[tool.pixmod.rules.PX003]\ncollaborator_classes = ["*Manager"]\n')
    assert _check(root)[1] == [("PX003", MESSAGE.format("CacheManager"))]
    assert _check(root, "--set", "PX003.collaborator_classes=*Service") == (0, [])
    for bad, message in [
        ("PX003.nope=1", "unknown option 'nope' of PX003"),
        ("PX999.x=1", "unknown codemod or rule 'PX999'"),
    ]:
        result = CliRunner().invoke(main, ["check", "--no-cache", "--set", bad, str(root)])
        assert result.exit_code == 2 and message in result.output, result.output


def test_a_warm_check_after_a_config_change_gives_the_new_result(tmp_path, monkeypatch) -> None:
    """The replayed check is keyed by the configuration's bytes, and each
    per-file analysis by its arguments: a cached run never answers for
    other options. Here the parameter patterns change what the per-file
    analysis records (whether FooApi is given a client)."""
    monkeypatch.setenv("PIXMOD_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree(tmp_path / "tree", {
        **MANAGER,
        "app/api.py": "from pyfoo import FooApi\n\n\nclass Service:\n    def __init__(self, host, pool):\n        self.api = FooApi(host, pool)\n",
    })
    api = ("PX003", MESSAGE.format("FooApi"))
    manager = ("PX003", MESSAGE.format("CacheManager"))
    assert _check(root, cache=True) == (0, [])
    assert _check(root, cache=True) == (0, [])  # replayed
    pyproject = root / "pyproject.toml"
    pyproject.write_text('[tool.pixmod.rules.PX003]\ncollaborator_params = ["pool"]\n')
    assert _check(root, cache=True) == (0, [api])
    pyproject.write_text('[tool.pixmod.rules.PX003]\ncollaborator_params = ["pool"]\ncollaborator_classes = ["*Manager"]\n')
    assert _check(root, cache=True) == (0, [api, manager])
    pyproject.write_text("")
    assert _check(root, cache=True) == (0, [])
    assert _check(root, "--set", "PX003.collaborator_params=pool", cache=True) == (0, [api])
    assert _check(root, "--select", "PX003", cache=True) == (0, [])  # analyses of both kinds cached: each its own


def test_rules_command_shows_the_options_as_toml_to_paste() -> None:
    import tomllib

    result = CliRunner().invoke(main, ["rules", "PX003"])
    assert result.exit_code == 0
    text = result.output
    assert "## Options" in text
    for option in SelfBuiltDependencies.OPTIONS:
        assert f"- {option.name} (a list of strings): {option.help}" in text
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    pasted = tomllib.loads(block)["tool"]["pixmod"]["rules"]["PX003"]
    assert pasted == {o.name: list(o.default) for o in SelfBuiltDependencies.OPTIONS}
    data = json.loads(CliRunner().invoke(main, ["rules", "PX003", "--output-format", "json"]).output)
    assert [(o["name"], o["default"]) for o in data["options"]] == [(o.name, list(o.default)) for o in SelfBuiltDependencies.OPTIONS]
    assert "## Options" not in CliRunner().invoke(main, ["rules", "PX004"]).output  # no options, no section
