"""The command line: a thin click group; every command imports its heavy work when it runs.

``judgecheck REPORT...`` is short for ``judgecheck check REPORT...``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from judgecheck import __version__
from judgecheck.limits import MAX_RULE_TIMEOUT

if TYPE_CHECKING:
    from judgecheck.config import Config
    from judgecheck.model import DocumentResult
    from judgecheck.output import OutputFormat, Run
    from judgecheck.plugins import Registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: The shell's convention for a run stopped by SIGINT.
EXIT_INTERRUPTED = 130
#: Runs of at least this many files show a progress bar (on a terminal).
PROGRESS_AFTER = 5


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a run like Ctrl-C: outputs are written whole or not at all."""
    raise KeyboardInterrupt


def fail(message: str) -> NoReturn:
    """Report a user's mistake on stderr, one line, and exit 2."""
    click.echo(f"judgecheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing (see :func:`~judgecheck.output.files.replacing`); a failure is one error line."""
    from judgecheck.output.files import replacing

    try:
        with replacing(path) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


def render(fmt: OutputFormat, run: Run, target: Path) -> str:
    """A format's output as text for the file ``target`` (never coloured)."""
    buffer = io.StringIO()
    fmt.write(dataclasses.replace(run, destination=target), buffer, False)
    return buffer.getvalue()


def registry(disabled: Sequence[str] = (), rule_dirs: Sequence[Path] = ()) -> Registry:
    from judgecheck.plugins import load_registry

    return load_registry(disabled=disabled, rule_dirs=rule_dirs)


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
    """A group whose unknown first word is a report path for ``check``; Ctrl-C and SIGTERM end it cleanly."""

    def invoke(self, ctx: click.Context) -> object:
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("judgecheck: interrupted; nothing was written", err=True)
            sys.exit(EXIT_INTERRUPTED)

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
@click.option("--format", "fmt", help="Output format: text (default), concise, json, sarif, github, junit, rdjson, html, or a plugin's.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to this file.")
@click.option("--output-format", multiple=True, metavar="FORMAT:PATH",
              help="Also write FORMAT to PATH (repeatable), e.g. --output-format sarif:judgecheck.sarif")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding of this severity or worse is reported (default: warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (2 still means unreadable).")
@click.option("--select", multiple=True, metavar="PREFIX",
              help="Run only rules whose id starts with PREFIX (any case; repeatable or comma-separated: JC1,JC201).")
@click.option("--extend-select", multiple=True, metavar="PREFIX", help="Add rules to those selected.")
@click.option("--ignore", multiple=True, metavar="PREFIX", help="Skip rules whose id starts with PREFIX.")
@click.option("--disable-plugin", multiple=True, metavar="NAME", help="Do not load the plugin NAME.")
@click.option("--no-color", is_flag=True, help="Plain text even on a terminal (NO_COLOR is honoured too).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), help="Check files in this many processes (default 0: one per core).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of checked files.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where the cache lives (default: the platform cache directory).")
@click.option("--parse-all", is_flag=True, help="Parse every sentence, not only candidates (the slow reference mode).")
@click.option("--max-pages", type=click.IntRange(min=0), metavar="N",
              help="Refuse documents of more than N pages (E012; default 1000, 0: no limit).")
@click.option("--rule-timeout", type=click.FloatRange(min=0, max=MAX_RULE_TIMEOUT), metavar="SECONDS",
              help="Stop a rule that runs longer than this on one document (E107; default 60, 0: no limit).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Hide the findings this baseline file lists.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every finding of this run to a baseline file (and exit 0 unless a file was unreadable).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Use this config file instead of looking for one.")
@click.option("--compare-documents/--no-compare-documents", default=None,
              help="Also compare the reports of the run with each other (a council paper against the report it "
                   "quotes: JC201/JC202 across files). Off by default: each file's findings are its own.")
@click.option("--annotate", type=click.Path(), metavar="PATH",
              help="Also write a copy of the PDF with each finding highlighted and a summary page appended, or of the "
                   "DOCX draft with a Word comment on each finding's sentence, to PATH (several reports, or PATH a "
                   "directory or ending in '/': into it as NAME.annotated.pdf or NAME.annotated.docx). "
                   "The report itself is never changed.")
def check(
    reports: tuple[str, ...], fmt: str | None, output: Path | None, output_format: tuple[str, ...], fail_on: str | None,
    exit_zero: bool, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
    disable_plugin: tuple[str, ...], no_color: bool, jobs: int | None, no_cache: bool, cache_dir: str | None,
    parse_all: bool, baseline: str | None, write_baseline: Path | None, config_file: Path | None,
    annotate: Path | None = None, rule_timeout: float | None = None, max_pages: int | None = None,
    compare_documents: bool | None = None,
) -> None:
    """Check REPORTS (PDF, DOCX, Markdown or text files, directories or globs of them).

    Settings come from the nearest judgecheck.toml or pyproject.toml
    [tool.judgecheck] above the current directory; flags override them.
    Exit status: 0 no finding at the --fail-on severity, 1 at least one, 2 a
    document could not be read or the command was misused.

    \b
    Example:
      judgecheck --fail-on error --format sarif -o judgecheck.sarif reports/
    """
    from judgecheck import baseline as baselines
    from judgecheck.cache import Cache, default_directory
    from judgecheck.config import unknown_rule
    from judgecheck.check import (
        Options,
        Selection,
        check_paths,
        configuration_salt,
        expand_inputs,
    )
    from judgecheck.errors import JudgecheckError
    from judgecheck.model import severity_rank
    from judgecheck.output import RuleInfo, Run

    flags = {"format": fmt, "fail-on": fail_on, "select": select, "extend-select": extend_select, "ignore": ignore,
             "disable-plugins": disable_plugin, "jobs": jobs, "cache-dir": cache_dir, "baseline": baseline,
             "rule-timeout": rule_timeout, "max-pages": max_pages, "compare-documents": compare_documents}
    try:
        config = settings(config_file).with_flags(flags)
        suppressions = baselines.load(config.path_of("baseline")) if config["baseline"] and not write_baseline else []
    except JudgecheckError as exc:
        fail(f"[{exc.code}] {exc}")
    rule_dirs = [config.root / d for d in config["rule-dirs"]]
    reg = registry(config["disable-plugins"], rule_dirs)
    unknown = unknown_rule(config, [r.id for r in reg.rules])
    if unknown:
        fail(unknown)
    fmt = config["format"]
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
    # Reports named one by one must be PDFs; from a directory or a pattern, the PDFs are annotated and the rest noted.
    annotated = annotation_targets(paths, annotate, skip_others=any(not Path(r).is_file() for r in reports)) \
        if annotate is not None else {}
    select_all = [*config["select"], *config["extend-select"]] if config["select"] else []
    selection = Selection(tuple(select_all), tuple(config["ignore"]), tuple(sorted(config["severity"].items())))
    # The reference mode never reads the cache: it exists to measure the work.
    cache = None
    if not (no_cache or parse_all):
        cache = Cache(config.path_of("cache-dir") or default_directory(), configuration_salt(reg, selection))
    options = Options(selection, jobs=min(config["jobs"] or os.cpu_count() or 1, len(paths)), cache=cache, parse_all=parse_all,
                      rule_timeout=config["rule-timeout"], max_pages=config["max-pages"],
                      compare=config["compare-documents"])
    with progress_bar(len(paths)) as advance:
        results = check_paths(paths, reg, options, disabled=tuple(config["disable-plugins"]), rule_dirs=tuple(rule_dirs), progress=advance)
    results = [per_file_ignores(r, config.ignored_for(r.path)) for r in results]
    baseline_path = config.path_of("baseline")
    applied = baselines.apply(results, suppressions, baseline_path.parent if baseline_path else Path.cwd())
    results = applied.results
    if write_baseline:
        write_atomic(write_baseline, baselines.build(results, Path(os.path.abspath(write_baseline)).parent))
    failing_on = config["fail-on"]
    rules = [RuleInfo(r.id, r.name, r.severity, r.summary(), r.__doc__ or "") for r in selection.rules(reg.rules)]
    run = Run(results, reg.problems, failing_on, rules, applied.suppressed, applied.unused)
    color = output is None and sys.stdout.isatty() and not no_color and not os.environ.get("NO_COLOR")
    if output is None:
        reg.formats[fmt].write(run, sys.stdout, color)
    else:
        write_atomic(output, render(reg.formats[fmt], run, output))
    for name, path in extra_outputs:
        write_atomic(path, render(reg.formats[name], run, path))
    unannotated = write_annotated(results, annotated) if annotated else False
    skipped = [str(p) for p in paths if str(p) not in annotated] if annotate is not None else []
    if skipped:
        click.echo(f"judgecheck: note: --annotate skipped {len(skipped)} report(s) that are not PDFs or DOCX drafts: {', '.join(skipped)}",
                   err=True)
    broken = reg.problems or unannotated or any(r.error or r.rule_errors for r in results)
    failing = any(severity_rank(f.severity) <= severity_rank(failing_on) for r in results for f in r.findings)
    sys.exit(EXIT_ERROR if broken else EXIT_FINDINGS if failing and not (exit_zero or write_baseline) else EXIT_OK)


def annotation_targets(paths: Sequence[Path], annotate: str, skip_others: bool) -> dict[str, Path]:
    """Where --annotate writes each report's annotated copy (``skip_others``: non-PDF, non-DOCX inputs left out); a misuse is one error line."""
    from judgecheck.output.annotate import AnnotateError, plan_targets

    try:
        return plan_targets(paths, annotate, skip_others)
    except AnnotateError as exc:
        fail(str(exc))


def write_annotated(results: Sequence[DocumentResult], targets: dict[str, Path]) -> bool:
    """Write the annotated copies (a note on stderr for each); return True when one could not be made."""
    from judgecheck.output.annotate import AnnotateError, annotate_pdf
    from judgecheck.output.annotate_docx import annotate_docx

    # By the report's suffix: how to annotate it, and what the note says of the findings placed.
    annotators = {".pdf": (annotate_pdf, "highlighted, all listed on the summary page"),
                  ".docx": (annotate_docx, "commented on their sentence, the others in one comment on the first paragraph")}
    failed = False
    for result in results:
        target = targets.get(result.path)
        if target is None:
            continue
        if result.error:
            click.echo(f"judgecheck: error: {result.path}: not annotated: the report could not be read", err=True)
            failed = True
            continue
        try:
            annotator, placed = annotators[Path(result.path).suffix.lower()]
            done = annotator(Path(result.path), result.findings, target)
        except AnnotateError as exc:
            click.echo(f"judgecheck: error: not annotated: {exc}", err=True)
            failed = True
            continue
        click.echo(f"judgecheck: annotated {result.path} -> {target}: {done.located} of {len(done.placements)} finding(s) {placed}",
                   err=True)
    return failed


def per_file_ignores(result: DocumentResult, prefixes: Sequence[str]) -> DocumentResult:
    """The result without findings of rules that per-file-ignores turns off for its file."""
    if not prefixes:
        return result
    from dataclasses import replace

    return replace(result, findings=tuple(f for f in result.findings if not any(f.rule.startswith(p) for p in prefixes)))


def configured_registry() -> Registry:
    """The registry as the configuration here sets it up (disabled plugins, rule directories)."""
    from judgecheck.errors import JudgecheckError

    try:
        config = settings(None)
    except JudgecheckError as exc:
        fail(f"[{exc.code}] {exc}")
    return registry(config["disable-plugins"], [config.root / d for d in config["rule-dirs"]])


def settings(config_file: Path | None) -> Config:
    """The configuration: the file named, or the nearest one above the current directory, or defaults."""
    from judgecheck.config import find_config, load_config

    return load_config(config_file or find_config(Path.cwd()))


@main.command("config")
@click.option("--show", is_flag=True, help="Print the effective settings and where each came from.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Use this config file instead of looking for one.")
def config_command(show: bool, config_file: Path | None) -> None:
    """Show the configuration judgecheck would use here.

    \b
    Example:
      judgecheck config --show
    """
    from judgecheck.config import describe
    from judgecheck.errors import JudgecheckError

    try:
        config = settings(config_file)
    except JudgecheckError as exc:
        fail(f"[{exc.code}] {exc}")
    click.echo(f"# config file: {config.path or '(none found; defaults)'}")
    if not show:
        click.echo("# `judgecheck config --show` prints every setting and where it came from")
        return
    for key, value, source in describe(config):
        click.echo(f"{key} = {value}  # {source}")


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

    reg = configured_registry()
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
    """List every rule: id, name, default severity, the plugin that adds it, and its measured precision."""
    reg = configured_registry()
    for rule in reg.rules:
        click.echo(f"{rule.id}  {rule.name:<40} {rule.severity:<8} {reg.rule_plugin[rule.id]:<14} {rule.summary()}"
                   f"  [{rule.measured or 'not measured'}]")


@main.command("rule")
@click.argument("rule_id")
@click.option("--no-color", is_flag=True, help="Plain text even on a terminal (NO_COLOR is honoured too).")
def show_rule(rule_id: str, no_color: bool) -> None:
    """Explain one rule (by id in any case, or by name): what it checks, why it matters, examples, how it measured."""
    import inspect
    import re

    from rich.console import Console
    from rich.markdown import Markdown

    from judgecheck.config import nearest

    reg = configured_registry()
    wanted = rule_id.strip()
    found = next((r for r in reg.rules if wanted.upper() == r.id or wanted.lower() == r.name), None)
    if found is None:
        near = nearest(wanted.upper(), [r.id for r in reg.rules], 1, prefixes=False)
        fail(f"no rule '{rule_id}'; did you mean {near[0]}? (see `judgecheck rules`)" if near else f"no rule '{rule_id}'")
    # The docstrings are reStructuredText-flavoured Markdown: "Example::" opens an indented literal block.
    doc = re.sub(r"(?m)(\S)::$", r"\1:", re.sub(r"(?m)^\s*::\s*$", "", inspect.cleandoc(found.__doc__ or "")))
    head = (f"# {found.id} {found.name}\n\n{found.severity}, from plugin {reg.rule_plugin[found.id]}.\n\n"
            f"**Measured**: {found.measured or 'not measured'}.\n\n")
    color = sys.stdout.isatty() and not no_color and not os.environ.get("NO_COLOR")
    console = Console(file=io.StringIO(), no_color=not color, force_terminal=color, highlight=False,
                      width=None if sys.stdout.isatty() else 88)
    console.print(Markdown(head + doc))
    click.echo("\n".join(line.rstrip() for line in console.file.getvalue().splitlines()))  # type: ignore[attr-defined]


@main.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def list_plugins(as_json: bool) -> None:
    """List loaded plugins: version, hooks implemented, what each adds, and any that failed to load."""
    reg = configured_registry()
    if as_json:
        import json
        from dataclasses import asdict

        data = {"plugins": [asdict(p) for p in reg.plugins], "problems": [asdict(p) for p in reg.problems]}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for p in reg.plugins:
        adds = ", ".join(
            f"{kind}: {' '.join(items)}"
            for kind, items in (("rules", p.rules), ("frameworks", p.frameworks), ("formats", p.formats), ("readers", p.readers))
            if items
        )
        click.echo(f"{p.name} ({p.distribution} {p.version})  hooks: {' '.join(p.hooks)}  {adds}")
    for problem in reg.problems:
        click.echo(f"error {problem.code}: {problem.message}", err=True)
