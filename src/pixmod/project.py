"""The target tree: its files, module names, parsed modules and edits.

A :class:`Project` is what codemods read. It lists the Python files under the
root (skipping VCS folders, virtualenvs, caches and build output), maps paths
to dotted module names the way Python would (walking up while ``__init__.py``
exists), reads and parses lazily with a cache, offers a cheap text pre-filter,
and holds the in-memory edited state so each codemod sees the output of the
ones before it. It never writes to disk: the runner does.
"""

from __future__ import annotations

import contextlib
import functools
import fnmatch
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterable

from pixmod import io as pio
from pixmod.cache import MISSING, AnalysisStore, file_key, text_digest
from pixmod.model import CodemodError, FileChange, RunWarning
from pixmod.analysis import Analysis, Failed, FileView, UndeclaredAnalysis, analyse_several
from pixmod.parallel import Executor
from pixmod.parsing import parse

if TYPE_CHECKING:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from pixmod.formatting import Style
    from pixmod.syntax.positions import NodeStarts

# Folders never scanned: VCS data, caches, build output, dependency trees.
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "__pycache__",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules", "build",
        "dist", "site-packages", ".eggs",
    }
)


UNDECODABLE = b""  # the digest noted for a file whose text could not be decoded


@dataclass
class Question:
    """One yes/no question the run asked about files' texts
    (:meth:`Project.files_where`): of which files (None: every Python file),
    and which said yes, of their texts on disk (a file a codemod edited is
    noted as read whole instead)."""

    test: Callable[..., bool]
    args: tuple
    paths: set[str] | None = field(default_factory=set)
    yes: set[str] = field(default_factory=set)


@dataclass
class AnalysisUse:
    """The results of one per-file analysis (:meth:`Project.map_files`) the
    run used, by file."""

    func: Callable[..., Any]
    args: tuple
    results: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reads:
    """What a run learned of the files' texts, for :mod:`pixmod.replay`:
    the files it looked at (each with its size and modification time
    before the read, and its text's digest), those it read whole, whose
    every character may matter to the result, the answers to the yes/no
    questions it asked (the pre-filters) and the results of the per-file
    analyses it used, which are all it used of the other files."""

    seen: dict[str, tuple[pio.Stat | None, bytes | None]] = field(default_factory=dict)  # digest None: worked out later
    whole: set[str] = field(default_factory=set)
    questions: dict[bytes, Question] = field(default_factory=dict)  # by the store's analysis key
    analyses: dict[bytes, AnalysisUse] = field(default_factory=dict)  # likewise
    exists: dict[str, bool] = field(default_factory=dict)  # paths outside the listing looked up, and what was found
    started: int = field(default_factory=time.time_ns)  # before any of the above was learned
    warned: list[tuple[str, str | None]] = field(default_factory=list)  # Project.warn calls, in order
    # Of a part of the run (Project.recording): what it learned of files as
    # the codemods before it left them, questions and analyses as above.
    edited_questions: dict[bytes, Question] = field(default_factory=dict)
    edited_analyses: dict[bytes, AnalysisUse] = field(default_factory=dict)

    def asked(
        self, key: bytes, test: Callable[..., bool], args: tuple, paths: Iterable[str] | None, yes: Iterable[str], *, edited: bool = False,
    ) -> None:
        questions = self.edited_questions if edited else self.questions
        question = questions.get(key)
        if question is None:
            question = questions[key] = Question(test, args)
        if paths is None:
            question.paths = None
        elif question.paths is not None:
            question.paths.update(paths)
        question.yes.update(yes)

    def used(self, key: bytes, func: Callable[..., Any], args: tuple, rel: str, result: Any, *, edited: bool = False) -> None:
        analyses = self.edited_analyses if edited else self.analyses
        use = analyses.get(key)
        if use is None:
            use = analyses[key] = AnalysisUse(func, args)
        use.results[rel] = result


@dataclass
class _Entry:
    source: pio.SourceFile | None  # None for a file created in this run
    text: str
    module: "cst.Module | None" = None
    wrapper: "MetadataWrapper | None" = None
    starts: "NodeStarts | None" = None


class Project:
    """The tree under ``root`` as codemods see it (see module docstring)."""

    def __init__(
        self, root: Path, *, style: "Style | None" = None, package: str | None = None, exclude: Iterable[str] = (),
        executor: Executor | None = None, store: AnalysisStore | None = None,
    ):
        self.root = root.resolve()
        self._root = str(self.root)
        if style is None:
            from pixmod.formatting import Style

            style = Style()
        self.style = style
        self.executor = executor or Executor()
        self._declared: set[tuple] | None = None  # while a codemod or rule runs: the analyses it declared
        self.store = store if store is not None else AnalysisStore()  # per-file results (see pixmod.cache)
        self.exclude = self._exclude = tuple(exclude)
        self._ignored = pio.git_ignored(self.root)
        self._entries: dict[str, _Entry] = {}
        self._unreadable: dict[str, str] = {}
        self._warnings: dict[str, str | None] = {}  # what the run went on without (and the file), in order, once each
        self._file_keys: dict[str, bytes] = {}  # path -> key of its current text (see pixmod.cache)
        self._on_disk: dict[str, bytes] = {}  # path -> key of its text on disk, where known
        self._stats: dict[str, pio.Stat] = {}  # stats just taken by someone else (note_stats)
        found = sorted(self._walk())
        self.files: list[str] = [rel for rel in found if rel.endswith(".py")]
        self.documents: list[str] = [rel for rel in found if rel.endswith(".md")]  # Markdown, for docs codemods
        self.listed: tuple[str, ...] = (*self.files, *self.documents)  # as found on disk, before any edit
        self._listed_python = frozenset(self.files)
        self._listed_set = frozenset(self.listed)
        self.reads = Reads()  # what the run learned of the files' texts (see pixmod.replay)
        self._units: list[Reads] = []  # what the parts of the run now running learned (recording)
        self._edited: set[str] = set()  # listed files a codemod edited in this run
        self._known: dict[bytes, tuple[frozenset[str] | None, frozenset[str]]] = {}  # answers known (know_answers)
        self._package_cache: dict[str, list[str]] = {}
        self._folder_packages: dict[str, str] = {}  # folder (relative) -> the dotted package it is ("" for none)
        self._files_by_key: dict[bytes, list[str]] | None = None  # every Python file by its key (see files_where)
        self._module_names: dict[str, str | None] = {}  # computed on first use: a replayed check needs none
        self._by_module: dict[str | None, str] | None = None
        # The application package: configured, or found by evidence on first
        # use (pixmod.layout; a replayed check never needs it).
        self._package, self._package_choice, self._package_known = package, None, package is not None
        self.shard: tuple[int, int] | None = None  # (i, n): report on the i-th of n parts of the files only

    # -- listing -------------------------------------------------------
    def _walk(self) -> list[str]:
        """The Python and Markdown files under the root (regular files: no
        symlink, socket or pipe), relative, in no particular order."""
        # os.scandir rather than os.walk and pathlib: the entries tell files,
        # folders and symlinks apart without a system call per file. A lean
        # loop: a replayed check of 6,725 files spends most of its time here.
        excluded = self._excluded if self._ignored or self._exclude else _nothing_excluded
        found: list[str] = []
        folders = [""]
        while folders:
            folder = folders.pop()
            prefix = f"{folder}/" if folder else ""
            try:
                with os.scandir(f"{self._root}/{folder}") as listing:
                    entries = list(listing)
            except OSError:  # unreadable: skipped, as os.walk does
                continue
            for entry in entries:
                name = entry.name
                if name.endswith((".py", ".md")) and entry.is_file(follow_symlinks=False):
                    if not excluded(prefix + name):
                        found.append(prefix + name)
                elif entry.is_dir(follow_symlinks=False):
                    rel = prefix + name
                    if (
                        name not in SKIP_DIRS and not name.endswith(".egg-info")
                        and not os.path.exists(f"{entry.path}/pyvenv.cfg")
                        and not excluded(rel)
                    ):
                        folders.append(rel)
        return found

    def _excluded(self, rel: str) -> bool:
        if rel in self._ignored or rel + "/" in self._ignored:
            return True
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.rstrip("/") + "/*") for pat in self._exclude)

    # -- module names --------------------------------------------------
    def _compute_module_name(self, rel: str) -> str | None:
        folder, _, name = rel.rpartition("/")
        package = self._folder_packages.get(folder)
        if package is None:
            package = self._folder_packages[folder] = ".".join(self._package_parts(f"{self._root}/{folder}" if folder else self._root))
        if name == "__init__.py":
            return package or None
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name
        return f"{package}.{stem}" if package else stem

    def _package_parts(self, directory: str) -> list[str]:
        """The dotted parts of the package a folder is (walking up while
        ``__init__.py`` exists), memoized per folder."""
        cache = self._package_cache
        if directory not in cache:
            parent = os.path.dirname(directory)
            init = f"{directory}/__init__.py"
            below = init.startswith(self._root + "/") and init[len(self._root) + 1:] in self._listed_set
            found = parent != directory and (below or os.path.isfile(init))
            # Module names follow it: an __init__.py outside the listing
            # (ignored, excluded, above the root) is a dependency of the run.
            if parent != directory and not below:
                self.reads.exists[init] = found
            if found:
                cache[directory] = [*self._package_parts(parent), os.path.basename(directory)]
            else:
                cache[directory] = []
        return cache[directory]

    def module_name(self, rel: str) -> str | None:
        """Dotted module name of a file (``None`` outside any package)."""
        if rel not in self._module_names:
            self._module_names[rel] = self._compute_module_name(rel)
        return self._module_names[rel]

    def package_of(self, rel: str) -> str | None:
        """The package a module's relative imports resolve against."""
        name = self.module_name(rel)
        if name is None or rel.endswith("__init__.py"):
            return name
        return name.rpartition(".")[0] or None

    def path_of_module(self, dotted: str) -> str | None:
        """The file defining ``dotted`` (module or package ``__init__``)."""
        if self._by_module is None:
            self._by_module = {}
            for rel in self.files:
                self._by_module.setdefault(self.module_name(rel), rel)
        return self._by_module.get(dotted)

    @property
    def package(self) -> str | None:
        """The application package (configured, or found by evidence)."""
        self.find_package()
        return self._package

    def find_package(self, finder: "Callable[[], tuple[str | None, Any]] | None" = None) -> None:
        """Find the application package now, unless configured or found
        already: by ``finder`` (which gives what
        :func:`pixmod.layout.application_package` gives), by default by
        that function."""
        if self._package_known:
            return
        if finder is None:
            from pixmod.layout import application_package

            finder = functools.partial(application_package, self)
        self._package, self._package_choice = finder()
        self._package_known = True

    @property
    def package_choice(self):
        """How the application package was found (None when configured)."""
        _ = self.package  # found on first use
        return self._package_choice

    def in_shard(self, rel: str) -> bool:
        """Whether the file belongs to this run's shard (all do without one)."""
        return self.shard is None or shard_of(rel, self.shard[1]) == self.shard[0] - 1

    def area_of(self, rel: str) -> str:
        """The first two path parts under the package root (``api/v1``)."""
        name = self.module_name(rel) or ""
        prefix = (self.package or "") + "."
        tail = name[len(prefix):] if name.startswith(prefix) else name
        return "/".join(tail.split(".")[:2])

    # -- reading and parsing --------------------------------------------
    def exists(self, rel: str) -> bool:
        if rel in self._entries:
            return True
        found = (self.root / rel).is_file()
        if rel not in self._listed_set:
            self.reads.exists[rel] = found
        return found

    # -- what the run learns (pixmod.replay) ------------------------------
    @contextlib.contextmanager
    def recording(self, reads: Reads):
        """Within: what the run learns of the files' texts is noted in
        ``reads`` too (a part of the run: a rule, a codemod), as well as in
        :attr:`reads`. Module names and the files' states on disk are the
        run's alone."""
        self._units.append(reads)
        try:
            yield reads
        finally:
            self._units.remove(reads)

    def _whole(self, rel: str) -> None:
        self.reads.whole.add(rel)
        for reads in self._units:
            reads.whole.add(rel)

    def _asked(self, key: bytes, test: Callable[..., bool], args: tuple, paths: list[str] | None, yes: Iterable[str]) -> None:
        touched = self._edited.intersection(self.files if paths is None else paths) if self._edited else ()
        if not touched:
            for reads in (self.reads, *self._units):
                reads.asked(key, test, args, paths, yes)
            return
        # The run notes answers of texts on disk, and reads an edited file
        # whole besides; a part notes those of the edited texts apart.
        yes = set(yes)
        self.reads.asked(key, test, args, paths, (yes - touched) | self._answers_on_disk(key, test, args, touched))
        self.reads.whole.update(touched)
        for reads in self._units:
            reads.asked(key, test, args, None if paths is None else [rel for rel in paths if rel not in touched], yes - touched)
            reads.asked(key, test, args, touched, yes & touched, edited=True)

    def _answers_on_disk(self, analysis: bytes, test: Callable[..., bool], args: tuple, paths: Iterable[str]) -> set[str]:
        """Those of ``paths`` (files a codemod edited) whose text on disk
        passes the test."""
        def on_disk(rel: str) -> str:
            return self._entries[rel].source.text

        keyed = [
            (rel, self._on_disk.get(rel) or file_key(text_digest(on_disk(rel)), self.module_name(rel), self.package_of(rel)))
            for rel in paths
        ]
        return self._answer(analysis, test, args, keyed, on_disk)

    def _used(self, key: bytes, func: Callable[..., Any], args: tuple, results: dict[str, Any]) -> None:
        for rel, result in results.items():
            edited = rel in self._edited
            if edited:  # the run reads an edited file whole; a part notes the result apart
                self.reads.whole.add(rel)
            else:
                self.reads.used(key, func, args, rel, result)
            for reads in self._units:
                reads.used(key, func, args, rel, result, edited=edited)

    @contextlib.contextmanager
    def _failing_reads_whole(self, paths: Iterable[str]):
        """Within: a failure (a file that does not parse, say) is noted as
        depending on the whole text of each of ``paths``, those it concerned."""
        try:
            yield
        except BaseException:
            for rel in paths:
                self._whole(rel)
            raise

    def _entry(self, rel: str) -> _Entry:
        """The file's entry, read whole: what the run finds may depend on
        any of its text (see :class:`Reads`)."""
        self._whole(rel)
        return self._read(rel)

    def _read(self, rel: str) -> _Entry:
        entry = self._entries.get(rel)
        if entry is None:
            try:
                source = pio.read_source(self.root / rel)
            except pio.UndecodableFile as exc:
                self._note_undecodable(rel)
                raise CodemodError(f"{rel}: cannot decode: {exc}") from exc
            entry = self._entries[rel] = _Entry(source=source, text=source.text)
            self.reads.seen.setdefault(rel, (source.stat, None))
        return entry

    def _note_undecodable(self, rel: str) -> None:
        """What the run learned of a file it could not decode: its state on
        disk, which a later check compares (pixmod.replay)."""
        if rel not in self.reads.seen:
            try:
                info = os.stat(f"{self._root}/{rel}")
            except OSError:
                return
            self.reads.seen[rel] = (pio.stat_of(info), UNDECODABLE)

    def text(self, rel: str) -> str:
        """Current text of a file (with this run's edits), ``\\n`` newlines."""
        return self._entry(rel).text

    def module(self, rel: str) -> "cst.Module":
        """The parsed current text of a file (cached)."""
        entry = self._entry(rel)
        if entry.module is None:
            entry.module = parse(rel, entry.text)
        return entry.module

    def metadata(self, rel: str) -> "MetadataWrapper":
        """A metadata wrapper over :meth:`module` that knows the module name,
        so ``FullyQualifiedNameProvider`` resolves relative imports."""
        entry = self._entry(rel)
        if entry.wrapper is None or entry.wrapper.module is not self.module(rel):
            from pixmod.syntax.metadata import metadata_wrapper

            entry.wrapper = metadata_wrapper(self.module(rel))
        return entry.wrapper

    def starts(self, rel: str) -> "NodeStarts":
        """Where each node of :meth:`module` starts (line, column)."""
        entry = self._entry(rel)
        if entry.starts is None or entry.starts.module is not self.module(rel):
            from pixmod.syntax.positions import NodeStarts

            entry.starts = NodeStarts(self.module(rel))
        return entry.starts

    def qualified_names(self, rel: str, node: "cst.CSTNode") -> set[str]:
        """Absolute qualified names a node of the file may refer to."""
        from pixmod.syntax.names import qualified_names

        return qualified_names(self.metadata(rel), node, self.module_name(rel) or rel, self.package_of(rel) or "")

    def view(self, rel: str) -> FileView:
        """The file as a per-file analysis sees it (see :mod:`pixmod.parallel`)."""
        self._whole(rel)
        return self._view(rel)

    def _view(self, rel: str) -> FileView:
        entry = self._read(rel)
        # Serial callers share the parsed tree and its metadata with the project.
        return FileView(rel, entry.text, self.module_name(rel), self.package_of(rel), module=entry.module, wrapper=entry.wrapper, starts=entry.starts)

    def map_files(self, func: Callable[..., Any], paths: Iterable[str], *args: Any) -> dict[str, Any]:
        """``func(view, *args)`` for each file, memoized by file text (and
        kept in the analysis cache) and run in the process pool when there
        are many; ``func`` must be a module-level function and ``args``
        hashable and picklable."""
        results, todo = {}, []
        for rel in paths:
            key, stored = self._recall(func, args, rel)
            if stored is not MISSING:
                results[rel] = stored
            else:
                todo.append((key, rel))
        with self._failing_reads_whole(rel for _, rel in todo):
            outputs = self.executor.map(func, [self._view(rel) for _, rel in todo], args)
            for (key, rel), output in zip(todo, outputs):
                results[rel] = self._remember(key, output)
        self._used(self.store.analysis_key(func, args), func, args, results)  # all the caller learns of each file (pixmod.replay)
        return {rel: results[rel] for rel in sorted(results)}

    def compute(self, analysis: Analysis) -> dict[str, Any]:
        """A declared analysis's result for each of its files, through
        :meth:`map_files` (already computed if it was prefetched). While a
        codemod or rule runs (:meth:`declared`), an analysis it did not
        declare raises :class:`UndeclaredAnalysis`."""
        if self._declared is not None and (analysis.func, analysis.args) not in self._declared:
            raise UndeclaredAnalysis(
                f"{analysis.func.__module__}.{analysis.func.__qualname__}{analysis.args!r:.200} was not declared by analyses()"
            )
        return self.map_files(analysis.func, analysis.paths, *analysis.args)

    @contextlib.contextmanager
    def declared(self, analyses: Iterable[Analysis]):
        """Within: :meth:`compute` serves only ``analyses`` (those the running
        codemod or rule declared), as LibCST's ``get_metadata`` serves only
        declared providers."""
        previous, self._declared = self._declared, {(a.func, a.args) for a in analyses}
        try:
            yield
        finally:
            self._declared = previous

    def prefetch(self, analyses: Iterable[Analysis]) -> None:
        """Compute declared analyses ahead of :meth:`map_files`, all of a
        file's in one go, so that each file is parsed once for all of them.
        Only ever saves time: a file edited since, or other arguments, make
        :meth:`map_files` compute afresh, and an analysis that cannot read a
        file is left for :meth:`map_files` to run (and raise) again."""
        calls: dict[str, list[tuple[Callable, tuple]]] = {}
        keys: dict[str, list[tuple]] = {}
        for analysis in analyses:
            for rel in analysis.paths:
                key, stored = self._recall(analysis.func, analysis.args, rel)
                if stored is MISSING and (analysis.func, analysis.args) not in calls.get(rel, []):
                    calls.setdefault(rel, []).append((analysis.func, analysis.args))
                    keys.setdefault(rel, []).append(key)
        paths = sorted(calls)
        frozen = {rel: tuple(calls[rel]) for rel in paths}
        for rel, outputs in zip(paths, self.executor.map(analyse_several, [self._view(rel) for rel in paths], (frozen,))):
            for key, output in zip(keys[rel], outputs):
                if not isinstance(output, Failed):  # raised again, in context, by map_files
                    self._remember(key, output)

    def _recall(self, func: Callable[..., Any], args: tuple, rel: str) -> tuple[tuple, Any]:
        """The store's key of ``func(view, *args)`` on the file, and the known
        result (or MISSING)."""
        key = (self.store.analysis_key(func, args), rel, self._key(rel))
        return key, self.store.get(*key)

    def _remember(self, key: tuple, output: Any) -> Any:
        self.store.put(*key, output)
        return output

    def file_key(self, rel: str) -> bytes:
        """A digest of the file's current text, module name and package: the
        file's part of a result's key (a result that depends on the whole
        text). Read from the store without reading the file when its size
        and modification time are those the store noted with it."""
        self._whole(rel)
        return self._key(rel)

    def _key(self, rel: str) -> bytes:
        key = self._file_keys.get(rel)
        if key is None:
            entry = self._entries.get(rel)
            digest = None
            if entry is None:
                stat = self._stats.pop(rel, None)
                if stat is None:
                    try:
                        info = os.stat(f"{self._root}/{rel}")
                        stat = pio.stat_of(info)
                    except OSError:
                        stat = None
                digest = self.store.known_digest(rel, stat) if stat else None
                if digest is None:
                    self.reads.seen[rel] = (stat, UNDECODABLE)  # unless the read below succeeds
                    entry = self._read(rel)
                    digest = text_digest(entry.text)
                    if stat:
                        self.store.note_digest(rel, stat, digest)
                self.reads.seen[rel] = (stat or entry.source.stat, digest)
            if digest is None:
                digest = text_digest(entry.text)
            key = self._file_keys[rel] = file_key(digest, self.module_name(rel), self.package_of(rel))
            if entry is None or entry.source is not None and entry.text == entry.source.text:
                self._on_disk[rel] = key
        return key

    def bytes_read_whole(self) -> dict[str, bytes]:
        """The digest of the bytes of each file read whole from disk."""
        whole = self.reads.whole
        return {rel: entry.source.digest for rel, entry in self._entries.items() if entry.source is not None and rel in whole}

    def note_stats(self, stats: dict[str, pio.Stat]) -> None:
        """(size, modification time) of files, just taken: used instead of
        taking them again (once each)."""
        self._stats.update(stats)

    def digest_on_disk(self, rel: str) -> bytes:
        """The digest of the file's text as read from disk (before this
        run's edits)."""
        entry = self._read(rel)
        return text_digest(entry.source.text if entry.source is not None else entry.text)

    def files_containing(self, *needles: str, among: Iterable[str] | None = None) -> list[str]:
        """Files (of ``among``, or all) whose current text contains every
        needle (a cheap pre-filter that decides what to parse, never what to
        change)."""
        return self.files_where(_contains, self.files if among is None else among, *needles)

    def files_where(self, test: Callable[..., bool], paths: Iterable[str], *args: Any) -> list[str]:
        """Those of ``paths`` whose current text passes ``test(text, *args)``:
        a yes/no question about the text alone (a text pre-filter, or a
        check of the module's ``ast``), by a module-level function with
        hashable arguments. The answers are kept in the store, per file
        text: a warm run reads no file whose answer it has. Undecodable
        files are left out (see :meth:`unreadable`)."""
        # Rules and codemods ask a hundred such questions, most of every
        # file: those are answered with set operations on the stored answers
        # (their cost goes with the files that say yes or are new), the
        # others with a lean loop (one look-up per file, answers stored at once).
        if paths is self.files:
            return self._of_every_file(test, args)
        paths = list(paths)
        analysis = self.store.analysis_key(test, args)
        known_yes = self._known_answers(analysis, paths)
        if known_yes is not None:
            self._asked(analysis, test, args, paths, known_yes)
            return known_yes
        keys, keyed = self._file_keys, []
        for rel in paths:
            key = keys.get(rel) or self._key_if_readable(rel)
            if key is not None:
                keyed.append((rel, key))
        yes = self._answer(analysis, test, args, keyed, lambda rel: self._read(rel).text)
        self._asked(analysis, test, args, paths, yes)
        return [rel for rel in paths if rel in yes]

    def _answer(
        self, analysis: bytes, test: Callable[..., bool], args: tuple, keyed: list[tuple[str, bytes]], text_of: Callable[[str], str],
    ) -> set[str]:
        """Those of ``keyed`` (each a path and the key of the text asked
        about) that pass the test: the store's answers, and for the texts it
        has none of, ``test(text_of(path), *args)``, kept in the store."""
        known = self.store.answers(analysis)
        row_of, said = known.rows.row, known.said
        yes: set[str] = set()
        fresh: list[tuple[str, bytes]] = []
        for rel, key in keyed:
            row = row_of.get(key, len(said))
            answer = said[row] if row < len(said) else known.UNASKED
            if answer == known.YES:
                yes.add(rel)
            elif answer == known.UNASKED:
                fresh.append((rel, key))
        if fresh:
            with self._failing_reads_whole(rel for rel, _ in fresh):
                values = _answers(test, args, [text_of(rel) for rel, _ in fresh])
            for (rel, key), value in zip(fresh, values):
                known.add(key, value)
                if value:
                    yes.add(rel)
        return yes

    def _of_every_file(self, test: Callable[..., bool], args: tuple) -> list[str]:
        """:meth:`files_where` of every Python file."""
        analysis = self.store.analysis_key(test, args)
        known_yes = self._known_answers(analysis, None)
        if known_yes is not None:
            self._asked(analysis, test, args, None, known_yes)
            return known_yes
        known = self.store.answers(analysis)
        by_key = self._by_key()
        fresh = [key for key in known.files_said(known.UNASKED) if key in by_key] + list(by_key.keys() - known.rows.row.keys())
        if fresh:
            with self._failing_reads_whole(by_key[key][0] for key in fresh):
                values = _answers(test, args, [self._read(by_key[key][0]).text for key in fresh])
            for key, value in zip(fresh, values):
                known.add(key, value)
        yes = sorted(rel for key in known.files_said(known.YES) if key in by_key for rel in by_key[key])  # self.files is sorted
        self._asked(analysis, test, args, None, yes)
        return yes

    def _known_answers(self, analysis: bytes, paths: list[str] | None) -> list[str] | None:
        """Those of ``paths`` (None: every Python file) that say yes, if
        :meth:`know_answers` told it of each (else None)."""
        known = self._known.get(analysis)
        if known is None or self._edited or len(self.files) != len(self._listed_python):  # (a file created)
            return None
        asked, yes = known
        if paths is None:
            return sorted(yes) if asked is None else None
        if asked is None:
            asked = self._listed_python
        if not all(rel in asked for rel in paths):
            return None
        return [rel for rel in paths if rel in yes]

    def _by_key(self) -> dict[bytes, list[str]]:
        """Every Python file by its key (two files share one when they hold
        the same text under the same module name: loose scripts); those that
        cannot be decoded are left out (see :meth:`unreadable`)."""
        if self._files_by_key is None:
            by_key: dict[bytes, list[str]] = {}
            keys = self._file_keys
            for rel in self.files:
                key = keys.get(rel) or self._key_if_readable(rel)
                if key is not None:
                    by_key.setdefault(key, []).append(rel)
            self._files_by_key = by_key
        return self._files_by_key

    def _key_if_readable(self, rel: str) -> bytes | None:
        """The file's key, or None for a file that cannot be decoded (noted
        in :meth:`unreadable`)."""
        try:
            return self._key(rel)
        except CodemodError as exc:
            self._unreadable[rel] = str(exc)
            return None

    # -- edits ---------------------------------------------------------
    def apply(self, change: FileChange) -> None:
        """Record a codemod's change so the next codemod sees it."""
        if change.created and change.path not in self._entries:
            self._entries[change.path] = _Entry(source=None, text=change.text)
            self.files = sorted({*self.files, change.path})
            self._module_names[change.path] = self._compute_module_name_for_new(change.path)
            self._by_module = None
        else:
            entry = self._entry(change.path)
            entry.text, entry.module, entry.wrapper, entry.starts = change.text, None, None, None
            if change.path in self._listed_set:
                self._edited.add(change.path)
        self._file_keys.pop(change.path, None)
        self._files_by_key = None

    def _compute_module_name_for_new(self, rel: str) -> str | None:
        parent = str(PurePosixPath(rel).parent)
        init = f"{parent}/__init__.py" if parent != "." else "__init__.py"
        package = self.module_name(init) if self.exists(init) else None
        stem = PurePosixPath(rel).stem
        if stem == "__init__":
            return package
        return f"{package}.{stem}" if package else stem

    def source(self, rel: str) -> pio.SourceFile | None:
        """The file as it was on disk (None if created in this run)."""
        return self._entry(rel).source

    def edited(self) -> dict[str, str]:
        """Files whose text differs from disk, mapped to their new text."""
        out = {}
        for rel, entry in self._entries.items():
            if entry.source is None or entry.text != entry.source.text:
                out[rel] = entry.text
        return out

    def on_disk(self) -> dict[str, bytes]:
        """Path -> key of the file's text on disk, for the files this run
        knows the key of (what the store keeps for the next run)."""
        return dict(self._on_disk)

    def unreadable(self) -> dict[str, str]:
        """Files the pre-filter could not decode, with the reason."""
        return dict(self._unreadable)

    def know_answers(self, answers: dict[bytes, tuple[frozenset[str] | None, frozenset[str]]]) -> None:
        """Answers to questions (by the store's analysis key), known to
        hold for the tree on disk: the files asked (None: every Python
        file) and those that said yes. :meth:`files_where` gives them
        without a look at any file (a replayed part of the run found them)."""
        self._known.update(answers)

    def note_unreadable(self, found: dict[str, str]) -> None:
        """Files known not to decode, with the reason (a replayed part of
        the run found them)."""
        self._unreadable.update(found)

    def warn(self, message: str, path: str | None = None) -> None:
        """Tell the user what the run could not take into account and went on
        without (a file read only for evidence that does not parse, say: its
        ``path``, when one file is concerned)."""
        self._warnings[message] = path
        for reads in self._units:
            reads.warned.append((message, path))

    def warnings(self) -> list[RunWarning]:
        return [RunWarning(message, path) for message, path in self._warnings.items()]

    def snapshot(self) -> "Project":
        """A project whose on-disk state is this one's edited state (used to
        verify that a second pass changes nothing)."""
        clone = Project.__new__(Project)
        clone.root, clone.style, clone._exclude, clone._ignored = self.root, self.style, self._exclude, self._ignored
        clone._root = self._root
        clone.executor, clone.store = self.executor, self.store  # unchanged files keep their analyses
        clone._declared = None
        clone.files, clone.documents = list(self.files), list(self.documents)
        clone.listed, clone.reads = (*clone.files, *clone.documents), Reads()
        clone._units, clone._edited, clone._known = [], set(), {}
        clone._listed_python = frozenset(clone.files)
        clone._listed_set = frozenset(clone.listed)
        clone._module_names = dict(self._module_names)
        clone._by_module = None
        clone._package_cache, clone._folder_packages, clone._files_by_key = self._package_cache, self._folder_packages, None
        clone._package, clone._package_choice, clone._package_known = self._package, self._package_choice, self._package_known
        clone.shard = self.shard
        clone._unreadable = {}
        clone._warnings = {}
        clone._file_keys, clone._on_disk, clone._stats = {}, {}, {}
        clone._entries = {}
        for rel, entry in self._entries.items():
            fmt = entry.source.format if entry.source else pio.FileFormat()
            src = pio.SourceFile(self.root / rel, b"", entry.text, fmt)  # never written from
            clone._entries[rel] = _Entry(source=src, text=entry.text)
        return clone


def shard_of(rel: str, count: int) -> int:
    """Which of ``count`` parts a file belongs to (0-based): a digest of its
    path, so the partition is the same on every machine and run, and a new
    file joins one part without moving the others."""
    return int.from_bytes(hashlib.blake2b(rel.encode(), digest_size=8).digest(), "big") % count


def _answers(test: Callable[..., bool], args: tuple, texts: list[str]) -> list[bool]:
    """``test(text, *args)`` for each text (:meth:`Project.files_where`)."""
    if test is _contains and len(args) == 1:  # the common question, without a call per text
        needle = args[0]
        return [needle in text for text in texts]
    return [bool(test(text, *args)) for text in texts]


def _nothing_excluded(rel: str) -> bool:
    return False


def _contains(text: str, *needles: str) -> bool:
    """Whether ``text`` holds every needle (:meth:`Project.files_containing`)."""
    return all(needle in text for needle in needles)
