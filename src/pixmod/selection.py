"""Which architecture rules a ``check`` runs: ``[tool.pixmod.rules] ignore``
from the configuration, then ``--select`` and ``--ignore`` from the command
line, as ruff layers them.

A selector is a rule code (``PX003``), a prefix of codes (``PX00``, ``PX``),
``ALL``, or a rule's name (``self-built-dependencies``); case does not matter
for codes. ``--select`` names exactly the rules to run (the configuration's
``ignore`` does not apply to them); ``--ignore`` then leaves rules out.
A selector that matches no rule is an error, so a typo never silently
turns a rule off.
"""

from __future__ import annotations

from typing import Iterable, Sequence


class UnknownSelector(ValueError):
    """A ``--select``/``--ignore`` value that names no rule."""


def split(values: Iterable[str]) -> tuple[str, ...]:
    """Repeated options and comma-separated lists alike: ``--select PX001,PX003``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def matching(selector: str, rules: Sequence) -> list[str]:
    """The codes of the rules that ``selector`` names."""
    key = selector.upper()
    if key == "ALL":
        return [r.code for r in rules]
    return [r.code for r in rules if r.code.startswith(key) or r.name == selector]


def ignored_codes(rules: Sequence, *, config_ignore: Iterable[str] = (), select: Iterable[str] = (),
                  ignore: Iterable[str] = ()) -> tuple[str, ...]:
    """The codes of ``rules`` not to run (see the module docstring)."""
    def resolve(option: str, selectors: Iterable[str]) -> set[str]:
        codes: set[str] = set()
        for selector in selectors:
            found = matching(selector, rules)
            if not found:
                known = ", ".join(f"{r.code} ({r.name})" for r in rules)
                raise UnknownSelector(f"{option} {selector}: no rule has this code, prefix or name (known: {known})")
            codes.update(found)
        return codes

    select, ignore = tuple(select), tuple(ignore)
    running = resolve("--select", select) if select else {r.code for r in rules} - set(config_ignore)
    running -= resolve("--ignore", ignore)
    return tuple(r.code for r in rules if r.code not in running)
