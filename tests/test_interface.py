"""The command line as a new user meets it: output framing, --check, summaries, -v, inspect,
--version, the inspect --html view (CliRunner; exact text and exit codes)."""
from __future__ import annotations

import json
import os
import socket
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from govclean.cli import main
from govclean.inspect import inspect_page

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - Example Agency</title>
<script>document.write('tracker');</script></head>
<body onload="steal()"><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>{title}</h1><p class="date">Published: 12 March 2024</p>
<p>{body}</p>
<p>{more}</p>
<p onclick="alert(1)"><a href="javascript:alert(2)">Share this page</a></p>
<footer>Copyright Example Agency. All rights reserved.</footer>
<img src="x" onerror="alert(3)"></body></html>
"""


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE.format(
        title="Bus routes review",
        body="The agency announced today that the bus network will be reviewed over the coming "
             "months, with a public consultation open to every resident in the region.",
        more="Officials said the review will look at fares, timetables and the routes that "
             "serve hospitals, and that drivers will be asked for their views."), encoding="utf-8")
    (folder / "b.html").write_text(PAGE.format(
        title="Library hours review",
        body="Public libraries could open on Sunday mornings under plans set out by the council "
             "on Tuesday, after a survey of more than two thousand readers.",
        more="Staff unions welcomed the proposal but asked for extra pay for weekend shifts, "
             "and a decision is expected at the March meeting of the cabinet."), encoding="utf-8")
    return folder


# ------------------------------------------------------------------ framing on stdout


def test_json_over_several_pages_is_one_array(pages):
    one = [run("clean", "-f", "json", pages / n).stdout for n in ("a.html", "b.html")]
    result = run("clean", "-f", "json", pages)
    assert result.exit_code == 0
    assert result.stdout == "[\n" + one[0].rstrip("\n") + ",\n" + one[1].rstrip("\n") + "\n]\n"
    docs = json.loads(result.stdout)
    assert [d["title"] for d in docs] == ["Bus routes review", "Library hours review"]
    assert json.loads(one[0])["title"] == "Bus routes review"  # one file: one object


def test_json_with_nothing_to_write_is_an_empty_array(tmp_path):
    result = run("clean", "-f", "json", tmp_path)
    assert (result.exit_code, result.stdout) == (0, "[]\n")


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_put_a_header_before_each_document(pages, fmt):
    a, b = str(pages / "a.html"), str(pages / "b.html")
    one = [run("clean", "-f", fmt, p).stdout for p in (a, b)]
    assert not one[0].startswith("==> ")  # one file: no header
    result = run("clean", "-f", fmt, a, b)
    assert result.exit_code == 0
    assert result.stdout == f"==> {a} <==\n{one[0]}\n==> {b} <==\n{one[1]}"


def test_jsonl_is_unframed(pages):
    result = run("clean", "-f", "jsonl", pages)
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(ln)["title"] for ln in lines)


def test_help_tells_the_framing():
    text = " ".join(run("clean", "--help").stdout.split())
    assert ("-f json prints one JSON array, -f jsonl one object a line, and -f text / -f "
            "markdown a header line \"==> INPUT <==\" before each.") in text


# ------------------------------------------------------------------ re-runs


def test_check_keeps_the_format_the_index_remembers(pages, tmp_path):
    out = tmp_path / "out"
    assert run("clean", "-f", "jsonl", "-o", out, pages).exit_code == 0
    check = run("clean", "--check", "-o", out, pages)
    assert (check.exit_code, check.stdout) == (0, "")
    again = run("clean", "-v", "-o", out, pages)  # no -f: still jsonl, nothing to do
    assert sorted(os.listdir(out)) == [".govclean", "a.jsonl", "b.jsonl"]
    assert again.stderr == (f"{pages / 'a.html'}: skipped as unchanged\n"
                            f"{pages / 'b.html'}: skipped as unchanged\n"
                            "govclean: 2 inputs read, 0 documents written, 2 skipped as "
                            "unchanged, 0 chrome blocks removed, 0 repeated bodies folded, "
                            "0 duplicates found, 0 failures\n")


def test_verbose_lines_name_the_input_then_what_happened(pages, tmp_path):
    out = tmp_path / "out"
    first = run("clean", "-v", "-o", out, pages)
    a, b = pages / "a.html", pages / "b.html"
    lines = first.stderr.splitlines()
    assert lines[:2] == [f"{a}: written to {out / 'a.txt'}", f"{b}: written to {out / 'b.txt'}"]
    assert lines[2].startswith("govclean: 2 inputs read, 2 documents written, 0 skipped as "
                               "unchanged, ")
    b.unlink()
    second = run("clean", "-v", "-o", out, pages)
    assert second.stderr.splitlines()[:2] == [
        f"{a}: skipped as unchanged ({out / 'a.txt'})",
        f"{b}: removed {out / 'b.txt'} (no longer produced)"]
    assert second.stderr.splitlines()[2] == (
        "govclean: 1 input read, 0 documents written, 1 skipped as unchanged, 0 chrome blocks "
        "removed, 0 repeated bodies folded, 0 duplicates found, 1 output removed, 0 failures")


def test_a_socket_is_refused_as_documented(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind("page.html")
        result = run("clean", "page.html")
    finally:
        sock.close()
    assert result.exit_code == 1
    assert result.stderr == "govclean: page.html: not a regular file (a FIFO, socket or device)\n"
    limits = open(os.path.join(os.path.dirname(__file__), "..", "docs", "limits.md"),
                  encoding="utf-8").read()
    assert "`not a regular file (a FIFO, socket or device)`" in limits


# ------------------------------------------------------------------ inspect


def test_inspect_never_says_from_unknown(pages, data_dir):
    for page in [pages / "a.html", *sorted((data_dir / "cases").glob("*.[ht][tx]*"))]:
        result = run("inspect", page)
        assert result.exit_code == 0 and "(from unknown)" not in result.stdout
    assert "  language: en  (from share of CJK and Latin letters in the body)\n" in \
        run("inspect", pages / "a.html").stdout


def test_inspect_a_folder_is_a_usage_error_with_a_hint(pages):
    result = run("inspect", pages)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: '{pages}' is a folder: inspect takes one page (inspect each page in it, or "
        f"run 'govclean clean -v {pages}' for one line per input)")


def test_version_names_lxml_and_the_optional_engines():
    from importlib import metadata

    from govclean import __version__

    result = run("--version")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and lines[0] == f"govclean {__version__}"
    assert f"lxml {metadata.version('lxml')}" in lines
    for engine in ("dask", "pyarrow", "warcio", "fastwarc", "fsspec"):
        try:
            expected = f"{engine} {metadata.version(engine)}"
        except metadata.PackageNotFoundError:
            expected = f"{engine} not installed"
        assert expected in lines


# ------------------------------------------------------------------ inspect --html


class _View(HTMLParser):
    """Collects the view's blocks, metadata rows, and anything active that must not be there."""

    def __init__(self):
        super().__init__()
        self.blocks, self.fields, self.active, self.external = [], [], [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "link", "img"):
            self.active.append(tag)
        self.active += [name for name in attrs if name.startswith("on")]
        self.external += [v for v in attrs.values() if v and ("javascript:" in v or "://" in v)]
        if "block" in (attrs.get("class") or "").split():
            self.blocks.append({"index": int(attrs["data-index"]), "label": attrs["data-label"],
                                "title": attrs["title"], "text": ""})
            self._in = "block"
        elif tag == "span" and self._in == "block":
            self._in = "span"
        elif tag == "tr" and attrs.get("class") == "field":
            self.fields.append(attrs["data-field"])

    def handle_endtag(self, tag):
        if tag == "span" and self._in == "span":
            self._in = "block"
        elif tag == "div" and self._in == "block":
            self._in = None

    def handle_data(self, data):
        if self._in == "block":
            self.blocks[-1]["text"] += data


def test_inspect_html_shows_every_block_with_its_reason(pages):
    page = pages / "a.html"
    result = run("inspect", "--html", page)
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    view = _View()
    view.feed(result.stdout)
    expected = inspect_page(page.read_bytes(), filename=str(page))
    assert len(view.blocks) == len(expected.blocks) > 5
    for shown, block in zip(view.blocks, expected.blocks):
        assert (shown["index"], shown["label"]) == (block.index, block.label)
        assert shown["title"] == f"{block.label}: {block.reason}"
        assert shown["text"] == block.text
    assert {b["label"] for b in view.blocks} >= {"chrome", "title", "body"}
    assert view.fields == [f.name for f in expected.metadata]
    assert "Published" not in "".join(b["text"] for b in view.blocks if b["label"] == "body")


def test_inspect_html_carries_no_script_or_handler_of_the_page(pages):
    result = run("inspect", "--html", pages / "a.html")
    view = _View()
    view.feed(result.stdout)
    assert view.active == [] and view.external == []
    assert "<script" not in result.stdout.lower() and "steal()" not in result.stdout
    assert "Content-Security-Policy" in result.stdout


def test_inspect_html_escapes_markup_in_the_text(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("A notice about <script>alert(1)</script> tags\n\n"
                    + "The council met on Monday and agreed a plan for the roads. " * 3 + "\n",
                    encoding="utf-8")
    result = run("inspect", "--html", page)
    assert "<script>" not in result.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout


def test_inspect_html_and_json_are_exclusive(pages):
    result = run("inspect", "--html", "--json", pages / "a.html")
    assert result.exit_code == 2 and result.stderr.splitlines()[-1] == "Error: --json and --html: choose one"


def test_the_documented_summary_is_what_govclean_prints(data_dir, tmp_path):
    """docs/batch.md shows the summary of cleaning tests/data/cases: it must be the real one."""
    result = run("clean", "-v", "-o", tmp_path / "out", data_dir / "cases")
    summary = result.stderr.splitlines()[-1]
    batch = open(os.path.join(os.path.dirname(__file__), "..", "docs", "batch.md"),
                 encoding="utf-8").read()
    assert summary.startswith("govclean: 3 inputs read, ")
    assert f"\n    {summary}\n" in batch
