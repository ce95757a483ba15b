"""A LibCST metadata wrapper that skips a walk which does nothing.

LibCST runs batchable providers inside one batched walk over the whole
module, handing each node to the providers' ``visit_<Node>`` methods.
``ScopeProvider`` and ``ExpressionContextProvider`` do all their work in
``visit_Module``, where each walks the module with a visitor of its own; the
batched walk around them then visits every other node for nothing. A scope
analysis pays that walk twice (once for each provider), about half its
cost: 20 -> 10 ms for a 2 KB file. Expression contexts, moreover, come
from :mod:`pixmod.syntax.contexts`, which applies the provider's rules in a
walk that rebuilds no node.

:class:`DirectMetadataWrapper` runs such a provider's ``visit_Module`` by
itself, exactly as the batched walk would call it, and stores the result as
LibCST does. A provider qualifies when what the batched walk would dispatch
to it (its ``get_visitors()``, public LibCST API) is ``visit_Module`` alone;
every other provider, and every provider when this LibCST's wrapper has
another shape (it uses the wrapper's private ``_metadata`` and the
providers' ``_computed``), goes through LibCST's own resolution. A test
compares the scopes with LibCST's on every golden file.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Collection, Mapping

from libcst import Module
from libcst.metadata import BatchableMetadataProvider, ExpressionContextProvider, MetadataWrapper
from libcst.metadata.base_provider import ProviderT

from pixmod.syntax.compat import shortcuts
from pixmod.syntax.contexts import MIRRORS_LIBCST, expression_contexts

_module_level: dict[type, bool] = {}  # provider class -> does all its work in visit_Module


def _is_module_level(provider: ProviderT) -> bool:
    if provider not in _module_level:
        _module_level[provider] = (
            isinstance(provider, type) and issubclass(provider, BatchableMetadataProvider) and not provider.gen_cache
            and set(provider().get_visitors()) == {"visit_Module"}
        )
    return _module_level[provider]


def _dependency_order(providers: Collection[ProviderT]) -> list[ProviderT]:
    """``providers`` and all they depend on, each after its dependencies."""
    ordered: list[ProviderT] = []
    seen: set[ProviderT] = set()

    def add(provider: ProviderT) -> None:
        if provider not in seen:
            seen.add(provider)
            for dependency in provider.METADATA_DEPENDENCIES:
                add(dependency)
            ordered.append(provider)

    for provider in providers:
        add(provider)
    return ordered


class DirectMetadataWrapper(MetadataWrapper):
    """A ``MetadataWrapper`` that runs whole-module providers without the
    batched walk (see the module docstring). Same metadata, same API."""

    __slots__ = ()
    _direct = True  # False once this LibCST has proved to have another shape

    def resolve_many(self, providers: Collection[ProviderT]) -> Mapping[ProviderT, Mapping]:
        if DirectMetadataWrapper._direct:
            try:
                for provider in _dependency_order(providers):
                    if provider in self._metadata:
                        continue
                    if provider is ExpressionContextProvider and MIRRORS_LIBCST and shortcuts():
                        self._metadata[provider] = MappingProxyType(expression_contexts(self.module))
                    elif _is_module_level(provider):
                        self._metadata[provider] = self._run_visit_module(provider)
            except AttributeError:  # pragma: no cover - a LibCST without these internals
                DirectMetadataWrapper._direct = False
        return super().resolve_many(providers)

    def _run_visit_module(self, provider_class: ProviderT) -> Mapping:
        provider: Any = provider_class()  # a BatchableMetadataProvider (see _is_module_level)
        with provider.resolve(self):  # its dependencies, through resolve_many
            provider.visit_Module(self.module)
        return MappingProxyType(dict(provider._computed))


def wrapper_class() -> type[MetadataWrapper]:
    """LibCST's ``MetadataWrapper``, or :class:`DirectMetadataWrapper` on a
    LibCST release it was tested with (see :mod:`pixmod.syntax.compat`)."""
    return DirectMetadataWrapper if shortcuts() else MetadataWrapper


def metadata_wrapper(module: Module) -> MetadataWrapper:
    """A metadata wrapper over ``module`` itself (not a copy: the nodes the
    providers key their results by are the module's own), of
    :func:`wrapper_class`. Qualified names are made absolute by
    :mod:`pixmod.syntax.names`, which knows the module's name and package."""
    return wrapper_class()(module, unsafe_skip_copy=True)
