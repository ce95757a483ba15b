"""Per-file analyses: what one may read about a file, and how one is declared.

A codemod or rule declares each per-file analysis it needs as an
:class:`Analysis`: a module-level function taking a :class:`FileView` (path,
text, module name, package; parsed lazily) and picklable, hashable
arguments, and the files to run it on. The engine computes every declared
analysis in one pass, each file parsed once for all of them
(:func:`analyse_several`), in a process pool or serially
(:mod:`pixmod.parallel`), and keeps the results in the analysis store
(:mod:`pixmod.cache`); ``plan()`` and ``check()`` read them through
:meth:`pixmod.project.Project.compute`, which refuses an analysis that was
not declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from pixmod.model import CodemodError

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from pixmod.syntax.nodes import NodeIndex
    from pixmod.syntax.positions import NodeStarts


class FileView:
    """What a per-file analysis may read about one file."""

    def __init__(self, path: str, text: str, module_name: str | None, package: str | None, module=None, wrapper=None, starts=None):
        self.path, self.text, self.module_name, self.package = path, text, module_name, package
        self._shared = (module, wrapper, starts)  # the tree's own, given
        self._module = module
        self._wrapper = wrapper if wrapper is not None and wrapper.module is module else None
        self._starts = starts if starts is not None and starts.module is module else None
        self._nodes: "NodeIndex | None" = None
        self.memo: dict[Any, Any] = {}  # derived from this parse, shared by the analyses of one pass

    def __getstate__(self):  # the parsed tree is rebuilt on the other side
        return {"path": self.path, "text": self.text, "module_name": self.module_name, "package": self.package}

    def __copy__(self) -> "FileView":
        """A view whose own parse dies with it (as a worker's copy does);
        what the tree had parsed already is shared."""
        return FileView(self.path, self.text, self.module_name, self.package, *self._shared)

    def __setstate__(self, state):
        self.__init__(**state)

    def module(self) -> "cst.Module":
        if self._module is None:
            from pixmod.parsing import parse

            self._module = parse(self.path, self.text)
        return self._module

    def metadata(self) -> "MetadataWrapper":
        if self._wrapper is None:
            from pixmod.syntax.metadata import metadata_wrapper

            self._wrapper = metadata_wrapper(self.module())
        return self._wrapper

    def starts(self) -> "NodeStarts":
        """Where each node of :meth:`module` starts (line, column)."""
        if self._starts is None:
            from pixmod.syntax.positions import NodeStarts

            self._starts = NodeStarts(self.module())
        return self._starts

    def nodes(self) -> "NodeIndex":
        """Every node of :meth:`module`, in walk order, with its parent."""
        if self._nodes is None:
            from pixmod.syntax.nodes import NodeIndex

            self._nodes = NodeIndex(self.module())
        return self._nodes

    def qualified_names(self, node: "cst.CSTNode") -> set[str]:
        """Absolute qualified names a node of the file may refer to."""
        from pixmod.syntax.names import qualified_names

        return qualified_names(self.metadata(), node, self.module_name or self.path, self.package or "")


@dataclass(frozen=True)
class Analysis:
    """A per-file analysis a codemod or rule declares: ``func(view, *args)``
    on each of ``paths``."""

    func: Callable[..., Any]
    paths: tuple[str, ...]
    args: tuple = ()


class UndeclaredAnalysis(Exception):
    """A codemod or rule asked for an analysis it did not declare (a bug in
    it: declare it in ``analyses()``)."""


@dataclass(frozen=True)
class Failed:
    """An analysis that raised a :class:`~pixmod.model.CodemodError` (a file
    that does not parse or decode): raised again where its result is read."""

    error: CodemodError


def analyse_several(view: FileView, calls: dict[str, tuple[tuple[Callable, tuple], ...]]) -> list[Any]:
    """Several analyses of one file, one after the other on the same parsed
    tree. An analysis that meets a file it cannot read gives a
    :class:`Failed`; any other exception is a bug and propagates."""
    results: list[Any] = []
    for func, args in calls[view.path]:
        try:
            results.append(func(view, *args))
        except CodemodError as exc:
            results.append(Failed(exc))
    return results
