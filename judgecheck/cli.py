"""The command line: a thin click group; every command imports its heavy work when it runs.

``judgecheck REPORT...`` is short for ``judgecheck check REPORT...``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from judgecheck import __version__

if TYPE_CHECKING:
    from judgecheck.output import OutputFormat, Run
    from judgecheck.plugins import Registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Runs of at least this many files show a progress bar (on a terminal).
PROGRESS_AFTER = 5


def fail(message: str) -> NoReturn:
    """Report a user's mistake on stderr, one line, and exit 2."""
    click.echo(f"judgecheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(fmt: OutputFormat, run: Run) -> str:
    """A format's output as text (for files: never coloured)."""
    buffer = io.StringIO()
    fmt.write(run, buffer, False)
    return buffer.getvalue()


def registry(disabled: Sequence[str] = ()) -> Registry:
    from judgecheck.plugins import load_registry

    return load_registry(disabled=disabled)


@contextlib.contextmanager
def progress_bar(total: int) -> Iterator[Callable[[object], None]]:
    """A rich progress bar on stderr for long runs on a terminal; otherwise nothing."""
    if total < PROGRESS_AFTER or not sys.stderr.isatty() or os.environ.get("NO_COLOR") is not None:
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda _: bar.advance(task)


class DefaultToCheck(click.Group):
    """A group whose unknown first word is a report path for ``check``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="judgecheck")
def main() -> None:
    """Check that graded inspection reports say what their grades say.

    \b
    Examples:
      judgecheck report.pdf                 check a report, findings in the terminal
      judgecheck --format json a.pdf b.md   the JSON contract on stdout
      judgecheck extract report.pdf         the recovered structure as Markdown
      judgecheck rules                      every rule, with its id and severity
    """


@main.command()
@click.argument("reports", nargs=-1, required=True)
@click.option("--format", "fmt", default="text", show_default=True, help="Output format: text, json, or a plugin's.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to this file.")
@click.option("--output-format", multiple=True, metavar="FORMAT:PATH",
              help="Also write FORMAT to PATH (repeatable), e.g. --output-format sarif:judgecheck.sarif")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="warning", show_default=True,
              help="Exit 1 when a finding of this severity or worse is reported.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (2 still means unreadable).")
@click.option("--select", multiple=True, metavar="PREFIX", help="Run only rules whose id starts with PREFIX.")
@click.option("--ignore", multiple=True, metavar="PREFIX", help="Skip rules whose id starts with PREFIX.")
@click.option("--disable-plugin", multiple=True, metavar="NAME", help="Do not load the plugin NAME.")
@click.option("--no-color", is_flag=True, help="Plain text even on a terminal (NO_COLOR is honoured too).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default="the number of cores",
              help="Check files in this many processes (0: one per core).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of checked files.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the cache lives (default: the platform cache directory, or $JUDGECHECK_CACHE_DIR).")
@click.option("--parse-all", is_flag=True, help="Parse every sentence, not only candidates (the slow reference mode).")
def check(
    reports: tuple[str, ...], fmt: str, output: Path | None, fail_on: str, exit_zero: bool,
    select: tuple[str, ...], ignore: tuple[str, ...], disable_plugin: tuple[str, ...], no_color: bool,
    jobs: int, no_cache: bool, cache_dir: Path | None, parse_all: bool, output_format: tuple[str, ...],
) -> None:
    """Check REPORTS (PDF, DOCX, Markdown or text files, or directories of them).

    Exit status: 0 no finding at the --fail-on severity, 1 at least one, 2 a
    document could not be read or the command was misused.

    \b
    Example:
      judgecheck --fail-on error --format json reports/ > findings.json
    """
    from judgecheck.cache import Cache, default_directory
    from judgecheck.check import (
        Options,
        Selection,
        check_paths,
        configuration_salt,
        expand_inputs,
    )
    from judgecheck.model import severity_rank
    from judgecheck.output import RuleInfo, Run

    reg = registry(disable_plugin)
    extra_outputs = []
    for spec in output_format:
        name, sep, target = spec.partition(":")
        if not sep or not target:
            fail(f"--output-format takes FORMAT:PATH, not {spec!r}")
        extra_outputs.append((name, Path(target)))
    for name in [fmt, *(n for n, _ in extra_outputs)]:
        if name not in reg.formats:
            fail(f"unknown format '{name}' (known: {', '.join(sorted(reg.formats))})")
    paths = expand_inputs(reports, reg.readers)
    if not paths:
        fail("no reports found in " + ", ".join(repr(r) for r in reports))
    selection = Selection(select, ignore)
    # The reference mode never reads the cache: it exists to measure the work.
    cache = None if no_cache or parse_all else Cache(cache_dir or default_directory(), configuration_salt(reg, selection))
    options = Options(selection, jobs=min(jobs or os.cpu_count() or 1, len(paths)), cache=cache, parse_all=parse_all)
    with progress_bar(len(paths)) as advance:
        results = check_paths(paths, reg, options, disabled=disable_plugin, progress=advance)
    rules = [RuleInfo(r.id, r.name, r.severity, r.summary(), r.__doc__ or "") for r in selection.rules(reg.rules)]
    run = Run(results, reg.problems, fail_on, rules)
    color = output is None and sys.stdout.isatty() and not no_color and not os.environ.get("NO_COLOR")
    if output is None:
        reg.formats[fmt].write(run, sys.stdout, color)
    else:
        write_atomic(output, render(reg.formats[fmt], run))
    for name, path in extra_outputs:
        write_atomic(path, render(reg.formats[name], run))
    broken = reg.problems or any(r.error or r.rule_errors for r in results)
    failing = any(severity_rank(f.severity) <= severity_rank(fail_on) for r in results for f in r.findings)
    sys.exit(EXIT_ERROR if broken else EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


@main.command()
@click.argument("report", type=str)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the Markdown here.")
def extract(report: str, output: Path | None) -> None:
    """Print the recovered structure of REPORT as Markdown.

    Headings, the judgement table, numbered paragraphs and page breaks
    (``<!-- page N -->``) are kept, so checking the Markdown gives the same
    judgements and findings as checking the report.

    \b
    Example:
      judgecheck extract report.pdf -o report.md && judgecheck report.md
    """
    from judgecheck.errors import JudgecheckError
    from judgecheck.output.markdown import to_markdown
    from judgecheck.read import read_path
    from judgecheck.structure import build_document

    reg = registry()
    try:
        source = read_path(Path(report), reg.readers)
    except JudgecheckError as exc:
        fail(f"{report}: {exc} [{exc.code}]")
    text = to_markdown(build_document(source, reg.frameworks))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


@main.command("rules")
def list_rules() -> None:
    """List every rule: id, name, default severity and the plugin that adds it."""
    reg = registry()
    for rule in reg.rules:
        click.echo(f"{rule.id}  {rule.name:<40} {rule.severity:<8} {reg.rule_plugin[rule.id]:<14} {rule.summary()}")


@main.command("rule")
@click.argument("rule_id")
def show_rule(rule_id: str) -> None:
    """Explain one rule: what it checks, why it matters, examples."""
    import inspect

    reg = registry()
    found = next((r for r in reg.rules if rule_id in (r.id, r.name)), None)
    if found is None:
        fail(f"no rule '{rule_id}' (see `judgecheck rules`)")
    click.echo(f"{found.id} {found.name} ({found.severity}, from plugin {reg.rule_plugin[found.id]})\n")
    click.echo(inspect.cleandoc(found.__doc__ or ""))


@main.command("plugins")
def list_plugins() -> None:
    """List loaded plugins, with what each adds, and any that failed to load."""
    reg = registry()
    for p in reg.plugins:
        adds = ", ".join(
            f"{kind}: {' '.join(items)}"
            for kind, items in (("rules", p.rules), ("frameworks", p.frameworks), ("formats", p.formats), ("readers", p.readers))
            if items
        )
        click.echo(f"{p.name} ({p.distribution} {p.version})  {adds}")
    for problem in reg.problems:
        click.echo(f"error {problem.code}: {problem.message}", err=True)
