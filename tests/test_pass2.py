"""Pass 2 from pass 1's verdicts: a page cleaned again with its site's template from the
verdicts classify gave it in pass 1 is the page cleaned again in full, byte for byte."""
from __future__ import annotations

import contextlib
import io
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govclean import api, classify as classify_module, corpus
from govclean.api import clean_page
from govclean.classify import restore_verdicts
from govclean.inputs import iter_sources
from govclean.model import document_to_bytes
from govclean.segment import segment
from govclean.load import load_bytes
from govclean.templates import template_of
from govclean.write import render

PARAGRAPHS = [
    "The county council met on Tuesday to discuss the spring planting programme, and it "
    "agreed to fund three new nurseries before the end of the year.",
    "Residents may apply for a grant of up to five hundred pounds towards the cost of new "
    "trees, and applications close at the end of March.",
    "县政府召开春季植树造林动员大会，会议要求各乡镇压实责任，确保今年植树任务按期完成。",
    "市应急管理局部署防汛工作，要求各地加强值班值守，及时发布预警信息，确保群众安全。",
    "Have a question? Ask a real person any government-related question for free.",
    "The report, published on Monday, found that waiting times fell in nine of ten areas.",
]
SHORT = ["Home", "About us", "Contact", "Housing", "Benefits", "Taxes", "首页", "政务公开",
         "Share this page", "Last updated: May 30, 2023", "发布时间：2024-03-05", "Print",
         "Key points", "Related articles", "Back to top", "©2024 Example County"]


def _dump(lines) -> bytes:
    """A text dump: a few header fields, then the lines (blank lines between runs)."""
    return ("title: Spring planting\nurl: https://example.gov/a\ncontent:\n"
            + "\n".join(lines) + "\n").encode("utf-8")


def _cleanings(data: bytes, template, name: str = "p.txt"):
    """(pass 1 kept its verdicts; pass 2 from them; pass 2 in full) of the same bytes."""
    first = clean_page(data, filename=name, keep_verdicts=True)
    record = first.extra.pop("verdicts")
    short = clean_page(data, filename=name, template=template, verdicts=record)
    full = clean_page(data, filename=name, template=template)
    return record, short, full


def _same(a, b) -> None:
    assert [(x.label, x.reason) for x in a.blocks] == [(x.label, x.reason) for x in b.blocks]
    assert render(a, "jsonl") == render(b, "jsonl")
    assert render(a, "markdown") == render(b, "markdown")
    assert document_to_bytes(a) == document_to_bytes(b)


@pytest.fixture
def no_classify(monkeypatch):
    """classify itself fails: a pass 2 that gives a document gave it from the verdicts."""
    def refused(*args, **kwargs):
        raise AssertionError("classified again")

    def arm():
        monkeypatch.setattr(api, "classify", refused)
    return arm


LINES = st.lists(st.sampled_from(PARAGRAPHS + SHORT + [""]), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(lines=LINES, picks=st.lists(st.integers(0, 39), max_size=12), extra=st.booleans())
def test_pass_2_from_the_verdicts_is_the_full_pass_2(lines, picks, extra):
    # a random template: some of the page's own lines (body, chrome, headings alike), and
    # perhaps lines it does not hold
    chosen = [lines[i] for i in picks if i < len(lines)] + (SHORT[:3] if extra else [])
    template = template_of(chosen)
    data = _dump(lines)
    record, short, full = _cleanings(data, template)
    blocks = segment(load_bytes(data, "p.txt")).blocks
    assert restore_verdicts(blocks, record, zlib.crc32(data)) is not None  # the record fits
    _same(short, full)


def test_the_verdicts_stand_in_for_classify(no_classify):
    lines = SHORT[:6] + [""] + PARAGRAPHS + [""] + SHORT[8:]
    data = _dump(lines)
    record = clean_page(data, keep_verdicts=True).extra["verdicts"]
    template = template_of(SHORT + PARAGRAPHS[4:5])
    full, alone = clean_page(data, template=template), clean_page(data)
    no_classify()
    short = clean_page(data, template=template, verdicts=record)
    _same(short, full)
    assert "Have a question?" not in short.text and "Have a question?" in alone.text


@pytest.mark.parametrize("spoil", [
    lambda r, other: other,  # another page's record
    lambda r, other: r[: len(r) // 2],  # cut short
    lambda r, other: r[:-1],  # a block's verdict missing
    lambda r, other: r + b"\x00",  # one too many
    lambda r, other: r.replace(b"\n", b"\n\xff", 1),  # a code past the table
    lambda r, other: b"garbage\n\x00\x01",
    lambda r, other: r.replace(b"[", b"{", 1),
])
def test_a_record_that_does_not_fit_is_classified_again(spoil):
    data = _dump(SHORT[:5] + [""] + PARAGRAPHS + SHORT[9:])
    other = _dump(SHORT[:5] + [""] + PARAGRAPHS[::-1] + SHORT[9:])
    record = clean_page(data, keep_verdicts=True).extra["verdicts"]
    other_record = clean_page(other, keep_verdicts=True).extra["verdicts"]
    template = template_of(SHORT + PARAGRAPHS[4:5])
    _same(clean_page(data, template=template, verdicts=spoil(record, other_record)),
          clean_page(data, template=template))


def test_restore_leaves_blocks_alone_when_the_record_does_not_fit():
    data, other = _dump(PARAGRAPHS), _dump(PARAGRAPHS[:-1] + ["Another line entirely."])
    record = clean_page(other, keep_verdicts=True).extra["verdicts"]
    blocks = segment(load_bytes(data, "p.txt")).blocks
    before = [(b.label, b.reason) for b in blocks]
    assert restore_verdicts(blocks, record) is None  # same count, another text
    assert [(b.label, b.reason) for b in blocks] == before


def test_same_texts_from_other_bytes_do_not_fit():
    # a blank line moves: the blocks' texts are the same, their runs (group) are not
    a, b = _dump(PARAGRAPHS[:3] + [""] + PARAGRAPHS[3:]), _dump(PARAGRAPHS[:2] + [""] + PARAGRAPHS[2:])
    record = clean_page(a, keep_verdicts=True).extra["verdicts"]
    seen = []
    real = classify_module.restore_verdicts

    def spy(*args):
        seen.append(real(*args))
        return seen[-1]
    api.restore_verdicts, saved = spy, api.restore_verdicts
    try:
        clean_page(b, template=template_of(PARAGRAPHS[:1]), verdicts=record)
    finally:
        api.restore_verdicts = saved
    assert seen == [None]


def test_a_page_of_too_many_verdicts_keeps_none():
    blocks = segment(load_bytes(_dump(f"line {i}" for i in range(300)), "p.txt")).blocks
    result = classify_module.Classification(blocks=blocks)
    for i, b in enumerate(blocks):
        b.label, b.reason = "chrome", f"reason {min(i, classify_module.VERDICT_CODES)}"
    assert classify_module.verdicts_of(blocks, result) is None
    for b in blocks[classify_module.VERDICT_CODES:]:
        b.reason = blocks[0].reason  # one fewer: a byte each
    assert len(classify_module.verdicts_of(blocks, result).split(b"\n", 1)[1]) == len(blocks)


# ------------------------------------------------------------------ the batch


VOCABULARY = sorted(set(" ".join(PARAGRAPHS[:2] + PARAGRAPHS[4:]).lower().replace(",", "")
                        .replace(".", "").replace("?", "").split()))


def _prose(rng) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(24)).capitalize() + "."


def _site(folder: Path, pages: int) -> None:
    """Text dumps of one site (no url lines: grouped by shared lines), each its own article:
    its menu and footer on every page, and a notice in the body of every page (template
    prose, which pass 2 strikes)."""
    import random

    folder.mkdir()
    for n in range(pages):
        rng = random.Random(n)
        body = [_prose(rng), _prose(rng), PARAGRAPHS[4], _prose(rng)]
        lines = SHORT[:6] + [""] + body + ["", SHORT[15]]
        (folder / f"p{n:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _batch(top: Path, jobs: str) -> str:
    from govclean.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        with contextlib.suppress(SystemExit):
            main(["clean", "-f", "jsonl", "--dedup", "near", "-j", jobs, str(top)])
    return out.getvalue()


@pytest.mark.parametrize("jobs,at_once", [("1", None), ("2", None), ("2", 3)])
def test_a_batch_pass_2_from_verdicts_writes_what_the_full_pass_2_writes(tmp_path, monkeypatch, jobs,
                                                                          at_once):
    _site(tmp_path / "site", 8)
    from govclean import batch

    if at_once:  # pass 2's tasks made and cleaned 3 at a time
        monkeypatch.setattr(batch, "PASS2_TASKS", at_once)
    used = []
    real = batch._verdicts
    monkeypatch.setattr(batch, "_verdicts", lambda item, held: used.append(real(item, held)) or used[-1])
    short = _batch(tmp_path / "site", jobs)
    assert len(used) == 8 and all(used)  # every page cleaned again, each from its record
    assert "Have a question?" not in short
    monkeypatch.setattr(batch, "_verdicts", lambda item, held: None)
    assert _batch(tmp_path / "site", jobs) == short


def test_the_library_pass_2_from_verdicts(tmp_path, monkeypatch):
    _site(tmp_path / "site", 8)
    first = corpus.segment_all(sorted(iter_sources([str(tmp_path / "site")]), key=lambda s: s.name),
                               corpus.DEFAULT_MAX_BYTES)[0]
    assert all(f.verdicts for f in first)
    docs = corpus.clean_corpus([str(tmp_path / "site")], keep_blocks=True).documents
    monkeypatch.setattr(corpus, "FirstPass", _without_verdicts(corpus.FirstPass))
    full = corpus.clean_corpus([str(tmp_path / "site")], keep_blocks=True).documents
    assert [document_to_bytes(d) for d in docs] == [document_to_bytes(d) for d in full]
    assert not any("Have a question?" in d.text for d in docs)


def _without_verdicts(cls):
    def made(*args):
        f = cls(*args)
        f.verdicts = None
        return f
    return made


# ------------------------------------------------------------------ ../shared/corpus

CORPUS_GROUPS = ("en-gov-txt", "zh-gov-txt", "mfa-txt", "resaves")


@pytest.mark.parametrize("group", CORPUS_GROUPS)
def test_corpus_pages_from_verdicts_with_their_learned_templates(shared_dir, group):
    """Every text dump and resave of the group, cleaned with the template the batch learns
    for its site (whether pass 2 would clean it again or not): from the verdicts, as in full."""
    from govclean import dedup
    from govclean.spool import Spool

    sources = sorted((s for s in iter_sources([str(shared_dir / "corpus" / group)]) if s.skipped is None),
                     key=lambda s: s.name)
    with Spool() as spool:
        first, _ = corpus.segment_all(sources, corpus.DEFAULT_MAX_BYTES, keep_blocks=False)
        prints = dedup.Prints(spool)
        copies, shingles = prints.copies([f.doc for f in first])
        templates = corpus.learn_site_templates([f.survey for f in first], copies, shingles,
                                                corpus.DEFAULT_THRESHOLD)
    tried = 0
    for f, template in zip(first, templates):
        if not template:
            continue
        data = Path(f.source.path).read_bytes()
        record, short, full = _cleanings(data, template, f.source.input_name)
        _same(short, full)
        tried += 1
    assert tried > 0


def test_the_parent_keeps_each_records_reference_whole():
    """_Held keeps a spool reference as two 64-bit words: one past 2**64 (an offset past
    16 MB) comes back whole; a page without a record has none; a reference that is not an
    int (a Dask worker's) is kept as it is."""
    from govclean.batch import _Held

    class Kept:
        def __init__(self):
            self.kept = {}

        def put(self, data):
            ref = data if isinstance(data, tuple) else (5 << 80) + 7 * len(self.kept) + 1
            self.kept[ref] = data
            return ref

        def get(self, ref):
            return self.kept[ref]

    held = _Held(Kept(), 4)
    for row, data in ((0, b"first"), (2, b"third"), (3, ("part", 0, "verdicts"))):
        held._keep_verdicts(row, held.spool.put(data))
    assert [held.verdicts(i) for i in range(4)] == [b"first", None, b"third", ("part", 0, "verdicts")]
    held.forget_verdicts()
    assert held.verdicts(0) is None and held.verdicts(3) is None


def test_a_page_no_template_is_applied_to_records_no_verdicts():
    """HTML keeps its structure and is never cleaned again with a site template
    (corpus.TEMPLATE_KINDS): its verdicts would be made for nothing."""
    html = ("<html><head><title>Notice</title></head><body><nav><a href='/'>Home</a></nav>"
            "<p>" + "The ministry published the notice on the new rules today. " * 5 + "</p>"
            "</body></html>").encode()
    doc = clean_page(html, filename="a.html", keep_verdicts=True)
    assert doc.extra["kind"] == "html" and doc.extra["verdicts"] is None
    dump = ("Notice\n\n" + "The ministry published the notice on the new rules today. " * 5).encode()
    assert clean_page(dump, filename="a.txt", keep_verdicts=True).extra["verdicts"] is not None
