"""prompt-context-di: let a service's dependencies be injected.

The report (sections 3 and 6, "PromptContextService") finds services that
build their own collaborators, so tests cannot replace them. For each target
class (``PromptContextService`` by default, found by definition; ``targets``
may list others as ``Class`` or ``module:Class``) this codemod:

* finds the dependencies the constructor creates: ``x = Cls(...)`` or
  ``self.x = Cls(...)`` statements in ``__init__`` or in a no-argument
  ``self._helper()`` that ``__init__`` calls, where ``Cls`` is a public class
  and the arguments come from constructor state only (parameters,
  ``self.`` attributes, literals, module-level names). Function calls
  (``get_npc_field_mapping()``), private classes and objects assembled from
  other locals (the NPC resolver) are composition, not dependencies;
* adds one keyword-only parameter per dependency, ``name: Optional[Cls] =
  None`` (or ``Cls | None`` where the module writes that), after a ``*`` it
  adds unless the signature has one, before any ``**kwargs``;
* stores ``self._name = name if name is not None else Cls(...)`` in
  ``__init__`` where the object used to be created, or right before the
  helper call that needed it (``is not None``, so a falsy injected object is
  kept); the helper then uses ``self._name`` and no longer creates it;
* gives ``__init__`` a docstring listing its arguments when it has none.

Existing callers keep working (the new parameters are keyword-only with
defaults); the summary counts them. Already applied: every dependency is a
parameter already, or none is created (hand-written ``x or Cls()``,
``x if x is not None else Cls()``, ``if x is None`` forms, in any mix;
an object built from an injected one, ``LinkResolver(db,
self._stat_engine)``, is composition and stays). Skipped: class not found, a dataclass, no
``__init__``.
"""

from __future__ import annotations

import textwrap

from pixmod.lazy import cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.formatting import preferred_quote
from pixmod.model import CodemodError, FileChange, Outcome, SkipCodemod, Status
from pixmod.analysis import Analysis
from pixmod.syntax import locate
from pixmod.syntax.edit import apply_edits
from pixmod.syntax.imports import ensure_import
from pixmod.syntax.snippets import INDENT, formatted_statements
from pixmod.dependencies import Dependency, find_dependencies, method, self_call
from pixmod.syntax.statements import remove_statements_at
from pixmod.syntax.nodes import code_of, find_all, is_name, is_self_attribute




class PromptContextDI(Codemod):
    name = "prompt-context-di"
    description = "Make PromptContextService accept its dependencies as optional keyword-only arguments."
    options = (Option("targets", [targets.PROMPT_SERVICE], "classes to convert: 'Class' (found by definition) or 'module:Class'"),)

    def plan(self, project, options) -> Outcome:
        outcomes = [self._convert(project, target) for target in options["targets"]]
        errors = [o for o in outcomes if o.status is Status.ERROR]
        if errors:
            return Outcome.error("; ".join(o.reason for o in errors))
        changes = [c for o in outcomes for c in o.changes]
        notes = [n for o in outcomes for n in o.notes]
        if changes:
            reasons = "; ".join(o.reason for o in outcomes if o.status is Status.APPLIED)
            return Outcome.applied(reasons, changes, notes)
        if any(o.status is Status.ALREADY_APPLIED for o in outcomes):
            return Outcome.already_applied(notes=notes)
        return Outcome.skipped("; ".join(o.reason for o in outcomes))

    def analyses(self, project, options):
        """Where each target class is called (counted for a note)."""
        found = []
        for target in options["targets"]:
            try:
                found.append(_callers(project, self._definition(project, target)))
            except (SkipCodemod, CodemodError):
                continue
        return found

    def _definition(self, project, target: str) -> locate.Definition:
        module_name, _, class_name = target.rpartition(":")
        return locate.find_unique_definition(
            project, class_name, kind="class", pinned=target if module_name else None, option="targets", codemod=self.name,
            pin_name=True, as_list=True, what=f"the class {class_name}",
        )

    def _convert(self, project, target: str) -> Outcome:
        try:
            return _convert_class(project, self._definition(project, target))
        except SkipCodemod as exc:
            return Outcome.skipped(str(exc))
        except CodemodError as exc:
            return Outcome.error(str(exc))


def _convert_class(project, found: locate.Definition) -> Outcome:
    cls, path = found.node, found.path
    name = cls.name.value
    if locate.is_dataclass(cls):
        return Outcome.skipped(f"{name} is a dataclass (its constructor is generated)")
    init = method(cls, "__init__")
    if init is None:
        return Outcome.skipped(f"{name} has no __init__")
    deps = find_dependencies(project, path, cls, init)
    existing = {p.name.value for p in (*init.params.params, *init.params.kwonly_params, *init.params.posonly_params)}
    pending = [d for d in deps if d.param not in existing]
    analysis = _callers(project, found)
    callers = sum(len(sites) for sites in project.compute(analysis).values())
    notes = [f"{name}: {callers} existing call site(s) keep working unchanged (the new parameters are keyword-only with defaults)"]
    if not pending:
        if deps or any(p.default is not None for p in init.params.kwonly_params) or _injects(init):
            return Outcome.already_applied(notes=notes)
        return Outcome.skipped(f"{name} creates no dependencies of its own")
    module = _rewrite(project, path, cls, init, pending)
    params = ", ".join(d.param for d in pending)
    return Outcome.applied(f"{name} accepts {params}", [FileChange(path, module.code)], notes)


def _injects(init: cst.FunctionDef) -> bool:
    """Whether ``__init__`` already takes an optional argument and falls back
    on a default for it: ``x is None``, ``x is not None`` or ``x or ...``
    (any mix of them, a hand conversion)."""
    optional = {p.name.value for p in (*init.params.params, *init.params.kwonly_params) if is_name(p.default, "None")}
    stored = {  # self.x = x: the attribute holds the optional argument
        target.target.attr.value for assign in find_all(init.body, cst.Assign) for target in assign.targets
        if is_self_attribute(target.target) and isinstance(assign.value, cst.Name) and assign.value.value in optional
    }
    for node in find_all(init.body, cst.Comparison, cst.BooleanOperation):
        operand = node.left
        if isinstance(node, cst.Comparison) and not all(isinstance(c.operator, (cst.Is, cst.IsNot)) for c in node.comparisons):
            continue
        if isinstance(node, cst.BooleanOperation) and not isinstance(node.operator, cst.Or):
            continue
        if (isinstance(operand, cst.Name) and operand.value in optional) or (is_self_attribute(operand) and operand.attr.value in stored):
            return True
    return False


def _callers(project, found: locate.Definition) -> Analysis:
    """The calls of the class, under any name it is exported as, file by file."""
    names = frozenset(locate.reexported_names(project, found.module_name, found.node.name.value))
    return Analysis(locate.call_positions, tuple(locate.files_naming(project, names)), (names,))


# -- rewriting ----------------------------------------------------------------


def _rewrite(project, path, cls, init, deps: list[Dependency]) -> cst.Module:
    module = project.module(path)
    scopes = project.metadata(path).resolve(cst.metadata.ScopeProvider)
    pep604 = any(isinstance(a.annotation, cst.BinaryOperation) and isinstance(a.annotation.operator, cst.BitOr) for a in find_all(module, cst.Annotation))
    quote = preferred_quote(project.text(path))
    edits = {}
    for dep in deps:
        for name in _local_reads(scopes, dep):
            edits[name] = lambda _n, attr=dep.attr: cst.Attribute(cst.Name("self"), cst.Name(attr))
    for helper in {d.method for d in deps if d.method is not init}:
        doomed = [d.index for d in deps if d.method is helper]
        edits[helper] = lambda node, idx=doomed: node.with_changes(body=remove_statements_at(node.body, idx))
    edits[init] = lambda node: _new_init(project, node, init, deps, pep604, quote)
    module = apply_edits(module, edits)
    if not pep604 and not locate.module_binds(module, "Optional"):
        module = ensure_import(
            module, module_name=project.module_name(path) or "", package=project.package_of(path) or "", source="typing", name="Optional"
        )
    return module


def _local_reads(scopes, dep: Dependency) -> list[cst.Name]:
    """Where the method reads the local the dependency was bound to."""
    if dep.local is None:
        return []
    creating = dep.method.body.body[dep.index].body[0].targets[0].target
    scope = scopes[creating]
    return [access.node for assignment in scope[dep.local] for access in assignment.references if isinstance(access.node, cst.Name)]


def _new_init(project, node: cst.FunctionDef, original: cst.FunctionDef, deps, pep604: bool, quote: str) -> cst.FunctionDef:
    style = project.style
    body = list(node.body.body)
    stores = {}
    for dep in deps:
        default = code_of(dep.call)
        target = f"self.{dep.attr}"
        store = formatted_statements(style, f"{target} = {dep.param} if {dep.param} is not None else {default}\n", depth=2, quote=quote)
        if dep.method is original:
            body[dep.index] = store[0].with_changes(leading_lines=body[dep.index].leading_lines)
        else:
            helper_call = next(i for i, s in enumerate(original.body.body) if self_call(s) == dep.method.name.value)
            stores.setdefault(helper_call, []).extend(store)
    for index in sorted(stores, reverse=True):
        first, *rest = stores[index]
        body[index:index] = [first.with_changes(leading_lines=body[index].leading_lines), *rest]
        body[index + len(stores[index])] = body[index + len(stores[index])].with_changes(leading_lines=[])
    node = _with_params(style, node, deps, pep604)
    if node.get_docstring() is None:
        body.insert(0, _docstring(style, node, deps, quote))
    return node.with_changes(body=node.body.with_changes(body=body))


def _with_params(style, node: cst.FunctionDef, deps, pep604: bool) -> cst.FunctionDef:
    params = node.params
    new = [
        cst.Param(cst.Name(d.param), cst.Annotation(cst.parse_expression(f"{d.cls} | None" if pep604 else f"Optional[{d.cls}]")), default=cst.Name("None"))
        for d in deps
    ]
    star = params.star_arg if isinstance(params.star_arg, (cst.Param, cst.ParamStar)) else cst.ParamStar()
    params = params.with_changes(star_arg=star, kwonly_params=[*params.kwonly_params, *new])
    returns = f" -> {code_of(node.returns.annotation)}" if node.returns else ""
    header = f"def {node.name.value}({code_of(params)}){returns}:\n    pass\n"
    formatted = formatted_statements(style, header, depth=1)[0]
    return node.with_changes(
        params=formatted.params,
        whitespace_before_params=formatted.whitespace_before_params,
        returns=formatted.returns,
        whitespace_before_colon=formatted.whitespace_before_colon,
    )


def _docstring(style, node: cst.FunctionDef, deps, quote: str) -> cst.BaseStatement:
    lines = ["Create the object; its dependencies may be passed in.", "", "Args:"]
    params = node.params
    for p in (*params.posonly_params, *params.params, *params.kwonly_params):
        name = p.name.value
        if name in ("self", "cls"):
            continue
        dep = next((d for d in deps if d.param == name), None)
        if dep is not None:
            text = f"{name}: the {dep.cls} to use; a default one is created when None."
        else:
            kind = f" ({code_of(p.annotation.annotation)})" if p.annotation else ""
            text = f"{name}{kind}: required." if p.default is None else f"{name}{kind}: optional."
        width = max(style.line_length - len(INDENT) * 3, 40)
        lines.append(textwrap.fill(text, width, initial_indent=INDENT, subsequent_indent=INDENT * 2))
    text = "\n".join(lines)
    return formatted_statements(style, f'"""{text}\n"""\n', depth=2, quote=quote)[0]
