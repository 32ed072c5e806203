"""The command line (Click only): options -> library call -> writer -> report."""
from __future__ import annotations

import io
import os
import re
import sys
from contextlib import contextmanager

import click


# = report.FAILED and report.WARNING (report is stdlib-only, but --help imports nothing)
FAILED, WARNING = "failed", "warning"
FORMATS = ("text", "markdown", "json", "jsonl", "parquet")  # kept here so --help never imports the library
ENGINES = ("local", "dask")  # = engines.ENGINES
# Exit status after Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).
EXIT_INTERRUPTED = 130
DEDUP_MODES = ("near", "exact", "off")  # = dedup.MODES, kept here for the same reason
DEFAULT_THRESHOLD = 0.5  # = dedup.DEFAULT_THRESHOLD; a test checks they agree
PAGE_TIMEOUT = 60.0  # = batch.PAGE_TIMEOUT, kept here for the same reason; a test checks
GC_HELD: list = []  # [True] while __main__.run holds the garbage collector off for start-up

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

On standard output, one file (or -) gives one document. A folder, several paths
or --files-from give several: -f json prints one JSON array, -f jsonl one object
a line, and -f text / -f markdown a header line "==> INPUT <==" before each.

With -o, an index kept in OUT/.govclean/index.sqlite remembers every input, so a
re-run skips unchanged inputs and removes the outputs of inputs that disappeared.

Copies of one article (re-saves, an HTML page and its text dump) are folded: the
canonical copy lists the others under "duplicates" (--dedup near, the default;
exact; or off).
"""

INSPECT_HELP = """Show every block of PAGE with its label and the reason, and the metadata
found with where each value came from.  PAGE is one file (or -), not a folder.

\b
  govclean inspect page.html                 # in the terminal
  govclean inspect --html page.html > view.html  # open view.html in a browser

\b
Labels: chrome (dropped), title, metadata, body (kept), repeat (a repeated copy, dropped).
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, param, value: _print_version(ctx, value),
              help="Show the versions of govclean, Python, lxml and the optional engines "
                   "found, and exit.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Read defaults from this file (default: the nearest govclean.toml, or "
                   "pyproject.toml with [tool.govclean]).")
@click.pass_context
def main(ctx, config_path):
    """govclean: clean and deduplicate saved government web pages."""
    from .recache import save_at_exit

    ctx.obj = {"config_path": config_path}
    save_at_exit()  # the patterns this run compiles, kept for the next (recache)


def _print_version(ctx, value):
    if not value or ctx.resilient_parsing:
        return
    from .versions import version_text

    click.echo(version_text())
    ctx.exit()


class ConfigProblem(click.ClickException):
    """A bad config file: a usage error (exit 2), told in one line naming file and key."""

    exit_code = 2


def _config(ctx):
    """The project's config (loaded on first use), its chrome patterns applied."""
    from .config import load_config
    from .errors import GovcleanError
    from .textutil import user_path

    try:
        config = load_config(ctx.obj.get("config_path"))
    except GovcleanError as exc:
        raise ConfigProblem(_shown(f"{user_path(exc.input)}: {exc.message}"))
    return config


@main.command("clean", help=CLEAN_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format.  [default: the format the index remembers from the last "
                   "run, else text]")
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
              help="Refuse inputs larger than this many bytes (default 50 MiB).")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=None,
              help=f"Give up on a page that takes longer than this many seconds to clean "
                   f"(0: no limit).  [default: {PAGE_TIMEOUT:g}]")
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
          null_sep, max_bytes, page_timeout, dedup_mode, threshold, keep_duplicates, engine,
          scheduler, storage_options, quiet, verbose):
    import signal

    # SIGTERM unwinds like Ctrl-C from the start: a signal during the walk is no traceback
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        _clean(ctx, paths, fmt, output, relative_to, jobs, check, index_path, no_index,
               files_from, null_sep, max_bytes, page_timeout, dedup_mode, threshold,
               keep_duplicates, engine, scheduler, storage_options, quiet, verbose)
    except KeyboardInterrupt:
        click.echo("govclean: interrupted before anything was written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _clean(ctx, paths, fmt, output, relative_to, jobs, check, index_path, no_index, files_from,
           null_sep, max_bytes, page_timeout, dedup_mode, threshold, keep_duplicates, engine,
           scheduler, storage_options, quiet, verbose):
    from .batch import Settings, remembered_format
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
                        keep_duplicates=keep_duplicates,
                        whole_documents=False)  # _Stdout.write reads the content and input
    if max_bytes:
        settings.max_bytes = max_bytes
    if page_timeout is not None:
        settings.page_timeout = page_timeout or None
    if not (fmt or config.format):  # keep the format the index remembers (--check too)
        settings.fmt = remembered_format(settings) or settings.fmt
    if check and not settings.index_path() and not settings.output:
        raise click.UsageError("--check needs --output (or --index) to compare against")
    _check_cluster_use(settings, paths, engine, scheduler)
    try:
        storage = parse_options(storage_options)
    except ValueError as exc:
        raise click.UsageError(f"--storage-option {exc}")
    _refuse_overlap(paths, settings)
    _run_clean(paths, settings, relative_to, quiet, verbose,
               {"engine": engine, "scheduler": scheduler}, storage,
               several=_several(paths) or bool(files_from))


# Exit status of a command line refused before anything is read or written (as Click's usage errors).
EXIT_USAGE = 2


def _refuse_overlap(paths, settings):
    """-o (or --index) overlapping an input: one line naming both, exit 2, nothing touched."""
    from .errors import OverlapError
    from .inputs import check_overlap
    from .storage import is_url

    local = [p for p in paths if not is_url(p)]
    output = None if is_url(settings.output) else settings.output
    try:
        check_overlap(local, output, None if is_url(settings.index_path()) else settings.index_path())
    except OverlapError as exc:
        click.echo(f"govclean: {exc.message}", err=True)
        sys.exit(EXIT_USAGE)


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


def _run_clean(paths, settings, relative_to, quiet, verbose, engine, storage, several):
    from .engines import run, run_parquet
    from .errors import GovcleanError, OutputError
    from .inputs import iter_sources
    from .report import Summary

    try:
        sources = list(iter_sources(paths, storage, skipped=True))
    except GovcleanError as exc:
        raise click.ClickException(_shown(f"{exc.input}: {exc.message}"))
    if relative_to:
        _relative_to(sources, paths, relative_to)
    pages = sum(1 for s in sources if s.skipped is None)
    if pages > 1:
        collect_garbage()
    view = _BatchView(quiet, verbose)
    summary = Summary()
    stdout = _Stdout(settings.fmt, several)
    try:
        with view, _stdout_guarded():
            if settings.fmt == "parquet":
                run_parquet(sources, settings, settings.output, storage,
                            on_progress=view.on_progress, summary=summary, **engine)
            else:
                run(sources, settings, on_progress=view.on_progress, on_document=stdout.write,
                    summary=summary, **engine)
                if not settings.check and not settings.output:
                    stdout.close()
            for change in summary.changes:
                _echo_out(_shown(change))
    except KeyboardInterrupt:
        click.echo(f"govclean: interrupted; {_in_place(summary, pages)}; the next run picks up "
                   "where this one stopped", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OutputError as exc:  # disk full, read-only folder: stop, say so once
        click.echo(_shown(f"govclean: {exc.input}: {exc.message}; stopped: "
                          f"{_in_place(summary, pages)}"), err=True)
        sys.exit(1)
    except GovcleanError as exc:
        raise click.ClickException(_shown(f"{exc.input}: {exc.message}"))
    view.finish(summary)
    sys.exit(summary.exit_code)


def collect_garbage():
    """The collector back on (if start-up held it off): a batch of several pages makes garbage
    worth collecting, and worker processes forked from here inherit the setting."""
    if GC_HELD:
        import gc

        gc.enable()
        GC_HELD.clear()


def _shown(line):
    """A line naming files, with control, bidi and undecodable characters escaped."""
    from .textutil import shown

    return shown(line)


def _in_place(summary, pages):
    """What a stopped run leaves, as the disk has it: outputs written now or already there."""
    return (f"{summary.written + summary.unchanged} of {pages} outputs in place "
            f"({summary.written} written by this run)")


# Exit status when the reader of standard output went away (`| head`): 128 + SIGPIPE, what
# the shell reports for cat, grep and other filters killed by the signal.
EXIT_BROKEN_PIPE = 141


class _StdoutFailed(Exception):
    """Standard output cannot be written (a full disk, /dev/full, an I/O error)."""


@contextmanager
def _stdout_guarded():
    """A closed pipe ends the command quietly (EXIT_BROKEN_PIPE); any other write error on
    standard output is one line and exit 1, never a traceback."""
    try:
        yield
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    except _StdoutFailed as exc:
        _silence_stdout()
        click.echo(f"govclean: standard output: cannot write ({exc})", err=True)
        sys.exit(1)


def _echo_out(text, nl=True):
    """click.echo to standard output, its write errors told apart from any other."""
    try:
        click.echo(text, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _StdoutFailed(exc.strerror or str(exc)) from None


def _silence_stdout():
    """Nothing more reaches standard output, not even Python's flush at exit."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


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


# A lone surrogate (U+D800-DFFF) as "surrogatepass" writes it in UTF-8.
RE_SURROGATE_UTF8 = re.compile(rb"\xed[\xa0-\xbf]")


def _utf8_stream(out) -> bool:
    """Whether writing str to `out` writes its UTF-8 bytes to out.buffer, unchanged. (Its
    error handler matters only for lone surrogates, which _write_bytes leaves to the text
    layer: a C locale's standard output is UTF-8 with surrogateescape.)"""
    import codecs

    encoding = getattr(out, "encoding", None)
    if not encoding or os.linesep != "\n" or not hasattr(out, "buffer"):
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


class _Stdout:
    """Documents to standard output, each flushed as soon as it is final (for pipelines).

    Several documents are framed so a program can tell them apart: json as one array,
    text and markdown with a `==> INPUT <==` header before each (as head and tail do)."""

    def __init__(self, fmt, several):
        self.fmt, self.several, self.count = fmt, several, 0
        self._checked = None  # (the stream, whether _write_bytes may write to its buffer)

    def write(self, doc, content):
        from .inputs import display_name

        out = sys.stdout
        try:
            if isinstance(content, bytes):  # a batch's output as its worker rendered it
                content = self._write_bytes(out, content)
                if content is None:
                    self.count += 1
                    return
            if self.several and self.fmt == "json":
                content = ("[\n" if not self.count else ",\n") + content.rstrip("\n")
            elif self.several and self.fmt in ("text", "markdown"):
                header = f"==> {display_name(doc.input)} <==\n"
                content = ("\n" if self.count else "") + header + content
            out.write(content)
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _StdoutFailed(exc.strerror or str(exc)) from None
        self.count += 1

    def _write_bytes(self, out, content: bytes):
        """Write UTF-8 content as it is where standard output would encode it to the same
        bytes (a UTF-8 stream, no newline translation, nothing framed around it); else give
        it back decoded for write. Content with a lone surrogate (never JSON output, which
        escapes them) goes the text way too: the stream's error handler decides it."""
        if self._checked is None or self._checked[0] is not out:
            self._checked = (out, _utf8_stream(out))
        if self.several and self.fmt != "jsonl" or not self._checked[1] \
                or b"\xed" in content and RE_SURROGATE_UTF8.search(content):  # in: memchr
            return content.decode("utf-8", "surrogatepass")
        out.flush()  # whatever the text layer holds goes first
        out.buffer.write(content)
        out.buffer.flush()
        return None

    def close(self):
        """End the JSON array (an empty one when no document was written)."""
        if self.several and self.fmt == "json":
            try:
                sys.stdout.write("\n]\n" if self.count else "[]\n")
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise _StdoutFailed(exc.strerror or str(exc)) from None


def _several(paths):
    """Whether a run may give several documents: anything but one file (or -)."""
    return len(paths) != 1 or os.path.isdir(paths[0])


def verbose_line(status, detail):
    """What happened to one input, for -v: always the input first, then a past participle
    (written, skipped, folded, removed, checked), then the output path where there is one."""
    duplicate = detail and detail.startswith("duplicate of ")
    if status == "written":
        if duplicate:
            return f"folded into {detail[len('duplicate of '):]} (a duplicate)"
        return f"written to {detail}" if detail else "written to standard output"
    if status == "unchanged":
        if duplicate:
            return f"skipped as unchanged (a {detail})"
        return f"skipped as unchanged ({detail})" if detail else "skipped as unchanged"
    if status == "skipped":  # a folder walk's file that is not a page
        return f"skipped ({detail})"
    if status == "removed":
        return f"removed {detail} (no longer produced)"
    return f"checked: {detail}"  # --check: create, change, remove, process


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
        elif event.kind == "warning":  # a file left alone, a damaged index: always said
            self._say(f"govclean: {event.input}: {event.detail}")

    def _start_bar(self, total):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
        self.progress = Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
        self.task = self.progress.add_task("clean", total=total)
        self.progress.start()

    def _input(self, event):
        if event.status in (FAILED, WARNING):
            prefix = "warning: " if event.status == WARNING else ""
            self._say(f"govclean: {event.input}: {prefix}{event.detail}")
        elif self.verbose:
            self._say(f"{event.input}: {verbose_line(event.status, event.detail)}")

    def _say(self, line):
        line = _shown(line)
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
@click.option("--html", "as_html", is_flag=True,
              help="One self-contained HTML page (no scripts, no network): blocks coloured by "
                   "label, the reason on hover, and the metadata with where it came from.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this many bytes (default 50 MiB).")
@click.pass_context
def inspect_cmd(ctx, page, as_json, as_html, max_bytes):
    import json

    if os.path.isdir(page):
        raise click.UsageError(f"{page!r} is a folder: inspect takes one page (inspect each "
                               f"page in it, or run 'govclean clean -v {page}' for one line "
                               "per input)")
    if as_json and as_html:
        raise click.UsageError("--json and --html: choose one")
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
        raise click.ClickException(_shown(f"{exc.input}: {exc.message}"))
    with _stdout_guarded():
        if as_json:
            from .textutil import json_safe

            _echo_out(json_safe(json.dumps(result.to_dict(), ensure_ascii=False, indent=2)))
        elif as_html:
            from .inspect_html import render_html

            _echo_out(render_html(result), nl=False)
        else:
            try:
                _show_inspection(result)
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:  # rich writes as it goes
                raise _StdoutFailed(exc.strerror or str(exc)) from None


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
        line.append(_shown(text.replace("\n", " ")))
        console.print(line)
    console.print(Text("\nmetadata", style="bold"))
    for f in result.metadata:
        line = Text(f"  {f.name}: ")
        line.append(_shown(str(f.value)))
        if f.origin:  # every field the library reads or derives has one
            line.append(f"  (from {f.origin})", style="dim")
        console.print(line)
    counts = ", ".join(f"{n} {label}" for label, n in sorted(result.counts().items()))
    n = result.repeats_removed
    console.print(Text(f"\n{counts}; {n} repeated {'body' if n == 1 else 'bodies'} folded",
                       style="dim"))


if __name__ == "__main__":  # pragma: no cover
    main()
