"""The command line (Click only): options -> library call -> writer -> report."""
from __future__ import annotations

import os
import sys

import click

from . import __version__

FORMATS = ("text", "markdown", "json", "jsonl")  # kept here so --help never imports the library
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
@click.option("--dedup", "dedup_mode", type=click.Choice(DEDUP_MODES), default="near",
              show_default=True, help="Fold copies of one article: near or exact duplicates, or off.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=DEFAULT_THRESHOLD,
              show_default=True, help="Body similarity (Jaccard of 5-character shingles) to merge at.")
@click.option("--keep-duplicates", is_flag=True,
              help="Also write the duplicates, each marked with duplicate_of.")
def clean(paths, fmt, output, max_bytes, dedup_mode, threshold, keep_duplicates):
    from .corpus import clean_corpus
    from .load import DEFAULT_MAX_BYTES
    from .write import atomic_write, output_names, render

    result = clean_corpus(paths, max_bytes=max_bytes or DEFAULT_MAX_BYTES, dedup_mode=dedup_mode,
                          threshold=threshold, keep_duplicates=keep_duplicates)
    for failure in result.failures:
        click.echo(f"govclean: {failure.input}: {failure.message}", err=True)
    if output:
        for doc, name in zip(result.documents, output_names(result.documents, fmt)):
            atomic_write(os.path.join(output, name), render(doc, fmt))
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
