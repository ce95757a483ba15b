"""Dependencies a class builds for itself, in its constructor.

Shared by the ``prompt-context-di`` codemod (which makes them injectable) and
rule PX003 (which reports them). In two steps, so that the per-file one
can run in a worker: :func:`candidates` reads one file (a
:class:`~pixmod.parallel.FileView`); :func:`is_public_class` asks the
project whether a callee is a class. A dependency is a public class
instantiated in ``__init__``, or in a no-argument ``self._helper()`` that
``__init__`` calls, from constructor state only (parameters, ``self.``
attributes, literals, module-level names): ``x = Cls(...)`` or
``self.x = Cls(...)``. Function calls, private classes and objects
assembled from other locals, or from a ``self.`` attribute holding a
dependency (``LinkResolver(db, self._stat_engine)``), are composition, not
dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from pixmod.lazy import cst

from pixmod.syntax import locate
from pixmod.syntax.nodes import code_of, find_all, is_name, is_self_attribute, only_statement, single_target




@dataclass(frozen=True)
class Dependency:
    """An object the constructor creates that a caller may now inject."""

    param: str  # the new keyword-only parameter
    attr: str  # the attribute that holds it
    cls: str  # the class, as the module spells it
    call: cst.Call  # how it is created today
    method: cst.FunctionDef  # __init__ or the helper creating it
    index: int  # the creating statement's index in method.body.body
    local: str | None  # the local variable it was bound to, if any
    names: frozenset[str]  # the qualified names the class may have


def method(cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    """The method ``name`` defined in the class body, if any."""
    return next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)


def injectable_params(cls: cst.ClassDef) -> list[str]:
    """The keyword-only parameters of ``cls.__init__`` defaulting to None:
    the dependencies a caller may inject (what prompt-context-di adds)."""
    init = method(cls, "__init__")
    if init is None:
        return []
    return [p.name.value for p in init.params.kwonly_params if is_name(p.default, "None")]


def find_dependencies(project, path, cls, init) -> list[Dependency]:
    """The dependencies ``cls`` (in ``path``) creates in ``init`` and in the
    no-argument helpers ``init`` calls, in order."""
    return [d for d in candidates(project.view(path), cls, init) if is_public_class(project, d.cls, d.names)]


def candidates(view, cls, init) -> list[Dependency]:
    """What :func:`find_dependencies` finds, before asking whether each
    callee is a public class (which needs the project)."""
    helpers = []
    for stmt in init.body.body:
        call = self_call(stmt)
        helper = method(cls, call) if call else None
        if helper is not None and len(helper.params.params) == 1 and not helper.params.kwonly_params:
            helpers.append(helper)
    held = dependency_attributes(init, [init, *helpers])
    found = _created_in(view, init, init, held)
    for helper in helpers:
        found += _created_in(view, helper, init, held)
    return found


def dependency_attributes(init: cst.FunctionDef, methods: list[cst.FunctionDef]) -> frozenset[str]:
    """The ``self.`` attributes that hold a dependency: assigned (anywhere in
    ``methods``) an object the class creates (``Cls(...)``), or one it
    accepts by injection (``x if x is not None else Cls()``, ``x or Cls()``,
    ``Cls() if x is None else x``, or an optional parameter itself). An
    object built from one of them is composition, as one built from a local
    dependency is."""
    optional = {p.name.value for p in (*init.params.params, *init.params.kwonly_params) if is_name(p.default, "None")}
    held = set()
    for func in methods:
        for assign in find_all(func, cst.Assign, cst.AnnAssign):
            targets = [t.target for t in assign.targets] if isinstance(assign, cst.Assign) else [assign.target]
            value = assign.value
            if value is None:
                continue
            injected = isinstance(value, (cst.IfExp, cst.BooleanOperation)) or (isinstance(value, cst.Name) and value.value in optional)
            created = any(_looks_like_class(call.func) for call in find_all(value, cst.Call))
            if injected or created:
                held |= {t.attr.value for t in targets if is_self_attribute(t)}
    return frozenset(held)


def _looks_like_class(func: cst.BaseExpression) -> bool:
    name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
    return name[:1].isupper()


def is_public_class(project, spelled: str, names: frozenset[str]) -> bool:
    """Whether a callee (as spelled, and its qualified ``names``) is a public
    class: by its definition when it is defined in the tree, else by its
    spelling (classes are CamelCase)."""
    spelled = spelled.rpartition(".")[2]
    if not spelled or spelled.startswith("_"):
        return False
    for qname in names:
        if project.path_of_module(qname.rpartition(".")[0]) is not None:
            return locate.class_named(project, names) is not None
    return spelled[0].isupper()


def self_call(stmt) -> str | None:
    """The helper name when ``stmt`` is a bare ``self._helper()``."""
    expr = only_statement(stmt, cst.Expr)
    call = expr.value if expr is not None else None
    if isinstance(call, cst.Call) and not call.args and is_self_attribute(call.func):
        return call.func.attr.value
    return None


def _created_in(view, func: cst.FunctionDef, init: cst.FunctionDef, held: frozenset[str]) -> list[Dependency]:
    scopes = view.metadata().resolve(cst.metadata.ScopeProvider)
    params = {p.name.value for p in (*init.params.params, *init.params.kwonly_params, *init.params.posonly_params)}
    deps = []
    for index, stmt in enumerate(func.body.body):
        assign = only_statement(stmt, cst.Assign)
        target = single_target(assign) if assign is not None else None
        if target is None or not isinstance(assign.value, cst.Call):
            continue
        call = assign.value
        if not isinstance(call.func, (cst.Name, cst.Attribute)) or not _from_constructor_state(call, scopes, params, func is init):
            continue
        if _reads_dependency(call, held):
            continue  # built from a dependency: composition
        if isinstance(target, cst.Name):
            local, attr = target.value, "_" + target.value.lstrip("_")
            if _reassigned(func, local):
                continue
        elif is_self_attribute(target):
            local, attr = None, target.attr.value
        else:
            continue
        names = frozenset(view.qualified_names(call.func))
        deps.append(Dependency(attr.lstrip("_"), attr, code_of(call.func), call, func, index, local, names))
    return deps


def _from_constructor_state(call: cst.Call, scopes, params: set[str], in_init: bool) -> bool:
    """Every name the arguments read is ``self``, a constructor parameter
    (read in ``__init__`` itself) or a module-level name."""
    for arg in call.args:
        for name in find_all(arg.value, cst.Name):
            if name.value == "self" or (in_init and name.value in params):
                continue
            scope = scopes.get(name)
            if scope is None:
                continue  # an attribute name, not a variable
            assignments = scope[name.value]
            if not assignments or any(not isinstance(a.scope, cst.metadata.GlobalScope) for a in assignments):
                return False
    return True


def _reads_dependency(call: cst.Call, held: frozenset[str]) -> bool:
    """Whether an argument reads a ``self.`` attribute holding a dependency."""
    return any(is_self_attribute(node) and node.attr.value in held for arg in call.args for node in find_all(arg.value, cst.Attribute))


def _reassigned(func, local: str) -> bool:
    targets = [n for n in find_all(func, cst.AssignTarget, cst.AugAssign) if is_name(n.target, local)]
    return len(targets) > 1
