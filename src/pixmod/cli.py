"""The ``pixmod`` command line: parses options, prints, sets exit codes.

Nothing else happens here: the runner does the work and the report module
renders it. Exit codes follow black and ruff: 0 nothing to do or applied,
1 ``check`` found pending changes, 2 usage error, unparsable input or a
codemod error; 128 + the signal number when a signal ended the run (130
for Ctrl-C, 143 for SIGTERM), with one line saying what was written.
Diffs go to stdout, messages to stderr.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from pathlib import Path

import click

from pixmod import __version__
from pixmod.config import TOP_LEVEL


def _flag_help(key: str) -> str:
    """A flag's help: its [tool.pixmod] key's, one definition for both."""
    return f"{TOP_LEVEL[key].help[0].upper()}{TOP_LEVEL[key].help[1:]}; overrides [tool.pixmod] {key}."


def _common_options(func):
    @click.option("--only", multiple=True, metavar="NAME", help=_flag_help("only") + " Repeatable.")
    @click.option("--skip", multiple=True, metavar="NAME", help=_flag_help("skip") + " Repeatable.")
    @click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                  help="TOML file with a [tool.pixmod] table (default: the target's pyproject.toml).")
    @click.option("--format/--no-format", "format_touched", default=None, help=_flag_help("format"))
    @click.option("--output-format", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
                  show_default=True, help="Report on stdout: text, json, SARIF 2.1.0, or GitHub annotations.")
    @click.option("--set", "assignments", multiple=True, metavar="NAME.OPTION=VALUE",
                  help="Set a codemod option, over [tool.pixmod.CODEMOD], or a rule's, over [tool.pixmod.rules.CODE] "
                       "(repeatable; see: pixmod list --options, pixmod rules CODE).")
    @click.option("--barrel-style", metavar="STYLE", default=None,
                  help="Alias of --set schemas-barrel.barrel_style=STYLE (lazy or eager).")
    @click.option("--allow-dirty", is_flag=True, help="Write into files with uncommitted git changes.")
    @click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                  help="Processes for per-file analysis (default: CPU count; 1 disables).")
    @click.option("--no-cache", is_flag=True,
                  help="Do not read or keep per-file analyses between runs (default: kept in $PIXMOD_CACHE_DIR or ~/.cache/pixmod).")
    @click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pixmod")
def main() -> None:
    """Carry out the pixsim7 backend cleanup report on a Python tree, safely.

    \b
    pixmod apply PATH          rewrite in place
    pixmod apply --diff PATH   print unified diffs, write nothing
    pixmod check PATH          exit 1 while any change is pending (for CI)
    pixmod explain PATH        what each codemod chose, on which evidence, how to pin it
    """


def run() -> None:
    """The console script: :func:`main`, then an exit that skips tearing
    down the interpreter once the output is flushed. Freeing every text and
    parsed tree one by one takes up to 0.1 s and does nothing for a finished
    command (mypy exits the same way). Files are written and closed, the
    pool shut down and the cache saved before ``main`` returns.

    It also freezes what exists at start (``gc.freeze``): that lives to the
    end, so the cyclic collector need not walk it, and forked workers share
    its pages instead of copying them as the collector touches them."""
    from pixmod.interrupts import Interrupted, handled, ignore_ending_signals

    gc.freeze()
    try:
        with handled():
            try:
                main(prog_name="pixmod")
            finally:
                # The command is over (written, or not, and said so): a
                # signal now must not end the exit with a different story.
                ignore_ending_signals()
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except Interrupted as exc:  # before or after a command ran: nothing of it was written
        print(_interrupted_line(exc), file=sys.stderr)
        code = exc.exit_code
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe (pixmod ... | head): nothing left to say
            pass
    os._exit(code)


@main.command("list")
@click.option("--options", "show_options", is_flag=True,
              help="Also show each codemod's options: type, default, help.")
def list_command(show_options: bool) -> None:
    """List the codemods in pipeline order."""
    from pixmod import registry

    rows = registry.listing()
    width = max(len(name) for name, _ in rows)
    options = {c.name: c.options for c in registry.pipeline()} if show_options else {}
    for index, (name, description) in enumerate(rows, 1):
        click.echo(f"{index}. {name:<{width}}  {description}")
        for option in options.get(name, ()):
            click.echo(f"     {option.describe()}")
    if show_options:
        click.echo("\nSet them in [tool.pixmod.CODEMOD] or with --set CODEMOD.OPTION=VALUE, "
                   "e.g. --set schemas-barrel.barrel_style=eager.")
        click.echo("Architecture rules have options too: `pixmod rules CODE` shows them "
                   "([tool.pixmod.rules.CODE], --set CODE.OPTION=VALUE).")
        click.echo("[tool.pixmod] keys:")
        for option in TOP_LEVEL.values():
            click.echo(f"     {option.describe()}")


@main.command("rules")
@click.argument("rule", required=False, metavar="[CODE]")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text, or json (a list of rules, or the one rule asked for).")
def rules_command(rule: str | None, output_format: str) -> None:
    """List the architecture rules, or explain one (PX003, or its name)."""
    import json

    from pixmod import ruledocs
    from pixmod.rules import RULES

    if rule is None:
        if output_format == "json":
            click.echo(json.dumps([ruledocs.as_data(r) for r in RULES], indent=2, ensure_ascii=False))
        else:
            for line in ruledocs.listing_lines():
                click.echo(line)
        return
    found = ruledocs.find(rule)
    if found is None:
        known = ", ".join(f"{r.code} ({r.name})" for r in RULES)
        raise click.UsageError(f"unknown rule {rule!r} (known: {known})")
    if output_format == "json":
        click.echo(json.dumps(ruledocs.as_data(found), indent=2, ensure_ascii=False))
    else:
        for line in ruledocs.explain_lines(found):
            click.echo(line)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--diff", "--dry-run", "diff", is_flag=True, help="Print unified diffs and write nothing.")
@_common_options
def apply(path: Path, diff: bool, **common) -> None:
    """Rewrite the tree at PATH (default: the current folder)."""
    _execute(path, "diff" if diff else "apply", **common)


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"'{value}': expected I/N with 1 <= I <= N, e.g. 2/8")
    return int(index), int(count)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--select", multiple=True, metavar="CODE",
              help="Run only these rules: codes, prefixes (PX00) or names, repeatable or comma-separated; "
                   "overrides [tool.pixmod.rules] select and ignore.")
@click.option("--ignore", multiple=True, metavar="CODE",
              help="Do not run these rules (codes, prefixes or names), over [tool.pixmod.rules].")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Report and fail on only the findings not recorded in this baseline file; "
                   "overrides [tool.pixmod.rules] baseline.")
@click.option("--no-baseline", is_flag=True, help="Do not read the baseline that [tool.pixmod.rules] names.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record every current finding in this file (for --baseline).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("--shard", metavar="I/N", callback=lambda ctx, param, value: _shard(value),
              help="Report only on the I-th of N stable parts of the files (a large tree split across CI jobs).")
@_common_options
def check(path: Path, select, ignore, statistics: bool, **common) -> None:
    """Write nothing; exit 1 if a change is pending or a rule reports an error
    (under --baseline: any new finding that is not a note)."""
    from pixmod.selection import split

    if statistics and common["output_format"] not in ("text", "json"):
        raise click.UsageError("--statistics prints text or json, not " + common["output_format"])
    if common["baseline"] and common["no_baseline"]:
        raise click.UsageError("--baseline and --no-baseline exclude each other")
    _execute(path, "check", select=split(select), ignore=split(ignore), statistics=statistics, **common)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--only", multiple=True, metavar="NAME", help="Explain only this codemod (repeatable).")
@click.option("--skip", multiple=True, metavar="NAME", help="Do not explain this codemod (repeatable).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="TOML file with a [tool.pixmod] table (default: the target's pyproject.toml).")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes for per-file analysis.")
@click.option("--no-cache", is_flag=True, help="Do not read or keep per-file analyses between runs.")
def explain(path: Path, only, skip, config_file, output_format, jobs, no_cache) -> None:
    """Show what each codemod resolved in PATH and why.

    For the application package and each codemod (opt-in ones included):
    the target chosen (module, file:line, symbol), the evidence for it, the
    candidates rejected and why, and the pyproject.toml line that pins it.
    Writes nothing; exits 2 only when PATH or the configuration is wrong.
    """
    from pixmod import report, runner
    from pixmod.parallel import default_jobs

    mode = runner.Mode(
        root=path, action="explain", only=tuple(only), skip=tuple(skip), config_file=config_file,
        jobs=jobs or default_jobs(), cache=not no_cache,
    )
    try:
        result = runner.run(mode)
    except runner.UsageError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(2)
    if output_format == "json":
        click.echo(report.explain_json(result))
    else:
        for line in report.explain_lines(result):
            click.echo(line)
    sys.exit(0)


@main.command()
@click.option("--keep", is_flag=True, help="Keep the rewritten copy and print where it is.")
def demo(keep: bool) -> None:
    """Run the pipeline on the bundled sample backend, in a temp folder."""
    import shutil
    import tempfile

    from pixmod.sample import sample_root

    workdir = Path(tempfile.mkdtemp(prefix="pixmod-demo-"))
    target = workdir / "sample-backend"
    shutil.copytree(sample_root(), target, ignore=shutil.ignore_patterns("__pycache__"))
    click.echo(f"pixmod demo: rewriting a copy of the bundled sample backend in {target}", err=True)
    try:
        # a throwaway copy: nothing worth keeping in the analysis cache
        code = _run_and_print(target, "apply", show_diff=True, no_cache=True)
        if code == 0:
            click.echo("re-checking the rewritten copy:", err=True)
            code = _run_and_print(target, "check", no_cache=True)
    finally:
        if keep:
            click.echo(f"kept: {target}", err=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(code)


class _ProgressBar:
    """click's progress bar on stderr, for batches big enough to wait on."""

    MIN_FILES = 100

    def __init__(self) -> None:
        self._bar = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_FILES:
            return
        if self._bar is None:
            self._bar, self._shown = click.progressbar(length=total, label="analysing files", file=sys.stderr), 0
            self._bar.__enter__()
        self._bar.update(done - self._shown)  # workers report a few files at a time
        self._shown = done
        if done == total:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _interrupted_line(exc) -> str:
    """What an interrupted run leaves behind, in one line: the writer
    writes every file or none, so it is one or the other."""
    if exc.written:
        what = f"all {exc.written} file{'s' if exc.written != 1 else ''} were written"
    else:
        what = "nothing was written"
    return f"pixmod: interrupted by {exc.name}: {what}"


def _execute(path: Path, action: str, **common) -> None:
    from pixmod.interrupts import ignore_ending_signals

    code = _run_and_print(path, action, **common)
    ignore_ending_signals()  # all is said: a signal now would only garble the exit
    sys.exit(code)


def _run_and_print(
    path: Path, action: str, *, show_diff: bool | None = None, only=(), skip=(), config_file=None,
    format_touched=None, output_format="text", allow_dirty=False, quiet=False, assignments=(), barrel_style=None,
    jobs=None, no_cache=False, select=(), ignore=(), baseline=None, write_baseline=None, statistics=False, shard=None,
    no_baseline=False,
) -> int:
    from pixmod import runner
    from pixmod.interrupts import Interrupted
    from pixmod.parallel import default_jobs

    bar = _ProgressBar() if sys.stderr.isatty() and not quiet and output_format == "text" else None
    mode = runner.Mode(
        root=path, action=action, only=tuple(only), skip=tuple(skip), format_touched=format_touched,
        allow_dirty=allow_dirty, config_file=config_file, jobs=jobs or default_jobs(), cache=not no_cache,
        codemod_options=(*assignments, *([f"schemas-barrel.barrel_style={barrel_style}"] if barrel_style else [])),
        progress=bar, select=tuple(select), ignore=tuple(ignore), baseline=baseline, write_baseline=write_baseline,
        no_baseline=no_baseline, fingerprints=output_format in ("json", "sarif"), shard=shard,
    )
    try:
        result = runner.run(mode)
    except runner.UsageError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        return 2
    except Interrupted as exc:
        if bar is not None:
            bar.close()
            bar = None
        click.secho(_interrupted_line(exc), fg="red", err=True)
        return exc.exit_code
    finally:
        if bar is not None:
            bar.close()
    try:
        return _print_result(result, action, show_diff=show_diff, output_format=output_format, quiet=quiet, statistics=statistics)
    except Interrupted as exc:  # while printing: the run itself is over, written or not
        exc.written = len(result.files) if result.written else 0
        click.secho(_interrupted_line(exc), fg="red", err=True)
        return exc.exit_code


def _print_result(result, action: str, *, show_diff: bool | None, output_format: str, quiet: bool, statistics: bool) -> int:
    from pixmod import report

    if statistics and output_format == "json":
        click.echo(report.statistics_json(result))
    elif output_format != "text":
        render = {"json": report.to_json, "sarif": report.to_sarif, "github": report.to_github}[output_format]
        click.echo(render(result))
    if output_format != "text":
        return result.exit_code
    if show_diff or (show_diff is None and action == "diff"):
        for file in result.files:
            click.echo(file.diff, nl=False)
    for line in report.statistics_lines(result) if statistics else report.finding_lines(result):
        click.echo(line)
    if action == "check" and not statistics:  # what fails the check, on stdout even with --quiet
        for line in report.pending_lines(result):
            click.echo(line)
    lines = report.summary_lines(result)
    for line in lines:
        if line.startswith("error:"):
            click.secho(line, fg="red", err=True)
        elif not quiet:
            click.echo(line, err=True)
    return result.exit_code
