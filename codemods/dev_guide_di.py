"""dev-guide-di: document the dependency-injection pattern in the guide.

The report's Phase 1, item 3: "Document DI patterns in DEVELOPMENT_GUIDE.md".
Where the project has a ``DEVELOPMENT_GUIDE.md`` (``guide`` may name another
path) without a dependency-injection section, this adds one: the optional
keyword-only pattern, using the engine factory, and what to avoid, with
examples built from the tree itself: the real DI target class, its
``__init__`` signature and the defaults it stores, and the factory.

The section goes before the code-style section when the guide has one
("Code style", "Coding style", "Style guide", "Formatting"), else at the
end, at the level of the guide's other sections. An existing section whose
heading mentions dependency injection (or "DI") is never touched:
``already applied``. Skipped: no guide; no target class in the tree (an
unrelated project's guide gets nothing generic). Error: several guides.
"""

from __future__ import annotations

import re
import textwrap

from pixmod.lazy import cst

from pixmod import targets
from pixmod.codemod import Codemod, Option
from pixmod.model import CodemodError, FileChange, Outcome, SkipCodemod
from pixmod.syntax import locate
from pixmod.syntax.nodes import only_statement

GUIDE = targets.DEVELOPMENT_GUIDE
FACTORY = targets.ENGINE_FACTORY
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
DI_HEADING = re.compile(r"dependency[ -]injection|\bDI\b", re.IGNORECASE)
STYLE_HEADING = re.compile(r"code style|coding style|style guide|formatting|conventions", re.IGNORECASE)
FENCE = re.compile(r"^(```|~~~)")


class DevGuideDI(Codemod):
    name = "dev-guide-di"
    description = "Add a dependency-injection section to DEVELOPMENT_GUIDE.md, with the tree's real names."
    options = (
        Option("guide", None, f"path of the guide, relative to PATH (default: the one {GUIDE} in the tree)"),
        Option("target", targets.PROMPT_SERVICE, "the class whose constructor illustrates the pattern: 'Class' or 'module:Class'"),
    )

    def plan(self, project, options) -> Outcome:
        path = _guide(project, options["guide"])
        text = project.text(path)
        headings = _headings(text)
        if any(DI_HEADING.search(title) for _, _, title in headings):
            return Outcome.already_applied()
        target = _target(project, options["target"])
        section = _section(project, target, _section_level(headings))
        lines = text.splitlines(keepends=True)
        style = next(((index, level) for index, level, title in headings if STYLE_HEADING.search(title)), None)
        if style is not None:
            index = style[0]
            new = lines[:index] + [section, "\n"] + lines[index:]
            where = "before the code-style section"
        else:
            ending = "" if not lines or lines[-1].endswith("\n") else "\n"
            new = lines + [ending, "\n" if lines else "", section]
            where = "at the end"
        return Outcome.applied(f"added a dependency-injection section to {path}, {where}", [FileChange(path, "".join(new))])


def _guide(project, pinned: str | None) -> str:
    if pinned:
        if not project.exists(pinned):
            raise CodemodError(f"[tool.pixmod.dev-guide-di] guide = '{pinned}' does not exist")
        return pinned
    found = [doc for doc in project.documents if doc.rpartition("/")[2] == GUIDE]
    if not found:
        raise SkipCodemod(f"no {GUIDE} in the tree")
    if len(found) > 1:
        raise CodemodError(f"several {GUIDE} files ({', '.join(found)}); choose one with [tool.pixmod.dev-guide-di] guide")
    return found[0]


def _target(project, name: str) -> locate.Definition:
    """The class the section is about. A guide of a project without it (an
    unrelated project that happens to have a guide) is not this codemod's:
    skipped, so that nothing generic is written there."""
    module, _, class_name = name.rpartition(":")
    try:
        return locate.find_unique_definition(
            project, class_name, kind="class", pinned=name if module else None, option="target", codemod="dev-guide-di",
            what=f"the class illustrating the pattern ({class_name})", pin_name=True,
        )
    except SkipCodemod as exc:
        raise SkipCodemod(f"no class {class_name} in the tree, so no real example for a dependency-injection section ({exc})") from exc


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(line index, level, title) of each Markdown heading outside code fences."""
    found, fenced = [], False
    for index, line in enumerate(text.splitlines()):
        if FENCE.match(line):
            fenced = not fenced
            continue
        match = HEADING.match(line) if not fenced else None
        if match:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def _section_level(headings) -> int:
    levels = [level for _, level, _ in headings]
    if not levels:
        return 2
    top = min(levels)
    below = [level for level in levels if level > top]
    return min(below) if below and levels.count(top) == 1 else top


def _section(project, target: locate.Definition, level: int) -> str:
    hashes = "#" * level
    example, injected = _target_example(project, target)
    factory = _factory(project)
    parts = [
        f"{hashes} Dependency injection\n\n",
        "Services receive their collaborators instead of building them. A collaborator a\n"
        "service used to create itself becomes an optional keyword-only constructor\n"
        "argument whose default keeps existing callers working:\n\n",
    ]
    if example:
        parts.append(f"```python\n{example}```\n\n")
    parts += [
        "- Compare with `is not None`, never `or`: an injected object that happens to be\n"
        "  falsy (an empty fake, a collection) must be kept.\n",
        "- Keep injected arguments keyword-only (after `*`), so adding one never breaks a\n"
        "  positional caller.\n",
    ]
    if factory:
        bullet = f"- Build engines with `{factory[1]}()` from `{factory[0]}`, not with the class itself: configuration then lives in one place."
        parts.append(textwrap.fill(bullet, 80, subsequent_indent="  ", break_on_hyphens=False) + "\n")
    if injected:
        name, positional, arg = injected
        args = ", ".join([*positional, f"{arg}=Fake{_camel(arg)}()"])
        parts.append(f"\nTests pass fakes in:\n\n```python\nservice = {name}({args})\n```\n")
    parts += [
        "\nAvoid:\n\n",
        "- creating services, engines or clients inside `__init__` (or the helpers it\n"
        "  calls) with no way to pass them in;\n",
        "- registering things as a side effect of importing a module: register\n"
        "  explicitly from the startup sequence instead;\n",
        "- module-level singletons that tests cannot replace.\n",
    ]
    return "".join(parts)


def _target_example(project, found: locate.Definition) -> tuple[str | None, tuple[str, list[str], str] | None]:
    """The target's ``__init__`` header and the statements storing its
    injectable arguments, as source; and a call to show: (class, required
    positional arguments, one injectable argument)."""
    target = found.node.name.value
    init = next((s for s in found.node.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if init is None:
        return None, None
    injectable = [p.name.value for p in init.params.kwonly_params if p.default is not None]
    if not injectable:
        return None, None  # not converted (yet): it would show the opposite of the pattern
    stores = [
        stmt for stmt in init.body.body
        if isinstance(getattr(only_statement(stmt, cst.Assign), "value", None), cst.IfExp)
        and isinstance(stmt.body[0].value.test, cst.Comparison)
    ]
    body = cst.IndentedBlock([*stores, cst.SimpleStatementLine([cst.Expr(cst.Ellipsis())])])
    cls = cst.ClassDef(name=cst.Name(target), body=cst.IndentedBlock([init.with_changes(body=body, leading_lines=[])]))
    example = cst.Module([cls]).code
    positional = [p.name.value for p in (*init.params.posonly_params, *init.params.params)[1:] if p.default is None]
    return example, (target, positional, injectable[-1])


def _factory(project) -> tuple[str, str] | None:
    found = locate.find_definitions(project, FACTORY, "def")
    if len(found) != 1:
        return None
    module = found[0].module_name
    package = module.rpartition(".")[0]
    init = project.path_of_module(package)
    if init and locate.module_binds(project.module(init), FACTORY):
        module = package
    return module, FACTORY


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
