"""Dependencies a class builds for itself, in its constructor.

Shared by the ``prompt-context-di`` codemod (which makes them injectable) and
rule PX003 (which reports them). A dependency is a public class
instantiated in ``__init__``, or in a no-argument ``self._helper()`` that
``__init__`` calls, from constructor state only (parameters, ``self.``
attributes, literals, module-level names): ``x = Cls(...)`` or
``self.x = Cls(...)``. Function calls, private classes and objects
assembled from other locals are composition, not dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from pixmod.syntax import locate

CODE = cst.Module([]).code_for_node


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


def method(cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    """The method ``name`` defined in the class body, if any."""
    return next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name), None)


def find_dependencies(project, path, cls, init) -> list[Dependency]:
    """The dependencies ``cls`` (in ``path``) creates in ``init`` and in the
    no-argument helpers ``init`` calls, in order."""
    deps = _created_in(project, path, init, init)
    for stmt in init.body.body:
        call = self_call(stmt)
        helper = method(cls, call) if call else None
        if helper is not None and len(helper.params.params) == 1 and not helper.params.kwonly_params:
            deps += _created_in(project, path, helper, init)
    return deps


def self_call(stmt) -> str | None:
    """The helper name when ``stmt`` is a bare ``self._helper()``."""
    pattern = m.SimpleStatementLine(body=[m.Expr(m.Call(func=m.Attribute(value=m.Name("self"), attr=m.Name()), args=[]))])
    return stmt.body[0].value.func.attr.value if m.matches(stmt, pattern) else None


def _created_in(project, path, func: cst.FunctionDef, init: cst.FunctionDef) -> list[Dependency]:
    wrapper = project.metadata(path)
    scopes = wrapper.resolve(ScopeProvider)
    params = {p.name.value for p in (*init.params.params, *init.params.kwonly_params, *init.params.posonly_params)}
    deps = []
    for index, stmt in enumerate(func.body.body):
        if not m.matches(stmt, m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget()], value=m.Call())])):
            continue
        assign = stmt.body[0]
        target, call = assign.targets[0].target, assign.value
        if not _is_public_class(project, path, call.func) or not _from_constructor_state(call, scopes, params, func is init):
            continue
        if isinstance(target, cst.Name):
            local, attr = target.value, "_" + target.value.lstrip("_")
            if _reassigned(func, local):
                continue
        elif m.matches(target, m.Attribute(value=m.Name("self"), attr=m.Name())):
            local, attr = None, target.attr.value
        else:
            continue
        deps.append(Dependency(attr.lstrip("_"), attr, CODE(call.func), call, func, index, local))
    return deps


def _is_public_class(project, path, func) -> bool:
    spelled = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    if not spelled or spelled.startswith("_"):
        return False
    for qname in project.qualified_names(path, func):
        module_name = qname.rpartition(".")[0]
        if project.path_of_module(module_name) is not None:  # defined in this tree: ask the definition
            return locate.class_of_annotation(project, path, func) is not None
    return spelled[0].isupper()  # outside the tree: classes are CamelCase


def _from_constructor_state(call: cst.Call, scopes, params: set[str], in_init: bool) -> bool:
    """Every name the arguments read is ``self``, a constructor parameter
    (read in ``__init__`` itself) or a module-level name."""
    for arg in call.args:
        for name in m.findall(arg.value, m.Name()):
            if name.value == "self" or (in_init and name.value in params):
                continue
            scope = scopes.get(name)
            if scope is None:
                continue  # an attribute name, not a variable
            assignments = scope[name.value]
            if not assignments or any(not isinstance(a.scope, cst.metadata.GlobalScope) for a in assignments):
                return False
    return True


def _reassigned(func, local: str) -> bool:
    targets = m.findall(func, m.AssignTarget(target=m.Name(local))) + m.findall(func, m.AugAssign(target=m.Name(local)))
    return len(targets) > 1
