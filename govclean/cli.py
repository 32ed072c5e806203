"""The command line (Click only): options -> library call -> writer -> report."""
from __future__ import annotations

import os
import sys

import click

from . import __version__

FORMATS = ("text", "markdown", "json", "jsonl")  # kept here so --help never imports the library

CLEAN_HELP = """Clean saved government pages: drop the chrome, keep the article once.

PATH is a file (HTML, text dump, or .gz of either), a folder (read recursively),
or - for standard input.

\b
Examples:
  govclean clean page.html                  # title and body as text
  govclean clean -f json page.html          # with all metadata
  govclean clean -f jsonl saved/ > out.jsonl
  govclean clean -f markdown -o clean/ saved/
  curl -s URL | govclean clean -f json -
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="govclean")
def main():
    """govclean: clean and deduplicate saved government web pages."""


@main.command("clean", help=CLEAN_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(file_okay=False), default=None,
              help="Write one file per document into this folder (mirrors input paths).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this many bytes (default 50 MB).")
def clean(paths, fmt, output, max_bytes):
    from .corpus import clean_corpus
    from .load import DEFAULT_MAX_BYTES
    from .write import atomic_write, output_names, render

    result = clean_corpus(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    for failure in result.failures:
        click.echo(f"govclean: {failure.input}: {failure.message}", err=True)
    if output:
        from .errors import OutputError

        names = output_names(result.documents, fmt)
        for done, (doc, name) in enumerate(zip(result.documents, names)):
            try:
                atomic_write(os.path.join(output, name), render(doc, fmt), root=output)
            except OutputError as exc:  # disk full, read-only: stop, say so once
                click.echo(f"govclean: {exc.input}: {exc.message}; stopped after "
                           f"{done} of {len(names)} outputs", err=True)
                sys.exit(1)
    else:
        out = sys.stdout
        for i, doc in enumerate(result.documents):
            if i and fmt in ("text", "markdown"):
                out.write("\f\n" if fmt == "text" else "\n---\n\n")
            out.write(render(doc, fmt))
    if result.failures:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
