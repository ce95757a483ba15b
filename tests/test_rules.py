"""Architecture rules: each rule's own examples, suppression, configuration,
and the sample backend's findings in every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixmod.cli import main
from pixmod.formatting import Style
from pixmod.project import Project
from pixmod.rules import RULES, Invalid, run_rules

from .conftest import write_tree

EXAMPLES = [(rule, kind, index, files) for rule in RULES for kind in ("VALID", "INVALID") for index, files in enumerate(getattr(rule, kind))]


@pytest.mark.parametrize("rule, kind, index, example", EXAMPLES, ids=[f"{r.code}-{k}-{i}" for r, k, i, _ in EXAMPLES])
def test_rule_examples(tmp_path, rule, kind, index, example) -> None:
    """A VALID example yields nothing; an INVALID one exactly its expected
    findings: path, line, column and message, nothing more, nothing else."""
    files = example.files if kind == "INVALID" else example
    project = Project(write_tree(tmp_path, files), style=Style())
    checked = rule()
    found = [(f.path, f.line, f.col, f.message) for f in checked.check(project)]
    assert checked.unreadable == []
    assert found == (list(example.expected) if kind == "INVALID" else [])
    assert {f.code for f in checked.check(project)} <= {rule.code}


def test_every_rule_has_examples_and_a_description() -> None:
    assert [r.code for r in RULES] == ["PX001", "PX002", "PX003", "PX004", "PX005"]
    for rule in RULES:
        assert rule.VALID and rule.INVALID and rule.description and rule.severity in ("error", "warning")
        assert all(isinstance(example, Invalid) and example.expected for example in rule.INVALID)


SERVICE = "class CacheClient:\n    pass\n\n\nclass Service:{cls_comment}\n    def __init__(self):\n        self.cache = CacheClient(){line_comment}\n"


@pytest.mark.parametrize(
    "cls_comment, line_comment, expected",
    [
        ("", "", 1),
        ("  # pixmod: ignore[PX003]", "", 0),
        ("", "  # pixmod: ignore[PX002, PX003]", 0),
        ("", "  # pixmod: ignore[PX004]", 1),
    ],
)
def test_suppression_comments(tmp_path, cls_comment, line_comment, expected) -> None:
    files = {"app/__init__.py": "", "app/svc.py": SERVICE.format(cls_comment=cls_comment, line_comment=line_comment)}
    findings, _ = run_rules(Project(write_tree(tmp_path, files), style=Style()))
    assert len([f for f in findings if f.code == "PX003"]) == expected


def test_severity_and_ignore_from_config(tmp_path) -> None:
    files = {"app/__init__.py": "", "app/svc.py": SERVICE.format(cls_comment="", line_comment="")}
    root = write_tree(tmp_path, files)
    assert CliRunner().invoke(main, ["check", str(root)]).exit_code == 0  # a warning alone
    (root / "pyproject.toml").write_text('[tool.pixmod.rules]\nseverity = { PX003 = "error" }\n')
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1 and "app/svc.py:7:22: PX003" in result.output
    (root / "pyproject.toml").write_text('[tool.pixmod.rules]\nignore = ["PX003"]\n')
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0 and "PX003" not in result.output
    (root / "pyproject.toml").write_text('[tool.pixmod.rules]\nseverity = { PX999 = "error" }\n')
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 2 and "unknown rule 'PX999'" in result.output


SAMPLE_FINDINGS = {
    ("PX001", "pixsim7/backend/main/shared/schemas/npc_schemas.py", 8),
    ("PX002", "pixsim7/backend/main/domain/stats/__init__.py", 48),
    ("PX003", "pixsim7/backend/main/services/characters/prompt_context_service.py", 69),
    ("PX004", "pixsim7/backend/main/domain/brain/engine.py", 13),
    ("PX004", "pixsim7/backend/main/services/stats/stat_service.py", 13),
    ("PX005", "pixsim7/backend/main/infrastructure/events/handlers.py", 16),
}


def _check(root: Path, fmt: str):
    return CliRunner().invoke(main, ["check", "--output-format", fmt, str(root)])


def test_sample_findings_in_text_and_json(sample_copy) -> None:
    text = _check(sample_copy, "text")
    assert text.exit_code == 1
    for code, path, line in SAMPLE_FINDINGS:
        assert f"{path}:{line}:" in text.stdout and code in text.stdout
    data = json.loads(_check(sample_copy, "json").stdout)
    found = {(f["code"], f["path"], f["line"]) for f in data["findings"]}
    assert SAMPLE_FINDINGS <= found
    assert {f["severity"] for f in data["findings"] if f["code"] == "PX004"} == {"error"}


def test_sample_findings_in_sarif(sample_copy) -> None:
    sarif = json.loads(_check(sample_copy, "sarif").stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "pixmod"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"PX001", "PX002", "PX003", "PX004", "PX005", "stat-engine-factory"} <= set(rules)
    assert all(r["shortDescription"]["text"] for r in rules.values())
    for result in run["results"]:
        assert result["ruleId"] in rules and result["level"] in ("error", "warning", "note")
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert (sample_copy / location["artifactLocation"]["uri"]).parent.is_dir()  # a file, or one to be created
        assert location["region"]["startLine"] >= 1
    located = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]}
    assert SAMPLE_FINDINGS <= located
    assert any(r["ruleId"] == "stat-packages-startup" for r in run["results"])  # pending changes too


def test_sample_findings_as_github_annotations(sample_copy) -> None:
    lines = _check(sample_copy, "github").stdout.splitlines()
    assert "::error file=pixsim7/backend/main/domain/brain/engine.py,line=13,col=22,title=PX004::StatEngine() built directly; use create_stat_engine()" in lines
    assert any(line.startswith("::warning file=pixsim7/backend/main/domain/stats/__init__.py,line=48") for line in lines)
    assert any("title=pixmod stat-packages-startup::pending change" in line for line in lines)


def test_after_apply_no_px004_and_check_passes(sample_copy) -> None:
    assert CliRunner().invoke(main, ["apply", str(sample_copy)]).exit_code == 0
    result = _check(sample_copy, "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["code"] == "PX004"]
    assert not data["files"]


TWO_ENGINES = {
    "app/__init__.py": "", "app/stats/__init__.py": "", "app/stats/engine.py": "class StatEngine:\n    pass\n",
    "app/legacy/__init__.py": "", "app/legacy/engine.py": "class StatEngine:\n    pass\n",
    "app/use.py": "from app.stats.engine import StatEngine\nfrom app.legacy import engine\n\na = StatEngine()\nb = engine.StatEngine()\n",
}


def test_px004_honours_the_codemods_engine_module(tmp_path) -> None:
    root = write_tree(tmp_path, TWO_ENGINES)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "json", str(root)])
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["code"] == "PX004"]
    assert any("PX004" in w and "engine_module" in w for w in data["warnings"])  # the ambiguity, said
    (root / "pyproject.toml").write_text('[tool.pixmod.stat-engine-factory]\nengine_module = "app.legacy.engine"\n')
    data = json.loads(CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "json", str(root)]).stdout)
    assert [(f["path"], f["line"]) for f in data["findings"] if f["code"] == "PX004"] == [("app/use.py", 5)]


SCHEMAS = {
    "app/__init__.py": "", "app/contracts/__init__.py": "", "app/contracts/common.py": "class Page:\n    pass\n",
    "app/api/__init__.py": "", "app/api/v1/__init__.py": "", "app/api/v1/a.py": "from app.contracts.common import Page\n",
    "app/api/v2/__init__.py": "", "app/api/v2/b.py": "from app.contracts.common import Page\n",
}


def test_px001_honours_the_codemods_schemas_package_and_area_depth(tmp_path) -> None:
    root = write_tree(tmp_path, SCHEMAS)
    config = '[tool.pixmod.schemas-barrel]\nschemas_package = "app.contracts"\narea_depth = {depth}\n'

    def px001() -> list[tuple[str, int]]:
        out = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "json", str(root)]).stdout
        return [(f["path"], f["line"]) for f in json.loads(out)["findings"] if f["code"] == "PX001"]

    assert px001() == []  # no shared/schemas package: nothing to check
    (root / "pyproject.toml").write_text(config.format(depth=2))
    assert px001() == []  # api/v1 and api/v2: two areas
    (root / "pyproject.toml").write_text(config.format(depth=1))
    assert px001() == [("app/contracts/common.py", 1)]  # one area, api


def test_px003_text_prefilter_reads_constructors_whose_signature_spans_lines() -> None:
    from pixmod.rules.px003_self_built_dependencies import _may_create_text

    source = "class Cache:\n    def __init__(\n        self,\n        host: str,\n    ) -> None:\n        self._redis = redis.Redis(host=host)\n"
    assert _may_create_text(source)
    assert not _may_create_text(source.replace("redis.Redis(host=host)", "host"))


def test_px003_reads_constructors_alone_or_the_whole_file_alike(tmp_path) -> None:
    """The constructor read on its own (its imports, its helpers) finds what
    the whole file's tree finds, at the same places; a method that does not
    parse alone (a string at column 0) falls back to the whole file."""
    from pixmod.analysis import FileView
    from pixmod.rules.px003_self_built_dependencies import DEFAULT_PARAMS, _creations_in_snippets, _creations_in_tree, creations

    source = (
        "import httpx\nfrom app import (\n    repo,\n)\n\n\nTIMEOUT = 3\n\n\n"
        "class Outer(\n    Base,\n):\n    class Weather:\n        def __init__(\n            self, url: str,\n        ) -> None:\n"
        "            self._http = httpx.AsyncClient(base_url=url, timeout=TIMEOUT)\n            self._setup()\n\n"
        "        def _setup(self):\n            self.store = repo.StoreClient()\n"
    )
    view = FileView("app/svc.py", source, "app.svc", "app")
    expected = [
        ("Weather", "httpx.AsyncClient", "httpx.AsyncClient", False, 17, 26),
        ("Weather", "repo.StoreClient", "app.repo.StoreClient", False, 21, 26),
    ]
    assert _creations_in_snippets(view, DEFAULT_PARAMS) == _creations_in_tree(FileView("app/svc.py", source, "app.svc", "app"), DEFAULT_PARAMS) == expected
    odd = source.replace("            self._setup()\n", "            doc = '''\nat column 0'''\n            self._setup()\n")
    assert [c[:2] for c in creations(FileView("app/svc.py", odd, "app.svc", "app"))] == [c[:2] for c in expected]


PX002_SHAPES = [
    # (source, whether registrations() finds something there)
    ("register_all()\n", True),
    ("x = 1\nhandlers = registry.register_many(\n    a,\n)\n", True),
    ("try:\n    import a\n    register_core_components()\nexcept ImportError:\n    pass\n", True),
    ("try:\n    try:\n        setup_plugin_hooks()\n    finally:\n        pass\nexcept Exception:\n    pass\n", True),
    ("HANDLERS = dict(\n    a=register_handler(f),\n)\n", True),
    ("if TYPE_CHECKING:\n    register_types()\n", False),
    ("class A:\n    def __init__(self):\n        self.register(1)\n", False),
    ("def f(\n    x,\n):\n    registry.register(x)\n", False),
    ("@app.route(\n    register_x('y'),\n)\ndef f():\n    pass\n", False),
    ("try:\n    pass\nexcept ImportError:\n    register_fallback()\n", False),
    ("async def main():\n    await hooks.register(1)\n", False),
    ("match = register(1)\n", True),
    ("    register_all()\n", None),  # does not parse: kept, the analysis reports it
]


@pytest.mark.parametrize("source, found", PX002_SHAPES)
def test_px002_text_prefilter_keeps_every_file_with_a_finding(source, found) -> None:
    """The pre-filter may let a file through for nothing (a block other than
    ``try`` at column 0 above a multi-line statement), never drop a file
    where the rule finds a registration; it drops those where every
    registering call sits in a definition or a conditional block."""
    from pixmod.analysis import FileView
    from pixmod.rules.px002_import_side_effect import _may_register, registrations
    from pixmod.rules.scan import Unparsable

    view = FileView("app/mod.py", source, "app.mod", "app")
    try:
        assert bool(registrations(view)) is found
    except Unparsable:
        assert found is None
    assert _may_register(source) is (found is not False)
