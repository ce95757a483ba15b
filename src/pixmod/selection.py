"""Which architecture rules a ``check`` runs: ``[tool.pixmod.rules] select``
and ``ignore`` from the configuration, then ``--select`` and ``--ignore``
from the command line, as ruff layers them.

A selector is a rule code (``PX003``), a prefix of codes (``PX00``, ``PX``),
``ALL``, or a rule's name (``self-built-dependencies``); case does not matter
for codes. The configuration's ``select`` names the rules to run (default:
all of them) and its ``ignore`` leaves some of those out. ``--select``
replaces both: it names exactly the rules to run (the configuration's
``ignore`` does not apply to them). ``--ignore`` then leaves rules out of
whichever set runs. A selector that matches no rule is an error, so a typo
never silently turns a rule off.
"""

from __future__ import annotations

from typing import Iterable, Sequence


class UnknownSelector(ValueError):
    """A ``select``/``ignore`` value that names no rule."""


def split(values: Iterable[str]) -> tuple[str, ...]:
    """Repeated options and comma-separated lists alike: ``--select PX001,PX003``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def matching(selector: str, rules: Sequence) -> list[str]:
    """The codes of the rules that ``selector`` names."""
    key = selector.upper()
    if key == "ALL":
        return [r.code for r in rules]
    return [r.code for r in rules if r.code.startswith(key) or r.name == selector]


def ignored_codes(rules: Sequence, *, config_select: Iterable[str] = (), config_ignore: Iterable[str] = (),
                  select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[str, ...]:
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

    select, ignore, config_select = tuple(select), tuple(ignore), tuple(config_select)
    if select:
        running = resolve("--select", select)
    else:
        running = resolve("[tool.pixmod.rules] select", config_select) if config_select else {r.code for r in rules}
        running -= resolve("[tool.pixmod.rules] ignore", config_ignore)
    running -= resolve("--ignore", ignore)
    return tuple(r.code for r in rules if r.code not in running)
