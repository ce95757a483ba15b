"""Typed settings: one definition per setting, checked where it is read.

An :class:`Option` names a setting, its type, its choices (if any), its
default and a line of help. The same definition validates the value found
in ``[tool.pixmod]`` (a TOML value) and the one given on the command line
(``--set NAME.KEY=VALUE``, text parsed by the option's type), and it is what
``pixmod list --options`` and ``pixmod rules CODE`` show. Codemods declare
theirs as ``options``, architecture rules as ``OPTIONS``. A wrong value is an :class:`OptionError`
naming the key and the expected type, which the CLI reports as a usage error
(exit 2), never an internal error (Fixit type-checks rule options the same
way; black folds ``[tool.black]`` into its flags' defaults).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Any

# The types an option may have. A list is a list of strings (held as a tuple:
# settings are frozen for the run).
TYPES = (str, int, bool, list)
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


class OptionError(Exception):
    """A setting has a value its option does not accept; the message names
    the key and what it accepts."""


@dataclass(frozen=True)
class Option:
    """A setting: ``name``, ``default`` and ``help`` (positional, as every
    codemod declares them), then keyword-only ``type`` (inferred from the
    default when not given; a ``None`` default means an optional string),
    ``choices`` for a string that takes one of a few values, and ``minimum``
    for an integer."""

    name: str
    default: Any
    help: str
    type: type | None = field(default=None, kw_only=True)
    choices: tuple[str, ...] = field(default=(), kw_only=True)
    minimum: int | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        kind = self.type or _type_of(self.default)
        if kind not in TYPES:
            raise TypeError(f"option {self.name}: unsupported type {kind!r}")
        object.__setattr__(self, "type", kind)
        if isinstance(self.default, list):
            object.__setattr__(self, "default", tuple(self.default))
        if self.default is not None:
            self.validate(self.default, f"the default of {self.name}")

    @property
    def kind(self) -> builtins.type:
        """The option's type (set, or inferred from the default)."""
        assert self.type is not None  # __post_init__ sets it
        return self.type

    @property
    def expected(self) -> str:
        """What the option accepts, in words (for messages and listings)."""
        if self.choices:
            return "one of " + ", ".join(_toml(c) for c in self.choices)
        if self.kind is int:
            return "an integer" + (f" >= {self.minimum}" if self.minimum is not None else "")
        return {str: "a string", bool: "true or false", list: "a list of strings"}[self.kind]

    def validate(self, value: Any, where: str) -> Any:
        """``value`` as the run holds it (a list becomes a tuple), or an
        :class:`OptionError` saying ``where`` and what is expected."""
        ok = {
            str: lambda v: isinstance(v, str),
            int: lambda v: isinstance(v, int) and not isinstance(v, bool),
            bool: lambda v: isinstance(v, bool),
            list: lambda v: isinstance(v, (list, tuple)) and all(isinstance(item, str) for item in v),
        }[self.kind](value)
        if ok and self.choices:
            ok = value in self.choices
        if ok and self.minimum is not None:
            ok = value >= self.minimum
        if not ok:
            raise OptionError(f"{where} must be {self.expected}, not {_toml(value)}")
        return tuple(value) if self.type is list else value

    def parse(self, text: str, where: str) -> Any:
        """A value given as text on the command line, parsed by the option's
        type (a list: comma-separated) and validated."""
        value: Any = text
        if self.type is int:
            try:
                value = int(text.strip())
            except ValueError:
                pass  # validate() names the key and the expected type
        elif self.type is bool:
            word = text.strip().lower()
            value = True if word in _TRUE else False if word in _FALSE else text
        elif self.type is list:
            value = [item.strip() for item in text.split(",") if item.strip()]
        return self.validate(value, where)

    def describe(self, *, with_default: bool = True) -> str:
        """One line for listings: the key, what it accepts, its default (unless
        unset: the help says what happens then; or left out where a TOML
        listing of the defaults follows), its help."""
        default = "" if self.default is None or not with_default else f"; default: {_toml(self.default)}"
        return f"{self.name} ({self.expected}{default}): {self.help}"

    def toml(self) -> str:
        """``name = default`` as a line of TOML to paste into a table (commented
        out when the option has no default: it is unset unless given)."""
        return f"# {self.name} = ..." if self.default is None else f"{self.name} = {_toml(self.default)}"


def _type_of(default: Any) -> type:
    if default is None:
        return str
    for kind in (bool, int, str):  # bool first: it is an int too
        if isinstance(default, kind):
            return kind
    if isinstance(default, (list, tuple)):
        return list
    return type(default)


def _toml(value: Any) -> str:
    """``value`` spelled as in TOML, as the user wrote it in the config."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)
