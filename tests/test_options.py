"""Typed options: one definition per setting, validated at load, from the
config file or the command line (``--set``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pixmod.cli import main
from pixmod.config import TOP_LEVEL, ConfigError, load_config, parse_assignment
from pixmod.options import Option, OptionError
from pixmod.registry import pipeline

from .conftest import GOLDEN, copy_tree, read_tree
from .test_golden import expected_tree

OPTIONS = {c.name: c.options for c in pipeline()}
LAZY = GOLDEN / "schemas-barrel" / "lazy-default"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def _config(tmp_path: Path, toml: str, *assignments: str):
    (tmp_path / "pyproject.toml").write_text(toml)
    return load_config(tmp_path, None, OPTIONS, assignments)


# -- the Option type ------------------------------------------------------------


def test_type_is_inferred_from_the_default() -> None:
    assert Option("n", 2, "").type is int
    assert Option("b", False, "").type is bool
    assert Option("s", "x", "").type is str
    assert Option("unset", None, "").type is str
    assert Option("l", ["a"], "").type is list and Option("l", ["a"], "").default == ("a",)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (Option("n", 2, "", minimum=1), "2", 'n must be an integer >= 1, not "2"'),
        (Option("n", 2, "", minimum=1), 0, "n must be an integer >= 1, not 0"),
        (Option("n", 2, ""), True, "n must be an integer, not true"),
        (Option("f", False, ""), "false", 'f must be true or false, not "false"'),
        (Option("s", "lazy", "", choices=("lazy", "eager")), "Eager", 's must be one of "lazy", "eager", not "Eager"'),
        (Option("l", [], ""), "a", 'l must be a list of strings, not "a"'),
        (Option("l", [], ""), ["a", 1], 'l must be a list of strings, not ["a", 1]'),
        (Option("p", None, ""), 3, "p must be a string, not 3"),
    ],
)
def test_a_wrong_value_names_the_key_and_the_expected_type(option, value, message) -> None:
    with pytest.raises(OptionError) as caught:
        option.validate(value, option.name)
    assert str(caught.value) == message


def test_command_line_text_is_parsed_by_the_options_type() -> None:
    assert Option("n", 2, "").parse(" 3 ", "n") == 3
    assert Option("b", False, "").parse("TRUE", "b") is True and Option("b", True, "").parse("no", "b") is False
    assert Option("l", [], "").parse("a, b,", "l") == ("a", "b")
    assert Option("s", "lazy", "", choices=("lazy", "eager")).parse("eager", "s") == "eager"
    with pytest.raises(OptionError, match='x must be an integer, not "two"'):
        Option("n", 2, "").parse("two", "x")


def test_a_default_must_fit_its_own_option() -> None:
    with pytest.raises(OptionError):
        Option("s", "neither", "", choices=("lazy", "eager"))


def test_every_declared_option_is_typed_and_described() -> None:
    for options in (*OPTIONS.values(), TOP_LEVEL.values()):
        for option in options:
            assert option.type is not None and option.help
            assert option.name in option.describe()


# -- load_config ------------------------------------------------------------------


def test_config_values_are_validated_at_load(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r'\[tool.pixmod.schemas-barrel\] min_areas must be an integer >= 1, not "2"'):
        _config(tmp_path, '[tool.pixmod.schemas-barrel]\nmin_areas = "2"\n')
    with pytest.raises(ConfigError, match=r'\[tool.pixmod\] format must be true or false, not "false"'):
        _config(tmp_path, '[tool.pixmod]\nformat = "false"\n')
    with pytest.raises(ConfigError, match=r'\[tool.pixmod\] only must be a list of strings, not "schemas-barrel"'):
        _config(tmp_path, '[tool.pixmod]\nonly = "schemas-barrel"\n')
    with pytest.raises(ConfigError, match=r"\[tool.pixmod\] must be a table"):
        _config(tmp_path, '[tool]\npixmod = 3\n')


def test_options_merge_defaults_file_and_command_line(tmp_path) -> None:
    config = _config(tmp_path, "[tool.pixmod.schemas-barrel]\nmin_areas = 3\narea_depth = 1\n", "schemas-barrel.area_depth=2")
    barrel = config.options["schemas-barrel"]
    assert (barrel["min_areas"], barrel["area_depth"], barrel["barrel_style"]) == (3, 2, "lazy")
    assert config.codemods == {"schemas-barrel": {"min_areas": 3, "area_depth": 2}}
    assert config.options["prompt-context-di"]["targets"] == ("PromptContextService",)


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("schemas-barrel.barrel_style", "expected CODEMOD.OPTION=VALUE"),
        ("barrel_style=eager", "expected CODEMOD.OPTION=VALUE"),
        ("no-such.x=1", "unknown codemod 'no-such'"),
        ("schemas-barrel.style=eager", "unknown option 'style' of schemas-barrel (known: schemas_package, min_areas"),
        ("schemas-barrel.barrel_style=fast", '--set schemas-barrel.barrel_style must be one of "lazy", "eager", not "fast"'),
        ("schemas-barrel.min_areas=two", '--set schemas-barrel.min_areas must be an integer >= 1, not "two"'),
    ],
)
def test_bad_assignments_are_usage_errors(assignment, message) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_assignment(assignment, OPTIONS)
    assert message in str(caught.value)


# -- the command line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[tool.pixmod.schemas-barrel]\nmin_areas = "2"\n', '[tool.pixmod.schemas-barrel] min_areas must be an integer >= 1, not "2"'),
        ('[tool.pixmod]\nformat = "false"\n', '[tool.pixmod] format must be true or false, not "false"'),
        ('[tool.pixmod.schemas-barrel]\nbarrel_style = "fast"\n', 'barrel_style must be one of "lazy", "eager", not "fast"'),
        ('[tool.pixmod.prompt-context-di]\ntargets = "PromptContextService"\n', "targets must be a list of strings"),
        ('[tool.pixmod]\npackage = 7\n', "[tool.pixmod] package must be a string, not 7"),
    ],
)
def test_cli_bad_config_value_exits_2_naming_key_and_type(tmp_path, toml, message) -> None:
    tree = copy_tree(LAZY / "before", tmp_path / "tree")
    (tree / "pyproject.toml").write_text(toml)
    for command in ("check", "apply"):
        result = cli(command, str(tree))
        assert result.exit_code == 2, result.output
        assert message in result.output and "internal error" not in result.output
    assert not (tree / "app" / "shared" / "schemas" / "__init__.py").read_text().strip()


def test_cli_set_reaches_a_codemod_option(tmp_path) -> None:
    eager = GOLDEN / "schemas-barrel" / "eager-style"
    tree = copy_tree(eager / "before", tmp_path / "tree")
    (tree / "pyproject.toml").unlink()  # the file pins eager: --set alone must do it
    assert cli("apply", "--only", "schemas-barrel", "--set", "schemas-barrel.barrel_style=eager", str(tree)).exit_code == 0
    expected = expected_tree(eager)
    expected.pop("pyproject.toml")
    assert read_tree(tree) == expected


def test_cli_set_overrides_the_config_file(tmp_path) -> None:
    tree = copy_tree(GOLDEN / "schemas-barrel" / "eager-style" / "before", tmp_path / "tree")
    result = cli("apply", "--diff", "--only", "schemas-barrel", "--set", "schemas-barrel.barrel_style=lazy", str(tree))
    assert result.exit_code == 0 and "def __getattr__" in result.output


def test_cli_bad_set_exits_2(tmp_path) -> None:
    tree = copy_tree(LAZY / "before", tmp_path / "tree")
    before = read_tree(tree)
    for value, message in [
        ("schemas-barrel.min_areas=0", "--set schemas-barrel.min_areas must be an integer >= 1, not 0"),
        ("schemas-barrel.barrel_style=Eager", 'must be one of "lazy", "eager", not "Eager"'),
        ("schemas-barrel=eager", "expected CODEMOD.OPTION=VALUE"),
    ]:
        result = cli("apply", "--set", value, str(tree))
        assert result.exit_code == 2 and message in result.output, result.output
    assert read_tree(tree) == before


def test_barrel_style_flag_is_an_alias_of_set(tmp_path) -> None:
    tree = copy_tree(LAZY / "before", tmp_path / "tree")
    result = cli("apply", "--diff", "--barrel-style", "eager", str(tree))
    assert result.exit_code == 0 and "__getattr__" not in result.output and "+from " in result.output
    bad = cli("apply", "--diff", "--barrel-style", "fast", str(tree))
    assert bad.exit_code == 2 and 'barrel_style must be one of "lazy", "eager", not "fast"' in bad.output


def test_list_options_shows_each_codemods_options() -> None:
    result = cli("list", "--options")
    assert result.exit_code == 0
    assert 'barrel_style (one of "lazy", "eager"; default: "lazy")' in result.output
    assert "min_areas (an integer >= 1; default: 2)" in result.output
    assert "--set schemas-barrel.barrel_style=" in result.output
    assert "`pixmod rules CODE` shows them ([tool.pixmod.rules.CODE], --set CODE.OPTION=VALUE)" in result.output
