"""PX003: a class builds its own collaborator.

The report: "Don't create services that are hard to test due to internal
dependency creation". Reported at the creation, in the shapes the
prompt-context-di codemod lifts: ``x = Cls(...)`` or ``self.x = Cls(...)``
(annotated or not) as a statement of ``__init__`` or of a no-argument
``self._helper()`` that ``__init__`` calls, built from constructor state
(``self``'s attributes, the constructor's parameters, module-level
names, builtins). An object given ``self`` itself is a part of its owner,
not a collaborator.

Only collaborators count, which a test would want to replace:

* a class of the tree named like a service, repository, engine, client or
  gateway (``CharacterInstanceService``, ``StatEngine``), or whose
  constructor takes a session, a client, a connection or another
  collaborator (a parameter named ``session``, ``db``, ``client``,
  ``connection``, ``*_service``... or
  annotated with such a class);
* a third-party client, SDK or session (``httpx.AsyncClient``,
  ``aiohttp.ClientSession``, ``redis.Redis``, ``boto3.Session``, any
  third-party class named ``*Client`` or ``*Session``, or given a session
  or client: ``Api(host, session=...)``, ``Api(async_get_clientsession(hass))``).

Never value objects: anything from the standard library (locks, events,
queues, containers, io buffers, paths, datetimes), dataclasses, attrs
classes, TypedDicts, NamedTuples, enums, exceptions, pydantic models (by
their definition in the tree, bases followed). Never a call that is not a
class, or that the file's imports do not name (``self.make()``, a local).
Test modules are not checked.

What a collaborator is can be configured in ``[tool.pixmod.rules.PX003]``
(see ``OPTIONS``): the class names of the tree's collaborators, the
constructor parameters that make a class one, the third-party clients, and
the classes never to report (a team's value objects). Each is a list of
fnmatch-style patterns that replaces the default.
"""

from __future__ import annotations

import ast
import builtins
import re
from typing import Any, Iterable, Mapping

from pixmod import prefilter
from pixmod.analysis import Analysis
from pixmod.options import Option
from pixmod.rules import scan
from pixmod.rules.base import Invalid, Rule

OPTIONS = (
    Option(
        "collaborator_classes", ["*Service", "*Repository", "*Repo", "*Engine", "*Client", "*Gateway"],
        "the tree's classes that are collaborators, by name: patterns such as '*Service' or 'StatEngine' "
        "(with a dot, of the qualified name: 'app.services.*')",
    ),
    Option(
        "collaborator_params",
        ["session", "websession", "db", "client", "connection", "*_session", "*_client", "*_service",
         "*_repository", "*_repo", "*_gateway", "*_connection"],
        "parameter names ('session', '*_client') that make a class of the tree whose constructor takes one a "
        "collaborator, and a third-party class given an argument so named a client",
    ),
    Option(
        "clients",
        ["*Client", "*Session", "redis.Redis", "redis.StrictRedis", "redis.asyncio.Redis", "boto3.Session",
         "boto3.session.Session", "openai.OpenAI", "openai.AsyncOpenAI", "anthropic.Anthropic", "anthropic.AsyncAnthropic"],
        "third-party classes that are clients, SDKs or sessions: qualified names or patterns ('redis.Redis', "
        "'google.cloud.*'); without a dot, of the class name ('*Client')",
    ),
    Option(
        "not_collaborators", [],
        "classes never reported, as the file's imports name them: qualified names or patterns "
        "('app.cache.Cache', 'app.models.*'); without a dot, of the class name ('*Manager')",
    ),
)
DEFAULT_PARAMS: tuple[str, ...] = next(o.default for o in OPTIONS if o.name == "collaborator_params")
#: Functions whose result is a shared HTTP session or client (an SDK built on one is a client).
SESSION_FACTORIES = re.compile(r"clientsession|(^|_)(get|create)_async(_httpx)?_client$|^(get|create)_session$")
#: A constructor parameter annotated with a class so named (or a collaborator class) makes a collaborator.
SESSION_ANNOTATION = ("*Session", "*Client")
#: Bases and decorators that make a class a value object.
VALUE_BASES = frozenset({
    "TypedDict", "NamedTuple", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "BaseException", "Exception",
    "BaseModel", "RootModel", "BaseSettings", "Struct", "dict", "list", "set", "frozenset", "tuple", "str", "int",
    "float", "bytes", "Protocol",
})
VALUE_DECORATORS = frozenset({"dataclass", "s", "attrs", "define", "frozen", "mutable", "dataclass_transform"})
# A line assigning a call of a CamelCase name (maybe module.Name), the only shape worth parsing a file for.
CREATION_LINE = re.compile(r"^[ \t]+(?:self\.)?\w+[ \t]*(?::[^=\n]+)?=[ \t]*(?:\w+\.)*[A-Z]\w*\(", re.MULTILINE)

BUILTINS = frozenset(dir(builtins))

HELPER_CALL = re.compile(r"self\.(\w+)\(\)")

_CACHE = "class Cache:\n    pass\n\n\n"
_SERVICE = "class CharacterInstanceService:\n    def __init__(self, db):\n        self.db = db\n\n\n"


def _def_lines(text: str, names: Iterable[str]) -> list[int]:
    """Indexes of the lines that start (after indentation) ``def <name>(``."""
    found = []
    for name in names:
        needle = f"def {name}("
        at = text.find(needle)
        while at != -1:
            if not text[text.rfind("\n", 0, at) + 1:at].strip(" \t\f"):
                found.append(text.count("\n", 0, at))
            at = text.find(needle, at + 1)
    return sorted(found)


def _block(lines: list[str], headers: list[int]) -> list[str]:
    """The indented bodies of the ``def`` lines at ``headers``."""
    body: list[str] = []
    for index in headers:
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        depth = line.count("(") - line.count(")")  # a signature over several lines ends at depth 0
        for follow in lines[index + 1:]:
            if depth > 0:
                depth += follow.count("(") - follow.count(")")
                continue
            if follow.strip() and len(follow) - len(follow.lstrip()) <= indent:
                break
            body.append(follow)
    return body


def _may_create_text(text: str) -> bool:
    """Text pre-filter: a line assigning a call of a CamelCase name inside an
    ``__init__``, or inside a ``self._helper()`` it calls."""
    inits = _def_lines(text, ["__init__"])
    if not inits:
        return False
    lines = text.split("\n")
    init = _block(lines, inits)
    helpers = {name for line in init for name in HELPER_CALL.findall(line)}
    bodies = init + _block(lines, _def_lines(text, helpers))
    return CREATION_LINE.search("\n".join(bodies)) is not None


class SelfBuiltDependencies(Rule):
    code = "PX003"
    name = "self-built-dependencies"
    description = "A class creates its collaborators in its constructor; accept them as optional keyword-only arguments."
    OPTIONS = OPTIONS
    VALID = (
        {"app/__init__.py": "", "app/svc.py": _SERVICE + "class Prompt:\n    def __init__(self, *, instances=None, db=None):\n        self.instances = instances if instances is not None else CharacterInstanceService(db)\n"},
        {"app/__init__.py": "", "app/svc.py": "def make():\n    return 1\n\n\nclass Service:\n    def __init__(self):\n        self.value = make()\n"},
        {"app/__init__.py": "", "app/svc.py": "import asyncio\nimport threading\nfrom pathlib import Path\n\n\nclass Service:\n    def __init__(self, root):\n        self._lock = asyncio.Lock()\n        self._done = threading.Event()\n        self.root = Path(root)\n"},
        {"app/__init__.py": "", "app/model.py": "from dataclasses import dataclass\nfrom typing import TypedDict\n\n\n@dataclass\nclass PlainService:\n    db: object\n\n\nclass DeviceInfo(TypedDict):\n    name: str\n",
         "app/svc.py": "from app.model import DeviceInfo, PlainService\n\n\nclass Service:\n    def __init__(self, db):\n        self.info = DeviceInfo(name='x')\n        self.plain = PlainService(db)\n"},
        {"app/__init__.py": "", "app/svc.py": "class Service:\n    def __init__(self, api):\n        self._api = api\n        self.group = self._api.GetGroup(1)\n        self.schema = self.CONFIG_SCHEMA({})\n"},
        {"app/__init__.py": "", "app/svc.py": _CACHE + "class Service:\n    def __init__(self):\n        self.cache = Cache()\n"},
        {"app/__init__.py": "", "app/tests/__init__.py": "", "app/tests/test_svc.py": "import httpx\n\n\nclass FakeService:\n    def __init__(self):\n        self.client = httpx.AsyncClient()\n"},
    )
    INVALID = (
        Invalid(
            {"app/__init__.py": "", "app/stats.py": "class StatEngine:\n    pass\n",
             "app/svc.py": _SERVICE + "from app.stats import StatEngine\n\n\nclass PromptContextService:\n    def __init__(self, db):\n        self.db = db\n        self._setup()\n\n    def _setup(self):\n        instances = CharacterInstanceService(self.db)\n        self.engine = StatEngine()\n"},
            (("app/svc.py", 15, 21, "PromptContextService creates its CharacterInstanceService itself; accept it as an optional keyword-only argument"),
             ("app/svc.py", 16, 23, "PromptContextService creates its StatEngine itself; accept it as an optional keyword-only argument")),
        ),
        Invalid(
            {"app/__init__.py": "", "app/svc.py": "import httpx\nfrom aiohttp import ClientSession\n\n\nclass Weather:\n    def __init__(self, url: str):\n        self._http: httpx.AsyncClient = httpx.AsyncClient(base_url=url)\n        self.session = ClientSession()\n"},
            (("app/svc.py", 7, 41, "Weather creates its httpx.AsyncClient itself; accept it as an optional keyword-only argument"),
             ("app/svc.py", 8, 24, "Weather creates its ClientSession itself; accept it as an optional keyword-only argument")),
        ),
        Invalid(
            {"app/__init__.py": "", "app/repo.py": "class Store:\n    def __init__(self, session):\n        self.session = session\n",
             "app/svc.py": "from . import repo\n\n\nclass Service:\n    def __init__(self, session):\n        self.store = repo.Store(session)\n"},
            (("app/svc.py", 6, 22, "Service creates its repo.Store itself; accept it as an optional keyword-only argument"),),
        ),
        Invalid(
            {"app/__init__.py": "", "app/relay.py": "class RelayService:\n    def __init__(self, hass, owner):\n        self.owner = owner\n",
             "app/hub.py": "from pyfoo import FooApi\nfrom app.helpers import async_get_clientsession\nfrom app.relay import RelayService\n\n\n"
                           "class Hub:\n    def __init__(self, hass, host):\n        self.api = FooApi(host, async_get_clientsession(hass))\n        self.relay = RelayService(hass, self)\n"},
            (("app/hub.py", 8, 20, "Hub creates its FooApi itself; accept it as an optional keyword-only argument"),),
        ),
    )

    def analyses(self, project):
        candidates = [p for p in project.files_containing("def __init__") if not scan.is_test_module(p)]
        # The class facts check() reads: of files it finds as it follows
        # definitions, declared with no paths of their own.
        # The parameter patterns decide, per file, which calls are given a
        # session: an argument of the analysis, so part of its cache key.
        params = self.options["collaborator_params"]
        return [self.per_file(creations, project.files_where(_may_create_text, candidates), params), Analysis(_facts_if_parsable, ())]

    def check(self, project):
        analysis = self.declared(project)[0]
        results = self.results(project, analysis)
        classes = _Classes(project, self.options)
        classes.read_modules_of(qualified for created in results.values() for _, _, qualified, *_ in created)
        never = self.options["not_collaborators"]
        for path, created in results.items():
            for class_name, spelled, qualified, given_session, line, col in created:
                if not scan.names_class(qualified, never) and classes.is_collaborator(qualified, given_session):
                    yield self.finding(path, line, col, f"{class_name} creates its {spelled} itself; accept it as an optional keyword-only argument")


def creations(view, params: tuple[str, ...] = DEFAULT_PARAMS) -> list[tuple[str, str, str, bool, int, int]]:
    """Per file (see pixmod.parallel): what each class's constructor creates
    from constructor state, called by a name the imports or the module's
    definitions resolve: (class, callee as spelled, its qualified name,
    whether it is given a session or client, by ``params``' names, line,
    column). Reads only the constructors, their helpers and the imports
    (:class:`scan.Snippets`); the whole file where a piece does not parse
    alone."""
    try:
        return _creations_in_snippets(view, params)
    except _WholeFile:
        return _creations_in_tree(view, params)


class _WholeFile(Exception):
    """A method does not parse on its own: read the whole file."""


def _creations_in_snippets(view, params: tuple[str, ...]) -> list[tuple[str, str, str, bool, int, int]]:
    text = view.text
    snippets = scan.Snippets(text)
    module = view.module_name or view.path
    names = scan.bindings(snippets.imports(), module, view.package or "")
    defined = snippets.module_names()
    names.update({name: f"{module}.{name}" for name, kind in defined.items() if kind == "def"})
    module_level = BUILTINS | set(defined) | set(names)
    found = []
    for index in _def_lines(text, ["__init__"]):
        owner = snippets.class_of(index)
        if owner is None:
            continue
        class_name, start, end = owner
        init = snippets.method(index)
        if init is None:
            raise _WholeFile
        indent = len(snippets.lines[index]) - len(snippets.lines[index].lstrip())
        helpers = []
        for name in _self_calls(init):
            at = next((j for j in _def_lines(text, [name]) if start < j < end and len(snippets.lines[j]) - len(snippets.lines[j].lstrip()) == indent), None)
            helper = snippets.method(at) if at is not None else None
            if at is not None and helper is None:
                raise _WholeFile
            helpers += [helper] if helper is not None else []
        found += _created_by(class_name, init, helpers, names, module_level, params)
    return found


def _creations_in_tree(view, params: tuple[str, ...]) -> list[tuple[str, str, str, bool, int, int]]:
    tree = scan.syntax_tree(view)
    names = scan.bindings(tree, view.module_name or view.path, view.package or "")
    module_level = _module_level_names(tree)
    found = []
    for cls in (n for n in prefilter.statements(tree.body) if isinstance(n, ast.ClassDef)):
        methods = {f.name: f for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
        init = methods.get("__init__")
        if init is not None:
            helpers = [methods[name] for name in _self_calls(init) if name in methods]
            found += _created_by(cls.name, init, helpers, names, module_level, params)
    return found


def _created_by(class_name: str, init, helpers: list, names: dict[str, str], module_level: set[str], params: tuple[str, ...]) -> list:
    """The creations of :func:`creations` in ``init`` and its no-argument
    ``helpers``; a method read alone carries its place in the file."""
    arguments = {a.arg for a in (*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs, init.args.vararg, init.args.kwarg) if a}
    found = []
    for func in (init, *(h for h in helpers if _takes_self_only(h))):
        known = module_level | (arguments if func is init else {"self"})
        line_offset, col_offset = getattr(func, "pixmod_place", (0, 0))
        for stmt in func.body:
            call = _created(stmt)
            if call is None or not _from_state(call, known) or _given_self(call):
                continue
            qualified = scan.qualified(call.func, names)
            if qualified is not None and qualified.rpartition(".")[2][:1].isupper():
                found.append((class_name, scan.dotted(call.func), qualified, _given_session(call, params), call.lineno + line_offset, call.col_offset + col_offset + 1))
    return found


def _created(stmt: ast.stmt) -> ast.Call | None:
    """The call in ``x = Cls(...)``, ``self.x = Cls(...)`` or ``self.x: T = Cls(...)``."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    is_self_attr = isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
    if not (isinstance(target, ast.Name) or is_self_attr) or not isinstance(value, ast.Call):
        return None
    return value if isinstance(value.func, (ast.Name, ast.Attribute)) else None


def _given_self(call: ast.Call) -> bool:
    """``Part(self)``: a part holding a reference back to its owner, built
    with it (composition), not a collaborator one would inject."""
    return any(isinstance(a, ast.Name) and a.id == "self" for a in (*call.args, *(k.value for k in call.keywords)))


def _given_session(call: ast.Call, params: tuple[str, ...]) -> bool:
    """An argument is a session or a client: named so by ``params``
    (``session=``, ``self._client``, ``websession``) or made by a session
    factory (``async_get_clientsession(hass)``)."""
    if any(k.arg and scan.matches(k.arg, params) for k in call.keywords):
        return True
    for arg in (*call.args, *(k.value for k in call.keywords)):
        if isinstance(arg, ast.Call):
            arg = arg.func
            spelled = scan.dotted(arg) or ""
            if SESSION_FACTORIES.search(spelled.rpartition(".")[2]):
                return True
            continue
        last = arg.attr if isinstance(arg, ast.Attribute) else arg.id if isinstance(arg, ast.Name) else ""
        if last and scan.matches(last.lstrip("_"), params):
            return True
    return False


def _self_calls(func) -> list[str]:
    """The methods ``func`` calls as bare ``self.name()`` statements."""
    return [
        stmt.value.func.attr for stmt in func.body
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and not stmt.value.args and not stmt.value.keywords
        and isinstance(stmt.value.func, ast.Attribute) and isinstance(stmt.value.func.value, ast.Name) and stmt.value.func.value.id == "self"
    ]


def _takes_self_only(func) -> bool:
    args = func.args
    return len(args.args) == 1 and not (args.posonlyargs or args.kwonlyargs or args.vararg or args.kwarg)


def _module_level_names(tree: ast.Module) -> set[str]:
    names = set(BUILTINS)
    for node in tree.body:
        for child in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else ():
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                names.add(child.id)
            elif isinstance(child, ast.alias):
                names.add((child.asname or child.name).partition(".")[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _from_state(call: ast.Call, known: set[str]) -> bool:
    """Every name the call's arguments read is ``self``, a known name or one
    the argument binds itself (a comprehension's or lambda's)."""
    for arg in (*call.args, *(k.value for k in call.keywords)):
        local = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        local |= {a.arg for n in ast.walk(arg) if isinstance(n, ast.Lambda) for a in ast.walk(n.args) if isinstance(a, ast.arg)}
        for node in ast.walk(arg):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in known and node.id not in local:
                return False
    return True


def class_facts(view) -> tuple[dict[str, str], dict[str, tuple]]:
    """Per file (see pixmod.parallel): the module's bindings (to follow
    re-exports) and, for each module-level class, its bases and decorators
    as qualified names and its constructor's parameters (name, annotation's
    last name)."""
    tree = scan.syntax_tree(view)
    names = scan.bindings(tree, view.module_name or view.path, view.package or "")
    classes = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        bases = tuple(scan.qualified(b, names) or scan.dotted(b) or "" for b in cls.bases)
        bases += tuple(scan.qualified(k.value, names) or "" for k in cls.keywords if k.arg == "metaclass")
        decorators = tuple(scan.dotted(d.func if isinstance(d, ast.Call) else d) or "" for d in cls.decorator_list)
        init = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
        params = ()
        if init is not None:
            args = (*init.args.posonlyargs, *init.args.args[1:], *init.args.kwonlyargs)
            params = tuple((a.arg, _last_name(a.annotation)) for a in args)
        classes[cls.name] = (bases, decorators, params)
    return names, classes


def _last_name(annotation) -> str:
    """The class an annotation names (``Optional[X]``, ``X | None`` read as X)."""
    if annotation is None:
        return ""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return annotation.value.rpartition(".")[2].strip("'\" ")
    if isinstance(annotation, ast.Subscript):
        return _last_name(annotation.slice)
    if isinstance(annotation, ast.BinOp):
        return _last_name(annotation.left) or _last_name(annotation.right)
    spelled = scan.dotted(annotation) or ""
    return "" if spelled == "None" else spelled.rpartition(".")[2]


class _Classes:
    """Which qualified names are collaborator classes, by their definition
    in the tree (read with :func:`class_facts`) or, outside it, by name, as
    the rule's ``options`` define collaborators."""

    def __init__(self, project, options: Mapping[str, Any]):
        self.project = project
        self.options = options
        self.facts: dict[str, tuple] = {}

    def read_modules_of(self, names: Iterable[str]) -> None:
        """Read the facts of the modules defining ``names`` at once (in the
        process pool when there are many), ahead of the look-ups one by one."""
        paths = {self.project.path_of_module(name.rpartition(".")[0]) for name in names}
        paths = sorted(p for p in paths - {None} if p not in self.facts)
        self.facts.update(self.project.compute(Analysis(_facts_if_parsable, tuple(paths))))

    def _facts_of(self, path: str):
        if path not in self.facts:
            result = self.project.compute(Analysis(_facts_if_parsable, (path,)))
            self.facts[path] = result.get(path)
        return self.facts[path]

    def definition(self, qualified: str, depth: int = 0) -> tuple | None:
        """(bases, decorators, params) of the class ``qualified`` names in the
        tree, following re-exports; None if it is not a class of the tree."""
        module, _, name = qualified.rpartition(".")
        path = self.project.path_of_module(module) if module else None
        facts = self._facts_of(path) if path is not None else None
        if facts is None or depth > 4:
            return None
        names, classes = facts
        if name in classes:
            return classes[name]
        target = names.get(name)
        return self.definition(target, depth + 1) if target and target != qualified else None

    def in_tree(self, qualified: str) -> bool:
        parts = qualified.split(".")
        return any(self.project.path_of_module(".".join(parts[:i])) is not None for i in range(len(parts) - 1, 0, -1))

    def is_value(self, qualified: str, depth: int = 0) -> bool:
        """A value object: by a base or decorator, followed through the tree."""
        found = self.definition(qualified)
        if found is None:  # outside the tree: known by name only
            return qualified.rpartition(".")[2] in VALUE_BASES or qualified.endswith(("Error", "Exception"))
        bases, decorators, _ = found
        if any(d.rpartition(".")[2] in VALUE_DECORATORS for d in decorators):
            return True
        return depth < 6 and any(base and self.is_value(base, depth + 1) for base in bases)

    def is_collaborator(self, qualified: str, given_session: bool) -> bool:
        last = qualified.rpartition(".")[2]
        if scan.is_stdlib(qualified) or last.startswith("_"):
            return False
        if not self.in_tree(qualified):
            return given_session or scan.names_class(qualified, self.options["clients"])
        found = self.definition(qualified)
        if found is None or self.is_value(qualified):
            return False  # a function, a variable, or a value object
        classes = self.options["collaborator_classes"]
        if scan.names_class(qualified, classes):
            return True
        params, annotations = self.options["collaborator_params"], (*SESSION_ANNOTATION, *classes)
        return any(
            scan.matches(param, params) or (annotation and scan.names_class(annotation, annotations))
            for param, annotation in found[2]
        )


def _facts_if_parsable(view):
    try:
        return class_facts(view)
    except scan.Unparsable:
        return None
