"""Outputs rendered by the workers (Settings.whole_documents=False, the CLI's standard output):
the same bytes, counts and warnings as outputs rendered from the documents."""
from __future__ import annotations

import io
import shutil
import sys

import pytest

from batchpages import page
from govclean import batch
from govclean.batch import Rendered, Settings, run_batch
from govclean.inputs import iter_sources
from govclean.model import Document, Duplicate
from govclean.segment import MAX_ATTRIBUTES
from govclean.write import render, with_duplicates

# Characters a rendering must carry over unchanged: JSON escapes (quote, backslash, a
# control), line separators json_safe escapes, a lone surrogate (an undecodable file-name
# byte), and text that looks like the key added afterwards.
AWKWARD = 'a "quoted" \\ back\x1b\u2028\u2029 "duplicates":[] \udc80 end'


def awkward_document() -> Document:
    return Document(input="dir/name\nwith a line break \udcff.html", url="https://x.gov/p?a=1&b=2",
                    title=AWKWARD, text=AWKWARD + "\n\n" + "第二段", breadcrumb=["首页", AWKWARD],
                    official={"文号": AWKWARD}, attachments=[{"name": AWKWARD, "url": "/f.pdf"}],
                    repeats_removed=3)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
@pytest.mark.parametrize("folded", [False, True])
def test_duplicates_added_afterwards_give_the_rendered_bytes(fmt, folded):
    doc = awkward_document()
    before = render(doc, fmt)
    doc.duplicates = [Duplicate(input="b.html", url=None, kind="near", similarity=0.8123456789),
                      Duplicate(input=AWKWARD, url="https://y.gov/", kind="exact", similarity=1.0)]
    doc.duplicate_of = "canonical.html" if folded else None
    after = render(doc, fmt)
    assert with_duplicates(before, fmt, doc.duplicates, doc.duplicate_of) == after
    assert (after != before) == (fmt != "text")  # the premise: JSON shows them, text does not


def test_markdown_cannot_take_duplicates_afterwards():
    doc = awkward_document()
    dup = [Duplicate(input="b.html", url=None, kind="near", similarity=0.9)]
    with pytest.raises(ValueError, match="markdown"):
        with_duplicates(render(doc, "markdown"), "markdown", dup, None)
    assert with_duplicates("same", "markdown", [], None) == "same"  # nothing to add


def test_a_rendered_page_reads_back_whole():
    doc = awkward_document()
    doc.extra.update({"chrome_blocks": 7, "warnings": "cut\nat a limit", "kind": "html"})
    got = Rendered.from_bytes(Rendered.of(doc, "jsonl").to_bytes())
    assert (got.input, got.content, got.repeats_removed) == (doc.input, render(doc, "jsonl"), 3)
    assert got.extra == {"chrome_blocks": 7, "warnings": "cut\nat a limit"}
    assert (got.duplicates, got.duplicate_of) == ([], None)


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_a_rendered_page_stays_utf8_until_read_as_text(fmt):
    doc = awkward_document()
    data = Rendered.of(doc, fmt).to_bytes()
    got = Rendered.from_bytes(data)
    assert got._content is None  # not decoded by reading it back
    assert got.utf8 == render(doc, fmt).encode("utf-8", "surrogatepass")
    assert data.endswith(got.utf8)
    assert got.content == render(doc, fmt)  # decoded when asked
    got.content = "other\n"  # duplicates added: the bytes follow the text
    assert got.utf8 == b"other\n"


class _Stream(io.TextIOWrapper):
    """A text stream over bytes, as standard output is (encoding and errors as given)."""

    def __init__(self, encoding="utf-8", errors="strict"):
        super().__init__(io.BytesIO(), encoding=encoding, errors=errors, newline="\n")

    def written(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()


@pytest.mark.parametrize("several", [False, True])
@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])  # the C locale's stdout
def test_stdout_writes_utf8_content_as_it_is(monkeypatch, several, errors):
    from govclean import cli

    stream = _Stream(errors=errors)
    monkeypatch.setattr(sys, "stdout", stream)
    out = cli._Stdout("jsonl", several)
    written = []
    monkeypatch.setattr(stream.buffer, "write", lambda b, w=stream.buffer.write: (written.append(b), w(b))[1])
    out.write(None, '{"a":"第一"}\n'.encode("utf-8"))
    out.write(None, '{"b":"二"}\n')  # a str (a whole document's output) as before
    assert stream.written().decode("utf-8") == '{"a":"第一"}\n{"b":"二"}\n'
    assert written[0] == '{"a":"第一"}\n'.encode("utf-8")  # straight to the buffer
    assert out.count == 2


@pytest.mark.parametrize("encoding, errors, data", [
    ("latin-1", "strict", "café\n".encode("utf-8")),  # another encoding: encoded as text
    ("utf-8", "surrogateescape", "x\udcff\n".encode("utf-8", "surrogatepass")),
    ("utf-8", "strict", "plain\n".encode("utf-8")),
])
def test_stdout_encodes_as_before_where_bytes_would_differ(monkeypatch, encoding, errors, data):
    from govclean import cli

    stream = _Stream(encoding, errors)
    monkeypatch.setattr(sys, "stdout", stream)
    cli._Stdout("jsonl", False).write(None, data)
    text = data.decode("utf-8", "surrogatepass")
    assert stream.written() == text.encode(encoding, errors)


def test_stdout_refuses_a_lone_surrogate_as_text_did(monkeypatch):
    """A strict UTF-8 stream raises on a lone surrogate: so does the bytes path."""
    from govclean import cli

    monkeypatch.setattr(sys, "stdout", _Stream())
    with pytest.raises(UnicodeEncodeError):
        cli._Stdout("jsonl", False).write(None, "x\udcff\n".encode("utf-8", "surrogatepass"))


def test_stdout_frames_bytes_as_text_for_json_and_several(monkeypatch):
    from govclean import cli

    stream = _Stream()
    monkeypatch.setattr(sys, "stdout", stream)
    out = cli._Stdout("json", True)
    out.write(None, b'{"a": 1}\n')
    out.write(None, '{"b": 2}\n')
    out.close()
    assert stream.written() == b'[\n{"a": 1},\n{"b": 2}\n]\n'


def many_attributes_page() -> str:
    """A page whose cleaning is cut at a limit (a warning the batch reports)."""
    attrs = " ".join(f'a{i}="v{i}"' for i in range(MAX_ATTRIBUTES + 5))
    return page(900).replace('<div class="content">', f'<div class="content" {attrs}>')


@pytest.fixture
def mixed_batch(data_dir, tmp_path):
    """Text dumps of one site (cleaned again with its template), copies of one article
    (duplicates), HTML pages of one site, and a page cut at a limit."""
    root = tmp_path / "in"
    for folder in ("dups", "site"):
        shutil.copytree(data_dir / "corpus" / folder, root / folder)
    (root / "html").mkdir()
    for n in range(3):
        (root / "html" / f"p{n}.html").write_text(page(n), encoding="utf-8")
    (root / "html" / "cut.html").write_text(many_attributes_page(), encoding="utf-8")
    return root


def run(root, fmt: str, whole: bool, jobs: int, keep: bool = False):
    got = []
    settings = Settings(fmt=fmt, use_index=False, jobs=jobs, keep_duplicates=keep, whole_documents=whole)
    summary = run_batch(list(iter_sources([str(root)])), settings,
                        on_document=lambda doc, content: got.append((doc, content)))
    return got, summary


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
@pytest.mark.parametrize("keep", [False, True])
def test_rendered_outputs_are_the_documents_outputs(mixed_batch, fmt, keep, monkeypatch):
    again = []
    second = batch._second_pass
    monkeypatch.setattr(batch, "_second_pass", lambda live, templates, *a: (
        again.extend(t for t in templates if t), second(live, templates, *a)))
    whole, summary = run(mixed_batch, fmt, True, 1, keep)
    assert again  # the premise: a site template, and pages cleaned again with it
    for jobs in (1, 2):
        rendered, rendered_summary = run(mixed_batch, fmt, False, jobs, keep)
        assert all(isinstance(c, bytes) for _, c in rendered)  # written as they are
        plain = [d for d, _ in rendered if not d.duplicates and d.duplicate_of is None]
        assert plain and all(d._content is None for d in plain)  # never decoded
        assert [c.decode("utf-8") for _, c in rendered] == [c for _, c in whole]
        assert [d.input for d, _ in rendered] == [d.input for d, _ in whole]
        assert all(isinstance(d, Rendered) for d, _ in rendered)
        assert rendered_summary == summary
    assert summary.duplicates and summary.warnings and summary.chrome_blocks  # the premises
    if fmt != "text":
        assert any('"duplicates":[{' in c.replace(" ", "").replace("\n", "") for _, c in whole)
        assert any('"duplicate_of"' in c for _, c in whole) == keep


@pytest.mark.parametrize("fmt", ["markdown", "jsonl"])
def test_documents_stay_whole_where_the_batch_needs_them(mixed_batch, tmp_path, fmt):
    """Markdown (duplicates in its front matter) and a run with an index keep documents."""
    settings = Settings(fmt=fmt, whole_documents=False, index=str(tmp_path / "index.sqlite")
                        if fmt == "jsonl" else None, use_index=fmt == "jsonl")
    got = []
    run_batch(list(iter_sources([str(mixed_batch)])), settings,
              on_document=lambda doc, content: got.append(doc))
    assert got and all(isinstance(d, Document) for d in got)


def test_an_output_folder_without_an_index_gets_the_same_files(mixed_batch, tmp_path):
    from batchpages import tree

    for whole in (True, False):
        settings = Settings(fmt="jsonl", output=str(tmp_path / f"out-{whole}"), use_index=False,
                            jobs=2, whole_documents=whole)
        run_batch(list(iter_sources([str(mixed_batch)])), settings)
    files = tree(tmp_path / "out-True")
    assert files and tree(tmp_path / "out-False") == files
