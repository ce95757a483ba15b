"""Shared LibCST mechanics, on small snippets."""

from __future__ import annotations

import libcst as cst
import pytest

from pixmod.syntax.exports import add_to_all
from pixmod.syntax.imports import add_name, relative_module, remove_name
from pixmod.syntax.logging_style import LoggerStyle, find_logger
from pixmod.syntax.returns import class_has_attribute, return_shape

from .conftest import GOLDEN


def _import(code: str) -> cst.ImportFrom:
    return cst.parse_module(code).body[0].body[0]


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


@pytest.mark.parametrize(
    "before, after",
    [
        ("from m import a, c", "from m import a, b, c"),
        ("from m import c, a", "from m import c, a, b"),  # unsorted: right after `a`
        ("from m import a", "from m import a, b"),
        ("from m import (a, c,)", "from m import (a, b, c,)"),
        ("from m import (\n    a,\n    c,\n)", "from m import (\n    a,\n    b,\n    c,\n)"),
        ("from m import (\n    a,\n)", "from m import (\n    a,\n    b,\n)"),
        ("from m import (\n    a\n)", "from m import (\n    a,\n    b\n)"),
        ("from m import (\n    a,  # keep\n    c,\n)", "from m import (\n    a,  # keep\n    b,\n    c,\n)"),
        ("from m import (\n    a,\n    c,  # tail\n)", "from m import (\n    a,\n    b,\n    c,  # tail\n)"),
        ("from m import (\n    a,  # tail\n)", "from m import (\n    a,  # tail\n    b,\n)"),
        ("from m import (  # head\n    a,\n)", "from m import (  # head\n    a,\n    b,\n)"),
        ("from m import a, b", "from m import a, b"),  # already there
    ],
)
def test_add_name(before: str, after: str) -> None:
    assert _code(add_name(_import(before), "b", after="a")) == after


def test_relative_module() -> None:
    assert relative_module("app", "app.stats") == ".stats"
    assert relative_module("app.web", "app.stats") == "..stats"
    assert relative_module("app.web", "other.stats") is None


@pytest.mark.parametrize(
    "code, kind",
    [
        ("def f() -> List[P]: ...", "sequence"),
        ("def f() -> list[P]: ...", "sequence"),
        ("def f() -> typing.Sequence[P]: ...", "sequence"),
        ("def f() -> Dict[str, P]: ...", "mapping"),
        ("def f() -> Mapping[str, P]: ...", "mapping"),
        ("def f():\n    return dict(_r)", "mapping"),
        ("def f():\n    return list(_r.values())", "sequence"),
        ("def f():\n    return [p for p in _r]", "sequence"),
        ("def f():\n    def g():\n        return {}\n    return list(g())", "sequence"),
        ("def f():\n    return _r", None),
        ("def f() -> Registry: ...", None),
    ],
)
def test_return_shape(code: str, kind) -> None:
    shape = return_shape(cst.parse_module(code).body[0])
    assert (shape.kind if shape else None) == kind


def test_class_has_attribute() -> None:
    module = cst.parse_module(
        "class A:\n    id: str\nclass B:\n    def __init__(self):\n        self.id = 1\n"
        "class C:\n    @property\n    def id(self):\n        return 1\nclass D:\n    name: str\n"
    )
    assert [class_has_attribute(c, "id") for c in module.body] == [True, True, True, False]


def test_logger_styles() -> None:
    fields = {"count": "len(p)", "ids": "ids"}
    assert LoggerStyle("logger", "structured").call("info", '"ev"', "n={count}", fields) == 'logger.info("ev", count=len(p), ids=ids)'
    assert LoggerStyle("log", "percent").call("info", '"ev"', "n={count} {ids}", fields, quote="'") == "log.info('n=%s %s', len(p), ids)"
    assert LoggerStyle("log", "fstring").call("info", '"ev"', "n={count}", fields) == 'log.info(f"n={len(p)}")'


@pytest.mark.parametrize(
    "code, expected",
    [
        ("import logging\nlogger = logging.getLogger(__name__)\nlogger.info('x %s', 1)\n", LoggerStyle("logger", "percent")),
        ("logger = get_backend_logger('s')\nlogger.info('ev', n=1)\n", LoggerStyle("logger", "structured")),
        ("log = structlog.get_logger()\nlog.info(f'n {x}')\n", LoggerStyle("log", "fstring")),
        ("log = logging.getLogger()\nlog.info('a', exc_info=True)\n", LoggerStyle("log", "percent")),
        ("x = compute()\n", None),
    ],
)
def test_find_logger(code: str, expected) -> None:
    assert find_logger(cst.parse_module(code)) == expected


@pytest.mark.parametrize(
    "before, after",
    [
        ("__all__ = ['A', 'C']\n", "__all__ = ['A', 'B', 'C']\n"),
        ('__all__ = ["C", "A"]\n', '__all__ = ["C", "A", "B"]\n'),
        (
            '__all__ = [\n    # Engine\n    "A",\n    # Registry\n    "C",\n]\n',
            '__all__ = [\n    # Engine\n    "A",\n    "B",\n    # Registry\n    "C",\n]\n',
        ),
        ('__all__ = [\n    "A",  # the engine\n]\n', '__all__ = [\n    "A",  # the engine\n    "B",\n]\n'),
        ('__all__ = ("X",)\n__all__ += ["A"]\n', '__all__ = ("X",)\n__all__ += ["A", "B"]\n'),
        ('__all__ = ["X"]\n', '__all__ = ["X", "B"]\n'),  # `A` not listed: appended
        ("x = 1\n", "x = 1\n"),
    ],
)
def test_add_to_all(before: str, after: str) -> None:
    assert add_to_all(cst.parse_module(before), "B", after="A").code == after


@pytest.mark.parametrize(
    "before, after",
    [
        ("from m import a, b, c", "from m import a, c"),
        ("from m import a, b", "from m import a"),
        ("from m import (\n    a,\n    b,\n)", "from m import (\n    a,\n)"),
        ("from m import (\n    a,  # ka\n    b,  # kb\n)", "from m import (\n    a,  # ka\n)"),
        ("from m import (\n    b,\n    c,\n)", "from m import (\n    c,\n)"),
        ("from m import b", None),
    ],
)
def test_remove_name(before: str, after) -> None:
    result = remove_name(_import(before), "b")
    assert (None if result is None else _code(result)) == after


def test_list_append_keeps_trailing_comment_on_its_item() -> None:
    before = '__all__ = [\n    "X",\n    "A",  # last\n]\n'
    assert add_to_all(cst.parse_module(before), "B", after="A").code == '__all__ = [\n    "X",\n    "A",  # last\n    "B",\n]\n'


def test_add_name_follows_isort_order_by_type() -> None:
    node = _import("from m import CONST, StatDefinition, StatEngine, helper")
    assert _code(add_name(node, "create_stat_engine", after="StatEngine")) == (
        "from m import CONST, StatDefinition, StatEngine, create_stat_engine, helper"
    )


def test_walk_reaches_the_nodes_a_libcst_visitor_does() -> None:
    from pixmod.syntax.nodes import walk

    class Everything(cst.CSTVisitor):
        def __init__(self) -> None:
            self.seen: list[cst.CSTNode] = []

        def on_visit(self, node: cst.CSTNode) -> bool:
            self.seen.append(node)
            return True

    sources = sorted(GOLDEN.rglob("*.py"))
    assert len(sources) > 100
    for source in sources:
        module = cst.parse_module(source.read_bytes())
        visitor = Everything()
        module.visit(visitor)
        walked = [id(node) for node in walk(module)]
        assert sorted(walked) == sorted(id(node) for node in visitor.seen), source


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_node_starts_equal_libcst_position_starts(newline: str) -> None:
    from libcst.metadata import MetadataWrapper, PositionProvider

    from pixmod.syntax.positions import NodeStarts

    sources = sorted(GOLDEN.rglob("*.py"))
    assert len(sources) > 100
    for source in sources:
        text = source.read_text(encoding="utf-8").replace("\n", newline)
        module = cst.parse_module(text)
        expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        starts = NodeStarts(module)
        assert set(starts) == set(expected), source
        assert all(starts[node] == expected[node].start for node in expected), source


def test_node_starts_of_an_indented_call_in_a_decorated_method() -> None:
    from pixmod.syntax.positions import NodeStarts

    module = cst.parse_module("import x\n\nclass A:\n    @dec\n    def f(self):\n        return (  x.call(1))\n")
    method = module.body[1].body.body[0]
    call = method.body.body[0].body[0].value
    starts = NodeStarts(module)
    assert (starts[method].line, starts[method].column) == (5, 4)  # the def, not its decorator
    assert (starts[call].line, starts[call].column) == (6, 18)


def test_node_starts_fall_back_to_position_provider_if_libcst_codegen_changes(monkeypatch) -> None:
    from libcst.metadata import MetadataWrapper, PositionProvider

    from pixmod.syntax import positions

    class Changed:
        def __init__(self, **_):
            raise TypeError("unexpected keyword argument")

    monkeypatch.setattr(positions, "_TokenCountingState", Changed)
    module = cst.parse_module("def f(x):\n    return g(x)\n")
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    starts = positions.NodeStarts(module)
    assert set(starts) == set(expected)
    assert all(starts[node] == expected[node].start for node in expected)


def _scope_facts(module: cst.Module, wrapper) -> tuple:
    """What LibCST's scope analysis says about every node of ``module``, by
    node identity: each node's scope, each scope's assignments and accesses,
    and the qualified names of every name and attribute."""
    from libcst.metadata import ExpressionContextProvider, ScopeProvider

    from pixmod.syntax.nodes import walk

    contexts = wrapper.resolve(ExpressionContextProvider)
    scopes = wrapper.resolve(ScopeProvider)
    ids: dict[int, int] = {}

    def key(obj) -> int:  # scopes compared by the order they are first met
        return ids.setdefault(id(obj), len(ids))

    def at(assignment) -> object:  # a builtin has no node
        return key(assignment.node) if hasattr(assignment, "node") else type(assignment).__name__

    facts = []
    for node in walk(module):
        scope = scopes.get(node)
        facts.append((key(node), contexts.get(node), type(scope).__name__, scope is not None and key(scope)))
        if scope is not None and isinstance(node, (cst.Name, cst.Attribute)):
            facts.append(sorted((q.name, q.source.name) for q in scope.get_qualified_names_for(node)))
    for scope in {id(s): s for s in scopes.values() if s is not None}.values():
        facts.append(sorted((a.name, str(at(a))) for a in scope.assignments))
        facts.append(sorted((key(a.node), sorted(str(at(r)) for r in a.referents)) for a in scope.accesses))
    return tuple(map(str, facts))


def test_direct_metadata_wrapper_gives_libcst_scopes() -> None:
    from libcst.metadata import MetadataWrapper

    from pixmod.syntax.metadata import DirectMetadataWrapper

    sources = sorted(GOLDEN.rglob("*.py"))
    assert len(sources) > 100
    extra = "class A:\n    x = [y for y in range(3)]\n    def f(self, a: 'A', *b, c=lambda d: d, **e):\n" \
            "        global g\n        (h := 1)\n        del a\n        for i, (j, k) in e: pass\n" \
            "        with open(a) as (l, m): pass\n        try: pass\n        except E as n: pass\n"
    for text in [s.read_text(encoding="utf-8") for s in sources] + [extra]:
        module = cst.parse_module(text)
        expected = _scope_facts(module, MetadataWrapper(module, unsafe_skip_copy=True))
        assert _scope_facts(module, DirectMetadataWrapper(module, unsafe_skip_copy=True)) == expected, text[:200]


def test_direct_metadata_wrapper_runs_scope_analysis_without_the_batched_walk(monkeypatch) -> None:
    import libcst.metadata.wrapper as libcst_wrapper
    from libcst.metadata import ScopeProvider

    from pixmod.syntax.metadata import DirectMetadataWrapper

    batched = []
    original = libcst_wrapper._gen_batchable
    monkeypatch.setattr(libcst_wrapper, "_gen_batchable", lambda w, providers: batched.extend(providers) or original(w, providers))
    module = cst.parse_module("import os\n\n\ndef f():\n    return os.sep\n")
    DirectMetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
    assert batched == []


def test_prefilter_statements_reach_every_import_ast_walk_does() -> None:
    import ast

    from pixmod import prefilter

    nested = (
        "import a\nclass C:\n    import b\n    def f(self):\n        if x:\n            import c\n        else:\n            from d import e\n"
        "try:\n    import f\nexcept E:\n    import g\nelse:\n    import h\nfinally:\n    import i\n"
        "match x:\n    case 1:\n        import j\nwhile y:\n    pass\nelse:\n    import k\nwith m:\n    from . import n\n"
        "async def g():\n    async for q in r:\n        import o\n"
    )
    sources = [s.read_text(encoding="utf-8") for s in sorted(GOLDEN.rglob("*.py"))] + [nested]
    for text in sources:
        tree = ast.parse(text)
        expected = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        found = [n for n in prefilter.statements(tree.body) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert sorted(map(id, found)) == sorted(map(id, expected)), text[:200]
    assert len([n for n in prefilter.statements(ast.parse(nested).body) if isinstance(n, (ast.Import, ast.ImportFrom))]) == 12


def test_node_index_finds_what_the_walks_find() -> None:
    from pixmod.syntax.nodes import NodeIndex, ancestors, find_all

    sources = sorted(GOLDEN.rglob("*.py"))
    assert len(sources) > 100
    for source in sources:
        module = cst.parse_module(source.read_text(encoding="utf-8"))
        index = NodeIndex(module)
        calls = find_all(module, cst.Call)
        assert index.find_all(cst.Call) == calls, source
        assert index.find_all(cst.Name, cst.Attribute) == find_all(module, cst.Name, cst.Attribute), source
        targets = {node: None for node in calls[::2] + find_all(module, cst.Param)}
        assert index.ancestors(targets) == ancestors(module, targets), source


CONTEXT_SHAPES = (
    "a = b = c\nd: e = f\ng += h\n(i := j)\nimport k.l as m\nfrom n import o as p\nwith q as (r, s): pass\n"
    "try: pass\nexcept T as u: pass\nfor v, *w in x: y[z] = v.attr\nelse: del aa, bb[0], cc.dd\n"
    "ee = [ff for gg in hh if gg for ii in gg]\nkk = {ll: mm async for ll in nn}\n"
    "@deco(arg=1)\nclass C(Base, metaclass=M):\n    x: int = 0\n    def f(self, a: A = d, *args, b=lambda c: c, **kw) -> R:\n"
    "        global g\n        nonlocal_ = [*a]\n        (p, [q, *r]) = s\n        return f(x=1)\n"
    "match pp:\n    case [qq, *rr] if qq: pass\n    case {'k': ss, **tt}: pass\n    case Point(x=uu) as vv: pass\n"
)


def test_expression_contexts_equal_libcst_provider() -> None:
    from libcst.metadata import ExpressionContextProvider, MetadataWrapper

    from pixmod.syntax.contexts import MIRRORS_LIBCST, expression_contexts

    assert MIRRORS_LIBCST
    sources = [s.read_text(encoding="utf-8") for s in sorted(GOLDEN.rglob("*.py"))] + [CONTEXT_SHAPES]
    for text in sources:
        module = cst.parse_module(text)
        expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ExpressionContextProvider)
        assert expression_contexts(module) == dict(expected), text[:200]
    module = cst.parse_module(CONTEXT_SHAPES)
    assert len(set(expression_contexts(module).values())) == 3  # load, store and del all occur
    for text in ["def f[T: int](x: T) -> T:\n    return x\n", "class C[T, *Ts, **P](B[T]):\n    pass\n", "type X[T] = list[T]\n"]:
        try:  # Python 3.12 syntax: a LibCST too old for it has no contexts for it either
            module = cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        assert expression_contexts(module) == dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(ExpressionContextProvider))


def test_direct_metadata_wrapper_runs_libcst_provider_for_contexts_it_does_not_mirror(monkeypatch) -> None:
    from libcst.metadata import MetadataWrapper

    from pixmod.syntax import metadata

    monkeypatch.setattr(metadata, "MIRRORS_LIBCST", False)
    module = cst.parse_module(CONTEXT_SHAPES)
    expected = _scope_facts(module, MetadataWrapper(module, unsafe_skip_copy=True))
    assert _scope_facts(module, metadata.DirectMetadataWrapper(module, unsafe_skip_copy=True)) == expected


@pytest.mark.parametrize(
    "path, expected",
    [
        ("tests/test_startup.py", True),
        ("tests/helpers.py", True),
        ("app/test/fixtures.py", True),
        ("app/conftest.py", True),
        ("app/test_main.py", True),
        ("app/main_test.py", True),
        ("app/main.py", False),
        ("app/testing.py", False),
        ("app/contest.py", False),
        ("latest/main.py", False),
    ],
)
def test_is_test_file(path, expected):
    from pixmod.syntax.locate import is_test_file

    assert is_test_file(path) is expected
