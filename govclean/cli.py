"""The command line (Click only): options -> library call -> writer -> report."""
from __future__ import annotations

import os
import sys

import click

from . import __version__

FORMATS = ("text", "markdown", "json", "jsonl", "parquet")  # kept here so --help never imports the library
ENGINES = ("local", "dask")  # = engines.ENGINES
# Exit status after Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).
EXIT_INTERRUPTED = 130
DEDUP_MODES = ("near", "exact", "off")  # = dedup.MODES, kept here for the same reason
DEFAULT_THRESHOLD = 0.5  # = dedup.DEFAULT_THRESHOLD; a test checks they agree

CLEAN_HELP = """Clean saved government pages: drop the chrome, keep the article once.

PATH is a file (HTML, text dump, or .gz of either), a folder (read recursively),
or - for standard input.

\b
Examples:
  govclean clean page.html                  # title and body as text
  govclean clean -f json page.html          # with all metadata
  govclean clean -f jsonl saved/ > out.jsonl
  govclean clean -f markdown -o clean/ saved/
  govclean clean -o clean/ saved/           # again: only what changed is redone
  govclean clean --check -o clean/ saved/   # exit 1 if clean/ is not up to date
  find saved -newer stamp -print0 | govclean clean -0 --files-from - -f jsonl
  govclean clean -f jsonl --dedup off saved/  # every page on its own, streamed
  curl -s URL | govclean clean -f json -
  govclean clean -f parquet -o s3://bucket/clean/ s3://bucket/crawl/
  govclean clean --engine dask --scheduler tcp://HOST:8786 -f parquet -o OUT saved/

With -o, an index kept in OUT/.govclean/index.sqlite remembers every input, so a
re-run skips unchanged inputs and removes the outputs of inputs that disappeared.

Copies of one article (re-saves, an HTML page and its text dump) are folded: the
canonical copy lists the others under "duplicates" (--dedup near, the default;
exact; or off).
"""

INSPECT_HELP = """Show every block of PAGE with its label and the reason, and the metadata
found with where each value came from.

\b
Labels: chrome (dropped), title, metadata, body (kept), repeat (a repeated copy, dropped).
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="govclean")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Read defaults from this file (default: the nearest govclean.toml, or "
                   "pyproject.toml with [tool.govclean]).")
@click.pass_context
def main(ctx, config_path):
    """govclean: clean and deduplicate saved government web pages."""
    ctx.obj = {"config_path": config_path}


def _config(ctx):
    """The project's config (loaded on first use), its chrome patterns applied."""
    from .config import load_config
    from .errors import GovcleanError

    try:
        config = load_config(ctx.obj.get("config_path"))
    except GovcleanError as exc:
        raise click.ClickException(f"{exc.input}: {exc.message}")
    return config


@main.command("clean", help=CLEAN_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format.  [default: text]")
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="Write one file per document into this folder (mirrors input paths).")
@click.option("--relative-to", type=click.Path(file_okay=False), default=None,
              help="Mirror named files under --output by their path relative to this folder "
                   "(default: by file name); what a pre-commit hook needs.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes.  [default: every core]")
@click.option("--check", is_flag=True,
              help="Write nothing; list what would be created, changed or removed and exit 1 "
                   "if anything would (0 when up to date).")
@click.option("--index", "index_path", type=click.Path(dir_okay=False), default=None,
              help="The batch index.  [default: OUT/.govclean/index.sqlite with -o]")
@click.option("--no-index", is_flag=True, help="Keep no index: redo every input.")
@click.option("--files-from", type=click.File("rb"), default=None,
              help="Read input paths from FILE, one a line (- for standard input).")
@click.option("-0", "--null", "null_sep", is_flag=True,
              help="Paths in --files-from are separated by NUL characters (find -print0).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this many bytes (default 50 MB).")
@click.option("--dedup", "dedup_mode", type=click.Choice(DEDUP_MODES), default=None,
              help="Fold copies of one article: near or exact duplicates, or off.  [default: near]")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
              help="Body similarity (Jaccard of 5-character shingles) to merge at.  "
                   f"[default: {DEFAULT_THRESHOLD}]")
@click.option("--keep-duplicates", is_flag=True,
              help="Also write the duplicates, each marked with duplicate_of.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Run on this machine's process pool, or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="--engine dask: the scheduler of an existing cluster (tcp://HOST:8786).  "
                   "[default: a local cluster of -j workers on 127.0.0.1]")
@click.option("--storage-option", "storage_options", metavar="KEY=VALUE", multiple=True,
              help="An fsspec option for URL inputs and outputs (s3://, gs://, az://); "
                   "repeat for more.  Credentials also come from the usual environment "
                   "variables (AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@click.option("-v", "--verbose", is_flag=True, help="One line per input, and the summary.")
@click.pass_context
def clean(ctx, paths, fmt, output, relative_to, jobs, check, index_path, no_index, files_from,
          null_sep, max_bytes, dedup_mode, threshold, keep_duplicates, engine, scheduler,
          storage_options, quiet, verbose):
    from .batch import Settings
    from .storage import parse_options

    config = _config(ctx)
    paths = list(paths) + _read_path_list(files_from, null_sep)
    if not paths:
        raise click.UsageError("give at least one PATH, or --files-from")
    if null_sep and files_from is None:
        raise click.UsageError("-0/--null goes with --files-from")
    settings = Settings(fmt=fmt or config.format or "text", output=output or config.output,
                        index=index_path or config.index, use_index=not no_index,
                        jobs=jobs or config.jobs or os.cpu_count() or 1, check=check,
                        chrome=list(config.chrome),
                        dedup=dedup_mode or config.dedup or "near",
                        threshold=threshold or config.threshold or DEFAULT_THRESHOLD,
                        keep_duplicates=keep_duplicates)
    if max_bytes:
        settings.max_bytes = max_bytes
    if check and not settings.index_path() and not settings.output:
        raise click.UsageError("--check needs --output (or --index) to compare against")
    _check_cluster_use(settings, paths, engine, scheduler)
    try:
        storage = parse_options(storage_options)
    except ValueError as exc:
        raise click.UsageError(f"--storage-option {exc}")
    _run_clean(paths, settings, relative_to, quiet, verbose,
               {"engine": engine, "scheduler": scheduler}, storage)


def _check_cluster_use(settings, paths, engine, scheduler):
    """What Parquet, URLs and the Dask engine go with (usage errors otherwise)."""
    from .storage import is_url

    if settings.fmt == "parquet" and (not settings.output or settings.check):
        raise click.UsageError("-f parquet writes a dataset: give -o DIR (or a URL), without --check")
    if is_url(settings.output) and settings.fmt != "parquet":
        raise click.UsageError("-o URL goes with -f parquet (one file per page stays local)")
    if any(is_url(p) for p in paths) and settings.fmt != "parquet" and settings.index_path():
        raise click.UsageError("URL inputs keep no index: use -f parquet, no -o, or --no-index")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    if engine == "dask" and "-" in paths:
        raise click.UsageError("- (standard input) goes with --engine local")


def _read_path_list(stream, null_sep):
    if stream is None:
        return []
    data = stream.read().decode(sys.getfilesystemencoding(), "surrogateescape")
    parts = data.split("\0") if null_sep else data.splitlines()
    return [p for p in parts if p.strip()] if not null_sep else [p for p in parts if p]


def _run_clean(paths, settings, relative_to, quiet, verbose, engine, storage):
    import signal

    from .engines import run, run_parquet
    from .errors import GovcleanError, OutputError
    from .inputs import iter_sources

    try:
        sources = list(iter_sources(paths, storage))
    except GovcleanError as exc:
        raise click.ClickException(f"{exc.input}: {exc.message}")
    if relative_to:
        _relative_to(sources, paths, relative_to)
    view = _BatchView(quiet, verbose)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with view:
            if settings.fmt == "parquet":
                summary = run_parquet(sources, settings, settings.output, storage,
                                      on_progress=view.on_progress, **engine)
            else:
                summary = run(sources, settings, on_progress=view.on_progress,
                              on_document=_Stdout(settings.fmt).write, **engine)
    except KeyboardInterrupt:
        click.echo("govclean: interrupted; the next run picks up where this one stopped", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OutputError as exc:  # disk full, read-only folder: stop, say so once
        click.echo(f"govclean: {exc.input}: {exc.message}; stopped after {exc.written} of "
                   f"{len(sources)} outputs", err=True)
        sys.exit(1)
    except GovcleanError as exc:
        raise click.ClickException(f"{exc.input}: {exc.message}")
    finally:
        signal.signal(signal.SIGTERM, previous)
    for change in summary.changes:
        click.echo(change)
    view.finish(summary)
    sys.exit(summary.exit_code)


def _terminate(signum, frame):
    raise KeyboardInterrupt  # unwind like Ctrl-C: temporary files removed, index rolled back


def _relative_to(sources, paths, base):
    """Named files keep their path below base in the output folder (not just their name)."""
    named = {p for p in paths if p != "-" and not os.path.isdir(p)}
    base = os.path.abspath(base)
    for s in sources:
        if s.name in named:
            rel = os.path.relpath(os.path.abspath(s.name), base)
            if not rel.startswith(os.pardir):
                s.relative = rel


class _Stdout:
    """Documents to standard output, each flushed as soon as it is final (for pipelines)."""

    def __init__(self, fmt):
        self.fmt, self.count = fmt, 0

    def write(self, doc, content):
        out = sys.stdout
        if self.count and self.fmt in ("text", "markdown"):
            out.write("\f\n" if self.fmt == "text" else "\n---\n\n")
        out.write(content)
        out.flush()
        self.count += 1


class _BatchView:
    """Progress on stderr (rich, only when stderr is a terminal), failures, the summary."""

    def __init__(self, quiet, verbose):
        self.quiet, self.verbose = quiet, verbose
        self.tty = sys.stderr.isatty()
        self.progress = None
        self.task = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def on_progress(self, event):
        if event.kind == "start" and self.tty and not self.quiet:
            self._start_bar(event.total)
        elif event.kind == "cleaned" and self.progress is not None:
            self.progress.advance(self.task)
        elif event.kind == "input":
            self._input(event)

    def _start_bar(self, total):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
        self.progress = Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
        self.task = self.progress.add_task("clean", total=total)
        self.progress.start()

    def _input(self, event):
        if event.status == "failed":
            self._say(f"govclean: {event.input}: {event.detail}")
        elif self.verbose:
            self._say(f"{event.status}: {event.detail or event.input}")

    def _say(self, line):
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def finish(self, summary):
        if self.verbose or (self.tty and not self.quiet):
            click.echo(f"govclean: {summary.line()}", err=True)


@main.command("inspect", help=INSPECT_HELP)
@click.argument("page", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for machines.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this many bytes (default 50 MB).")
@click.pass_context
def inspect_cmd(ctx, page, as_json, max_bytes):
    import json

    from .errors import GovcleanError
    from .inputs import Source, read_source
    from .inspect import inspect_page
    from .load import DEFAULT_MAX_BYTES
    from .batch import use_chrome

    use_chrome(_config(ctx).chrome)
    source = Source(name=page, path=None if page == "-" else page, relative=page)
    try:
        data = read_source(source, max_bytes or DEFAULT_MAX_BYTES)
        result = inspect_page(data, filename=page)
    except GovcleanError as exc:
        raise click.ClickException(f"{exc.input}: {exc.message}")
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _show_inspection(result)


# Label colours of `govclean inspect` in a terminal.
LABEL_STYLES = {"chrome": "red", "title": "bold magenta", "metadata": "cyan",
                "body": "green", "repeat": "yellow"}
# Block text is cut to this many characters in the listing (the JSON has it whole).
INSPECT_TEXT_MAX = 100


def _show_inspection(result):
    from rich.console import Console
    from rich.text import Text

    console = Console(no_color=bool(os.environ.get("NO_COLOR")), soft_wrap=True, highlight=False)
    for b in result.blocks:
        text = b.text if len(b.text) <= INSPECT_TEXT_MAX else b.text[:INSPECT_TEXT_MAX - 1] + "…"
        line = Text(f"{b.index:>4} ")
        line.append(f"{b.label:<8}", style=LABEL_STYLES.get(b.label, ""))
        line.append(f" {b.reason:<28} ", style="dim")
        line.append(text.replace("\n", " "))
        console.print(line)
    console.print(Text("\nmetadata", style="bold"))
    for f in result.metadata:
        line = Text(f"  {f.name}: ")
        line.append(str(f.value))
        line.append(f"  (from {f.origin or 'unknown'})", style="dim")
        console.print(line)
    counts = ", ".join(f"{n} {label}" for label, n in sorted(result.counts().items()))
    console.print(Text(f"\n{counts}; {result.repeats_removed} repeated bodies folded", style="dim"))


if __name__ == "__main__":  # pragma: no cover
    main()
