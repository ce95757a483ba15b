"""Running the pipeline: plan in memory, validate, then write all or nothing.

The runner is the only layer that touches disk (through :mod:`pixmod.io`).
For every run it:

1. builds the :class:`~pixmod.project.Project`; computes in one pass the
   per-file analyses that rules and codemods declare (each file parsed once
   for all); for ``check``, runs the architecture rules on the tree as it
   is; then runs the selected codemods in pipeline order, each on the output
   of the ones before;
2. compiles every changed file and, before writing, re-parses it with
   libcst (a codemod bug must never reach the user's tree);
3. before writing (``apply``), runs the pipeline a second time on the result
   and requires that it changes nothing (black's "stable" check, in
   production; memoized per-file analyses make it cheap);
4. for ``apply`` only, and only if nothing failed: refuses files with
   uncommitted git changes (unless ``allow_dirty``) and writes every file or
   none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

from pixmod import io as pio
from pixmod import registry, selection
from pixmod.cache import AnalysisStore
from pixmod.config import Config, ConfigError, load_config
from pixmod.diff import unified_diff
from pixmod.evidence import Choice, recording
from pixmod.formatting import Style
from pixmod.interrupts import Interrupted, deferred, raise_if_received
from pixmod.layout import application_package, project_root
from pixmod.lazy import LazyModule
from pixmod.model import CodemodError, CodemodReport, FileChange, Finding, Outcome, RunWarning, SkipCodemod, Status
from pixmod.parallel import PARALLEL_THRESHOLD, Executor
from pixmod.project import Project
from pixmod.replay import Parts, RunLog

if TYPE_CHECKING:
    from pixmod import baseline as pbaseline
    from pixmod.rules import Rule
else:  # a replayed check without a baseline needs none of it
    pbaseline = LazyModule("pixmod.baseline")

Action = Literal["apply", "diff", "check", "explain"]  # explain: a dry run that keeps how targets were chosen


class UsageError(Exception):
    """Bad input before any codemod ran (PATH, config, codemod names)."""


@dataclass(frozen=True)
class Mode:
    """Everything one run needs, fixed before it starts."""

    root: Path
    action: Action
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    format_touched: bool | None = None  # None: the config decides
    allow_dirty: bool = False
    config_file: Path | None = None
    jobs: int = 1  # processes for per-file analysis (1: none)
    cache: bool = False  # keep per-file analyses between runs (see pixmod.cache)
    progress: Callable[[int, int], None] | None = None  # told (done, total) while files are analysed
    # Codemod options given on the command line (--set NAME.KEY=VALUE), over [tool.pixmod.<name>].
    codemod_options: tuple[str, ...] = ()
    # Architecture rules (check): --select/--ignore over [tool.pixmod.rules]
    # (see pixmod.selection), and the baseline to read or write (pixmod.baseline):
    # --baseline, else [tool.pixmod.rules] baseline unless --no-baseline.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None
    write_baseline: Path | None = None
    no_baseline: bool = False
    # Fingerprint the findings (for JSON and SARIF; a baseline always does):
    # each file with findings is parsed once more, ~1 s for 350 findings.
    fingerprints: bool = False
    shard: tuple[int, int] | None = None  # (i, n): report on the i-th of n stable parts of the files (check)


@dataclass(frozen=True)
class FileResult:
    """One changed (or created) file, as text on disk before and after."""

    path: str
    before: str | None
    after: str
    diff: str


@dataclass(frozen=True)
class RunResult:
    """What a run did; the CLI renders it and derives the exit code."""

    mode: Mode
    package: str | None
    reports: tuple[CodemodReport, ...]
    files: tuple[FileResult, ...]
    written: bool = False
    problems: tuple[str, ...] = ()
    warnings: tuple[RunWarning, ...] = ()  # each with the file it concerns, if one
    file_count: int = 0
    config: Path | None = None
    findings: tuple[Finding, ...] = ()  # architecture rules (check only), less those a baseline hides
    fingerprints: tuple[str, ...] = ()  # of each finding, in order (pixmod.baseline)
    baseline: pbaseline.BaselineOutcome | None = None
    root: Path | None = None  # the project root (paths above are relative to it)
    scope: str = ""  # PATH relative to the root ("" when PATH is the root)
    package_choice: Choice | None = None  # how the application package was found (None: configured)

    def shown(self, rel: str) -> str:
        """A path of this run as the user reaches it from the current folder."""
        return shown_path(self.root, rel) if self.root is not None else rel

    @property
    def failed(self) -> bool:
        return bool(self.problems) or any(r.outcome.status is Status.ERROR for r in self.reports)

    @property
    def exit_code(self) -> int:
        if self.failed:
            return 2
        if self.mode.action == "check" and (self.files or any(self._fails(f) for f in self.findings)):
            return 1
        return 0

    def _fails(self, finding: Finding) -> bool:
        """Error findings fail ``check``; under a baseline, so does every new
        finding above a note: the team chose to stop new debt."""
        if self.baseline is not None:
            return finding.severity != "note"
        return finding.severity == "error"


def run(mode: Mode) -> RunResult:
    """Run the pipeline as ``mode`` says (see the module docstring)."""
    if not mode.root.exists():
        raise UsageError(f"{mode.root}: no such directory")
    if not mode.root.is_dir():
        raise UsageError(f"{mode.root}: not a directory")
    # The whole project is analysed (module names, areas, every caller), as
    # black and ruff find their root; what is reported concerns PATH.
    root = project_root(mode.root)
    executor = Executor(mode.jobs, mode.progress)
    lock = pio.tree_lock(root) if mode.action == "apply" else contextlib.nullcontext()
    writing = _WriteProgress()
    try:
        with lock:
            replay, listed, runs, parts = None, None, None, None
            if mode.action == "check" and mode.cache and not mode.write_baseline:
                # The tree as its raw [tool.pixmod] table lists it: if a
                # check with the same key learned nothing since changed of
                # its files, that check's result holds (pixmod.replay).
                raw = _raw_table(mode.root, mode.config_file)
                mode = _with_configured_baseline(mode, raw["baseline"])
                listed = Project(root, package=raw["package"], exclude=raw["exclude"])
                replay, runs = _replay_key(mode, raw, listed), RunLog.for_tree(root)
                stored = runs.replay(replay, listed)
                if stored.result is not None:
                    stored.parts.trace(whole=True)
                    with deferred():  # a signal meanwhile would leave its temporary file behind
                        runs.save()
                    return RunResult(mode=mode, **stored.result)
                parts = stored.parts  # those that still hold are replayed
            store = AnalysisStore.for_tree(root) if mode.cache else AnalysisStore()
            config, codemods, ignored, baselines, mode = _configure(root, mode)
            if listed is not None and config.package in (None, raw["package"]) and listed.exclude == tuple(config.exclude):
                project, listed.store = listed, store
            else:
                project = Project(root, package=config.package, exclude=config.exclude, store=store)
            project.style, project.executor, project.shard = Style.from_black_table(config.black), executor, mode.shard
            _start_workers_if_cold(executor, store, project)
            _require_python(mode, project, config)
            if project is not listed:
                parts = None  # another listing: the records are not this run's
            result = _run(mode, config, codemods, project, writing, ignored, baselines, parts)
            if parts is not None:
                runs.remember(replay, {f: getattr(result, f) for f in RunResult.__dataclass_fields__ if f != "mode"}, project, parts)
                parts.trace()
        with deferred():  # a signal meanwhile would leave its temporary file behind
            store.save(project.on_disk())
            if runs is not None:
                runs.save()
        raise_if_received()
        return result
    except pio.TreeLocked as exc:
        raise UsageError(str(exc)) from exc
    except Interrupted as exc:
        exc.written = writing.written
        executor.close(abandon=True)
        raise
    except BaseException:
        executor.close(abandon=True)
        raise
    finally:
        try:
            executor.close()  # joining the workers takes a moment, after the write too
        except Interrupted as exc:  # a signal landed meanwhile: say what was written
            exc.written = writing.written
            executor.close(abandon=True)
            raise


def _start_workers_if_cold(executor: Executor, store: AnalysisStore, project: Project) -> None:
    """On a cold run (nothing cached for this tree) of a tree large enough
    for the pool, start its workers now, before any file is read. Forked
    later, the workers shared this process's texts and pre-filter answers
    of every file, and each page either side touched after the fork was
    copied (a reference count update is a write): 20,000 files peaked at
    307 MB, 170 MB forked early. A warm run reads and analyses few files
    and starts the pool only if it needs it."""
    cold = store.path is None or not store.path.exists()
    if cold and len(project.files) >= PARALLEL_THRESHOLD:
        executor.start()


def _configure(root: Path, mode: Mode):
    """The validated configuration, the codemods to run, the rules to leave
    out, the baselines, and ``mode`` with the configured baseline."""
    from pixmod.rules import RULES

    try:
        options = {c.name: c.options for c in registry.pipeline()}
        config = load_config(mode.root.resolve(), mode.config_file, options, mode.codemod_options)
        # explain also shows what the opt-in codemods would pick
        enable = tuple(c.name for c in registry.pipeline()) if mode.action == "explain" else config.enable
        if mode.only or mode.skip:
            codemods = registry.select(mode.only, mode.skip, enable)
        else:
            codemods = registry.select(config.only, config.skip, enable)
        ignored = selection.ignored_codes(
            RULES, config_select=config.rule_select, config_ignore=config.rule_ignore, select=mode.select, ignore=mode.ignore,
        )
        mode = _with_configured_baseline(mode, config.rule_baseline)
        baselines = _load_baselines(mode)
    except (registry.UnknownCodemod, ConfigError, selection.UnknownSelector, pbaseline.BaselineError) as exc:
        raise UsageError(str(exc)) from exc
    return config, codemods, ignored, baselines, mode


def _with_configured_baseline(mode: Mode, configured: Path | None) -> Mode:
    """``mode`` reading ``[tool.pixmod.rules] baseline`` as if it were given
    with ``--baseline`` (which overrides it; ``--no-baseline`` drops it), for
    ``check``. A configured baseline must exist, unless this very run writes
    it (``--write-baseline`` to the same file: the first one)."""
    if mode.action != "check" or mode.baseline or mode.no_baseline or configured is None:
        return mode
    configured = _from_cwd(configured)
    if not configured.exists():
        if mode.write_baseline and mode.write_baseline.resolve() == configured.resolve():
            return mode
        raise UsageError(
            f"[tool.pixmod.rules] baseline: {configured}: no such baseline (write one with "
            f"`pixmod check --write-baseline {configured}`, or leave it out with --no-baseline)"
        )
    return dataclasses.replace(mode, baseline=configured)


def _from_cwd(path: Path) -> Path:
    """``path`` as the user would spell it: relative to the current folder
    when it lies below it (messages name the baseline so)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _raw_table(root: Path, config_file: Path | None) -> dict:
    """``[tool.pixmod]`` as written, unvalidated (only ever part of a replay
    key: a run that stored a result validated the same bytes), with the
    file's bytes under ``"<bytes>"``."""
    import tomllib

    from pixmod.config import baseline_path, find_pyproject

    path = config_file or find_pyproject(root.resolve())
    try:
        data = path.read_bytes() if path else b""
        document = tomllib.loads(data.decode())
        # as load_config reads it: a --config file may hold the table's keys at its top level
        table = document.get("tool", {}).get("pixmod", document if config_file and "tool" not in document else {})
    except (OSError, ValueError, AttributeError):
        data, table = b"<unreadable>", {}
    table = table if isinstance(table, dict) else {}
    exclude, package = table.get("exclude", ()), table.get("package")
    rules = table.get("rules") if isinstance(table.get("rules"), dict) else {}
    baseline = rules.get("baseline")
    return {
        "<bytes>": data,
        "exclude": tuple(exclude) if isinstance(exclude, list) and all(isinstance(e, str) for e in exclude) else (),
        "package": package if isinstance(package, str) else None,
        "baseline": baseline_path(path, baseline) if isinstance(baseline, str) and baseline.strip() else None,
    }


def _replay_key(mode: Mode, raw: dict, project: Project) -> bytes:
    """What a ``check`` result depends on besides the files' texts (which
    :mod:`pixmod.replay` follows): pixmod's code, the settings (the command
    line, the configuration's and the baseline's bytes), and the list of
    files."""
    import hashlib
    import pickle

    from pixmod.cache import code_fingerprint

    try:
        baseline = mode.baseline.read_bytes() if mode.baseline else b""
    except OSError:
        baseline = b"<unreadable>"
    settings = dataclasses.replace(mode, root=Path("."), jobs=1, progress=None)
    digest = hashlib.blake2b(digest_size=20)
    # PATH within the tree (what is reported depends on it); the configured
    # package, as the found one follows from the files below
    scope = (str(mode.root.resolve()), os.getcwd())  # diffs name paths from the current folder
    digest.update(pickle.dumps((code_fingerprint("pixmod"), repr(settings), raw["<bytes>"], baseline, raw["package"], scope)))
    digest.update("\0".join(project.listed).encode("utf-8", "surrogatepass"))
    return digest.digest()


@dataclass
class _WriteProgress:
    """How far the run got with writing, for an interrupted run's summary:
    None before the write, then the number of files written (all or none)."""

    written: int | None = None


def _run(
    mode: Mode, config: Config, codemods, project: Project, writing: _WriteProgress, ignored=(), baselines=(None, None),
    parts: Parts | None = None,
) -> RunResult:
    from pixmod.rules import active_rules, run_rules

    parts = parts or Parts(project)  # each part recorded, for a check replayed part by part (pixmod.replay)
    project.find_package(lambda: parts.run("package", functools.partial(application_package, project), read_by_all=True))
    file_count = len(project.files)
    findings, rule_warnings, fingerprints, baselined, baseline_problem = [], [], [], None, None
    settings = config.options  # each codemod's validated options: defaults, then the config, then --set
    rules = active_rules(ignored, settings, config.rule_options) if mode.action == "check" else []
    _prefetch(project, rules, codemods, settings, parts)
    if rules:  # on the tree as it is, before any codemod
        findings, rule_warnings = run_rules(project, severity=config.rule_severity, rules=rules, run_part=parts.run)
        findings = [f for f in findings if project.in_shard(f.path)]  # each shard reports its own files
        scope = _scope(mode, project)  # and a run from a subfolder, those under it
        findings = [f for f in findings if _in_scope(f.path, scope)]
        if mode.fingerprints or mode.baseline or mode.write_baseline:
            fingerprints = pbaseline.fingerprints(findings, project.text)
    if mode.action == "check" and (mode.baseline or mode.write_baseline):
        findings, fingerprints, baselined, baseline_problem = _settle_baseline(
            mode, baselines, project, findings, fingerprints, rules,
        )
    reports = _run_pipeline(project, codemods, settings, writing=mode.action == "apply", parts=parts)
    failed = any(r.outcome.status is Status.ERROR for r in reports)
    if mode.action == "apply" and not failed and project.edited():
        reports = _check_second_pass(project, codemods, settings, reports)
        failed = any(r.outcome.status is Status.ERROR for r in reports)
    format_touched = config.format if mode.format_touched is None else mode.format_touched
    problems: list[str] = [baseline_problem] if baseline_problem else []
    edited = project.edited()
    if format_touched and not failed:
        edited, format_problems = _format_files(project, edited)
        problems += format_problems
    if mode.shard is not None:  # each shard reports its own files: the shards' reports add up to the whole
        edited = {rel: text for rel, text in edited.items() if project.in_shard(rel)}
        reports = [CodemodReport(r.name, r.outcome, tuple(p for p in r.changed_paths if project.in_shard(p))) for r in reports]
    files = tuple(_file_result(project, rel, text) for rel, text in sorted(edited.items()))
    warnings = (
        tuple(RunWarning(f"{rel}: skipped: {why}", rel) for rel, why in sorted(project.unreadable().items()))
        + tuple(project.warnings())
        + tuple(rule_warnings)
    )
    written = False
    if mode.action == "apply" and files and not failed and not problems:
        problems += _preflight(project, [f.path for f in files], allow_dirty=mode.allow_dirty)
        if not problems:
            pending = [_pending_write(project, rel, text) for rel, text in sorted(edited.items())]
            try:
                # Deferred until what was written is recorded: an interrupt
                # raised in between would be told nothing was written.
                with deferred():
                    raise_if_received()  # one whose exception Python dropped: still nothing written
                    writing.written = 0
                    pio.write_files(pending)
                    writing.written, written = len(pending), True
            except (pio.WriteFailed, pio.TreeChanged) as exc:
                problems.append(str(exc))
    return RunResult(
        mode=mode, package=project.package, reports=tuple(reports), files=files, written=written,
        problems=tuple(problems), warnings=warnings, file_count=file_count, config=config.source,
        findings=tuple(findings), fingerprints=tuple(fingerprints), baseline=baselined,
        root=project.root, scope=_scope(mode, project), package_choice=project.package_choice,
    )


def _require_python(mode: Mode, project: Project, config: Config) -> None:
    """Refuse a run that could only say "up to date" about nothing: no Python
    file under PATH (CI pointed at the wrong folder), or a configured
    package that the tree does not have."""
    scope = _scope(mode, project)
    if not any(_in_scope(rel, scope) for rel in project.files):
        raise UsageError(f"{mode.root}: no Python files under this folder (is it the right path?)")
    if config.package and project.path_of_module(config.package) is None:
        where = f" ({config.source})" if config.source else ""
        raise UsageError(f"[tool.pixmod] package = '{config.package}'{where}: no such package in {project.root}")


def _scope(mode: Mode, project: Project) -> str:
    """PATH relative to the project root ("" when PATH is the root)."""
    rel = mode.root.resolve().relative_to(project.root).as_posix()
    return "" if rel == "." else rel


def _in_scope(rel: str, scope: str) -> bool:
    return not scope or rel == scope or rel.startswith(scope + "/")


def shown_path(root: Path, rel: str, cwd: Path | None = None) -> str:
    """A project path as the user's shell reaches it: relative to the current
    folder when that folder is inside the project or holds it (``../main.py``
    from a subfolder, ``backend/app/x.py`` from above); relative to the
    project root otherwise (a tree elsewhere: annotations and patches then
    read from the root)."""
    cwd = (cwd or Path.cwd()).resolve()
    if cwd == root or root in cwd.parents or cwd in root.parents:
        return Path(os.path.relpath(root / rel, cwd)).as_posix() if rel else Path(os.path.relpath(root, cwd)).as_posix()
    return rel


def _load_baselines(mode: Mode) -> tuple[pbaseline.Baseline | None, pbaseline.Baseline | None]:
    """The baseline to read (``--baseline``: must exist) and the one already
    at the ``--write-baseline`` path (kept for the rules and files this run
    does not check; None where there is none yet)."""
    if mode.action != "check":
        return None, None
    read = pbaseline.Baseline.load(mode.baseline) if mode.baseline else None
    existing = None
    if mode.write_baseline and mode.write_baseline.exists():
        existing = pbaseline.Baseline.load(mode.write_baseline)
    return read, existing


def _settle_baseline(mode: Mode, baselines, project: Project, findings, fingerprints, rules):
    """Hide the baselined findings, and write the new baseline if asked
    (atomically: a temporary file beside it, then a rename); the problem
    of a write that failed."""
    read, existing = baselines
    not_read = set(project.unreadable()) | {p for p in project.files if not project.in_shard(p)}
    unchecked = pbaseline.UncheckedFiles(not_read, project.exists, project.text)
    shown, keys, outcome, text = pbaseline.settle(
        findings, fingerprints,
        read=(mode.baseline, read) if mode.baseline else None,
        write=(mode.write_baseline, existing) if mode.write_baseline else None,
        context_of=lambda found: pbaseline.contexts(found, project.text),
        checked_codes={rule.code for rule in rules}, unchecked_paths=unchecked,
    )
    if text is not None:
        target = mode.write_baseline
        temporary = target.with_name(f".{target.name}.pixmod-tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            outcome = dataclasses.replace(outcome, written=False)
            return shown, keys, outcome, f"cannot write the baseline {target}: {exc}"
    return shown, keys, outcome, None


def _prefetch(project: Project, rules: list[Rule], codemods, settings, parts: Parts) -> None:
    """One pass over the files that rules and codemods will analyse, each
    parsed once for all of them (those replayed analyse none). A rule or
    codemod whose declaration meets a tree it cannot work on (skip, error)
    is left out: it meets the same when it runs, and reports it then."""
    analyses = []
    for name, declare in [(f"rule {rule.code}", rule.declared) for rule in rules] + [
        (f"codemod {codemod.name}", functools.partial(codemod().analyses, options=settings[codemod.name])) for codemod in codemods
    ]:
        if parts.replays(name):
            continue
        try:
            with parts.recording(name):  # what it learns is its part's (a rule keeps its declaration)
                analyses += list(declare(project))
        except (SkipCodemod, CodemodError):
            continue
    project.prefetch(analyses)


def _run_pipeline(project: Project, codemods, settings, *, writing: bool, parts: Parts | None = None) -> list[CodemodReport]:
    """Each codemod planned on the tree the ones before it left; through
    ``parts``, replayed while it and those before it give what they gave
    the last time (pixmod.replay)."""
    parts = parts or Parts(project)
    reports = []
    for codemod in codemods:
        name = f"codemod {codemod.name}"
        outcome, choices = parts.run(name, functools.partial(_plan_and_validate, codemod, project, settings[codemod.name], writing))
        recorded = parts.recorded(name)
        parts.edited(_applied(outcome), None if recorded is None else _applied(recorded[0]))  # what those after it meet
        with parts.recording(name):
            for change in _applied(outcome):
                project.apply(change)
        reports.append(CodemodReport(codemod.name, outcome, tuple(c.path for c in _applied(outcome)), choices))
    return reports


def _applied(outcome: Outcome) -> tuple[FileChange, ...]:
    return outcome.changes if outcome.status is Status.APPLIED else ()


def _plan_and_validate(codemod, project: Project, options, writing: bool) -> tuple[Outcome, tuple[Choice, ...]]:
    """The codemod's outcome, an error if its code does not compile, and how
    its targets were chosen (for explain)."""
    with recording() as choices:
        outcome = _plan(codemod, project, options)
    if outcome.status is Status.APPLIED:
        problem = _validate(project, outcome.changes, reparse=writing)
        if problem:
            outcome = Outcome.error(problem)
    return outcome, tuple(choices)


def _plan(codemod, project: Project, options) -> Outcome:
    try:
        instance = codemod()
        with project.declared(instance.analyses(project, options)):  # asked again: earlier codemods changed the tree
            outcome = instance.plan(project, options)
    except SkipCodemod as exc:
        return Outcome.skipped(str(exc))
    except CodemodError as exc:
        return Outcome.error(str(exc))
    except Exception as exc:  # a bug in pixmod: report it, never write
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome.error(
            f"internal error ({type(exc).__name__}: {exc} at {Path(where.filename).name}:{where.lineno}); "
            "nothing was written, please report this"
        )
    if outcome.status is Status.APPLIED and not outcome.changes:
        return Outcome.already_applied(outcome.reason, outcome.notes)
    return outcome


def _validate(project: Project, changes: tuple[FileChange, ...], *, reparse: bool) -> str | None:
    """Every changed file must compile with CPython and, before anything is
    written (``reparse``), parse with libcst too; a dry run spares itself
    that second parse of every changed file."""
    import libcst as cst

    for change in changes:
        if not change.path.endswith(".py"):
            continue  # documents: nothing to compile
        try:
            if reparse:
                cst.parse_module(change.text)
            compile(change.text, change.path, "exec", dont_inherit=True)
        except (cst.ParserSyntaxError, SyntaxError, ValueError) as exc:
            if not change.created and not _compiles(project.text(change.path), change.path):
                continue  # the input itself is newer syntax than this Python compiles
            return f"generated code for {change.path} does not compile ({exc}); nothing was written, please report this"
    return None


def _compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
        return True
    except (SyntaxError, ValueError):
        return False


def _check_second_pass(project: Project, codemods, settings, reports):
    again = _run_pipeline(project.snapshot(), codemods, settings, writing=True)
    unstable = [r for r in again if r.outcome.status is Status.APPLIED]
    if not unstable:
        return reports
    names = ", ".join(f"{r.name} ({', '.join(r.changed_paths)})" for r in unstable)
    first = unstable[0].name
    return [
        CodemodReport(r.name, Outcome.error(f"a second pass would change the tree again: {names}; nothing was written, please report this"))
        if r.name == first else r
        for r in reports
    ]


def _format_files(project: Project, edited: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    import black

    out, problems = {}, []
    for rel, text in edited.items():
        if not rel.endswith(".py"):
            out[rel] = text  # documents are not black's
            continue
        try:
            out[rel] = project.style.format(text)
        except black.InvalidInput as exc:
            problems.append(f"{rel}: black cannot format it: {exc}")
            out[rel] = text
    return out, problems


def _format_of(project: Project, rel: str) -> pio.FileFormat:
    source = project.source(rel)
    if source is not None:
        return source.format
    # A new file follows its package's __init__.py (newlines, encoding).
    parent = rel.rpartition("/")[0]
    sibling = f"{parent}/__init__.py" if parent else "__init__.py"
    if project.exists(sibling) and project.source(sibling) is not None:
        fmt = project.source(sibling).format
        return pio.FileFormat(encoding="utf-8", bom=fmt.bom, crlf=fmt.crlf, mode=None)
    return pio.FileFormat()


def _file_result(project: Project, rel: str, text: str) -> FileResult:
    fmt = _format_of(project, rel)
    source = project.source(rel)
    before = pio.disk_text(source.text, fmt) if source else None
    after = pio.disk_text(text, fmt)
    # a patch to apply from the current folder (from the root for a tree elsewhere)
    return FileResult(rel, before, after, unified_diff(shown_path(project.root, rel), before, after))


def _pending_write(project: Project, rel: str, text: str) -> pio.PendingWrite:
    fmt = _format_of(project, rel)
    source = project.source(rel)
    return pio.PendingWrite(
        path=project.root / rel,
        data=pio.encode_source(text, fmt),
        original=source.digest if source else None,
        mode=fmt.mode,
    )


def _preflight(project: Project, paths: list[str], *, allow_dirty: bool) -> list[str]:
    """Reasons not to write at all, found before the first write."""
    problems = []
    for rel in paths:
        target = project.root / rel
        if target.exists() and not os.access(target, os.W_OK):
            problems.append(f"{rel}: not writable; nothing was written")
        elif not target.exists():
            parent = next(p for p in (target.parent, *target.parents) if p.exists())
            if not os.access(parent, os.W_OK):
                problems.append(f"{rel}: cannot create (folder not writable); nothing was written")
    if allow_dirty or problems:
        return problems
    dirty = pio.git_dirty(project.root, [project.root / rel for rel in paths])
    if dirty:
        names = ", ".join(p.relative_to(project.root).as_posix() for p in dirty)
        problems.append(
            f"refusing to write: uncommitted changes in {names} "
            "(commit or stash them first, or pass --allow-dirty)"
        )
    return problems
