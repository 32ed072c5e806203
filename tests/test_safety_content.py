"""Issue 12 items 4-7, generated inputs: controls, safe Markdown, mislabelled encodings, page limits."""
from __future__ import annotations

import codecs
import hashlib
import json
import os

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

import govclean.segment as segment
from govclean import clean_page
from govclean.cli import main
from govclean.load import DOUBT_BAD_SHARE, decode
from govclean.model import BODY, Block, Document
from govclean.segment import MAX_ATTRIBUTES, MAX_TOTAL_ATTRIBUTES, cap_attributes, cap_total_attributes
from govclean.textutil import shown
from govclean.write import render

from hostile import PROSE, PROSE_ZH, page

# What must never reach a terminal or an output: C0 (but tab, newline), DEL, C1, bidi
# embeddings/overrides/isolates and U+FEFF.
FORBIDDEN = [chr(c) for c in range(32) if c not in (9, 10)] + [chr(c) for c in range(0x7f, 0xa0)] \
    + [chr(c) for c in range(0x202a, 0x202f)] + [chr(c) for c in range(0x2066, 0x206a)] + ["\ufeff"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def tree_hash(path):
    out = {}
    for folder, _, files in os.walk(path):
        for name in files:
            full = os.path.join(folder, name)
            with open(full, "rb") as fh:
                out[os.path.relpath(full, path)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def assert_clean(value, where=""):
    bad = sorted({f"U+{ord(c):04X}" for c in value if c in FORBIDDEN})
    assert not bad, (where, bad)


# ---------------------------------------------------------------- item 4: controls

CONTROL_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8">'
    "<title>&#xFEFF;Spring &#27;[2Jplanting&#7; programme agreed</title>"
    '<meta name="author" content="&#27;]0;pwned&#7;Jane &#x202E;Doe">'
    '<meta property="og:site_name" content="County &#155;31mCouncil">'
    "</head><body><h1>&#xFEFF;Spring &#27;[2Jplanting&#7; programme agreed</h1>"
    "<p>作者：&#27;[31m张三&#x202E;</p>"
    f"<p>&#xFEFF;{PROSE} &#27;[2J&#7;&#127;&#128;&#x9B;&#x2066;&#x202D;end.</p>"
    f"<p>\u202e\x1b[0m{PROSE}</p></body></html>")


def test_controls_arriving_as_entities_never_reach_text_or_metadata():
    doc = clean_page(CONTROL_PAGE.encode(), filename="c.html")
    assert doc.title == "Spring [2Jplanting programme agreed"
    # &#128; and &#x9B; are windows-1252 numbers by the HTML standard: € and ›, not C1
    assert doc.text.split("\n\n")[0] == f"{PROSE} [2J€›end."
    assert doc.text.split("\n\n")[1] == f"[0m{PROSE}"
    assert doc.author == "]0;pwnedJane Doe"
    for fmt in ("text", "markdown", "json", "jsonl"):
        assert_clean(render(doc, fmt), fmt)
    for key, value in doc.to_dict().items():
        assert_clean(str(value), key)


def test_inspect_shows_no_control_characters(tmp_path):
    src = tmp_path / "c.html"
    src.write_text(CONTROL_PAGE, encoding="utf-8")
    for args in (["inspect", src], ["inspect", "--json", src]):
        result = run(*args)
        assert result.exit_code == 0
        assert_clean(result.output, args)


def test_text_dump_controls_are_dropped():
    dump = f"Spring\u202e planting\x1b[2J\n\n\ufeff{PROSE}\x07\x9b\n"
    doc = clean_page(dump.encode(), filename="d.txt")
    assert doc.text.endswith(PROSE)
    assert_clean(render(doc, "json"))


def test_json_escapes_what_a_terminal_or_yaml_would_act_on():
    """Values that keep U+2028 (text may) or a name's bidi override are written as
    \\uXXXX escapes: the same JSON value, nothing raw."""
    doc = clean_page(page(f"<p>{PROSE}\u2028{PROSE}</p>").encode(), filename="a\u202e\x85b.html")
    out = render(doc, "json")
    assert "\u2028" not in out and "\u202e" not in out and "\x85" not in out
    assert "\\u202e" in out and json.loads(out)["input"] == "a\u202e\x85b.html"


@pytest.mark.parametrize("name, escaped", [
    ("evil\x1b[2J.html", "evil\\x1b[2J.html"),
    ("bell\x07.html", "bell\\x07.html"),
    ("rtl\u202egnp.html", "rtl\\u202egnp.html"),
    ("csi\x9b31m.html", "csi\\x9b31m.html"),
    ("line\nbreak.html", "line\\nbreak.html"),  # inputs.py names it so already
])
def test_file_names_are_shown_escaped_on_stderr(tmp_path, name, escaped):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / name).write_bytes(b"")  # empty: one failure line naming the file
    (saved / "good.html").write_text(page(f"<p>{PROSE}</p>"), encoding="utf-8")
    before = tree_hash(saved)
    result = run("clean", "-j", 1, "-v", "-o", tmp_path / "out", saved)
    assert result.exit_code == 1
    lines = result.stderr.splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    assert f"govclean: {saved}/{escaped}: empty file" in lines
    assert_clean(result.output)
    assert tree_hash(saved) == before


def test_undecodable_name_bytes_are_shown_as_hex():
    assert shown("a\udcff\x1b\u2066b") == "a\\xff\\x1b\\u2066b"


# ---------------------------------------------------------------- item 5: safe Markdown

HOSTILE_MARKUP = (
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt; here.</p>"
    "<p>&lt;a href=\"javascript:alert(3)\"&gt;click&lt;/a&gt; [link](javascript:alert(4)) "
    "![img](data:text/html;base64,PHNjcmlwdD4=) &amp;lt;b&amp;gt; &lt;http://x.example/&gt;</p>"
    "<h2>Heading &lt;iframe srcdoc=x&gt; #</h2>"
    "<ul><li>1. first &lt;svg onload=alert(5)&gt;</li><li># not a heading</li><li>- nested?</li></ul>"
    "<table><tr><td>&lt;b onclick=x&gt;cell&lt;/b&gt;</td><td>a | b</td></tr>"
    "<tr><td>2</td><td>*bold*</td></tr></table>"
    "<p>2024年鄠邑区春季植树工作会议召开</p><p>12月21日，全区召开会议。</p>"
    f"<p>1.申报人员须按时提交材料。</p><p>{PROSE}</p><p>1. 第二项材料须在月底前提交。</p><p>3) third</p>"
    "<p>&gt; quoted</p>"
    '<p><a href="javascript:alert(6)">附件.pdf</a> <a href="JaVa&#9;Script:alert(7)">清单.xls</a> '
    '<a href="data:application/pdf;base64,AAAA">x.pdf</a> <a href="vbscript:msgbox">y.doc</a> '
    '<a href="files/ok.pdf">通知.pdf</a></p>')


def markdown_doc():
    html = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>2024年 &lt;b&gt;title&lt;/b&gt;</title>"
            "</head><body><h1>2024年 &lt;b&gt;title&lt;/b&gt;</h1>"
            f"<p>{PROSE}</p>{HOSTILE_MARKUP}<p>{PROSE}</p></body></html>")
    return clean_page(html.encode(), filename="m.html", url="https://example.gov/a/b.html")


def rendered_body(md: str) -> str:
    body = md.split("\n---\n", 1)[1]
    return MarkdownIt("commonmark").enable("table").render(body)


def test_markdown_renders_no_tag_or_attribute_from_the_page():
    html = rendered_body(render(markdown_doc(), "markdown"))
    tags = [t.split(">")[0] for t in html.split("<")[1:]]
    assert all(" " not in t and "=" not in t for t in tags), tags  # no attribute at all
    names = {t.strip("/") for t in tags}
    assert names <= {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}, names
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_markdown_shows_the_text_as_written():
    doc = markdown_doc()
    html = rendered_body(render(doc, "markdown"))
    assert "<h1>2024年 title</h1>" in html  # a headline carries no markup text (issue 14)
    # short lines may be taken for sub-headings (<h2>): either way, the text as written
    for text in ("2024年鄠邑区春季植树工作会议召开", "12月21日，全区召开会议。", "1.申报人员须按时提交材料。",
                 "1. 第二项材料须在月底前提交。", "3) third", "&gt; quoted"):
        assert f"<p>{text}</p>" in html or f"<h2>{text}</h2>" in html, text
    assert "<li>1. first &lt;svg onload=alert(5)&gt;</li>" in html
    assert "<li># not a heading</li>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[link](javascript:alert(4))" in html and "&amp;lt;b&amp;gt;" in html
    assert "<h2>Heading &lt;iframe srcdoc=x&gt; #</h2>" in html


LINES = ["---", "+ plus", "***", "`code` \\ back*slash* _em_ snake_case", "# hash", "=====",
         "~~~ fence", "```", "    four spaces", "| a | b |", "<div>raw</div>", "&copy; &#60;x&#x3e;",
         "[ref]: https://evil.example/", "1) one", "99999. many", "- dash", "<!-- c -->", "AT&T"]


def test_every_line_markdown_could_read_as_syntax_reads_as_text():
    blocks = [Block(index=i, text=t, label=BODY) for i, t in enumerate(LINES)]
    doc = Document(input="x.html", text="\n\n".join(LINES), blocks=blocks)
    html = rendered_body(render(doc, "markdown"))
    from html import escape
    assert html == "".join(f"<p>{escape(t.strip(), quote=True)}</p>\n" for t in LINES).replace("&#x27;", "'")


def test_table_cells_are_text():
    rows = ["Name | <b onclick=x>Value</b>", "*one* | a \\| [b](javascript:c)"]
    blocks = [Block(index=i, text=t, tag="tr", table_row=True, label=BODY) for i, t in enumerate(rows)]
    html = rendered_body(render(Document(input="t.html", text="", blocks=blocks), "markdown"))
    assert "<th>&lt;b onclick=x&gt;Value&lt;/b&gt;</th>" in html
    assert "<td>*one*</td>" in html and "<td>a \\| [b](javascript:c)</td>" in html
    assert "<b" not in html and "<a" not in html and "<em>" not in html


def test_markdown_has_no_needless_backslash():
    md = render(markdown_doc(), "markdown")
    assert "# 2024年 title" in md.splitlines()
    lines = [line.lstrip("# ") for line in md.splitlines()]
    assert "2024年鄠邑区春季植树工作会议召开" in lines
    assert "1.申报人员须按时提交材料。" in lines
    assert "1\\. 第二项材料须在月底前提交。" in lines
    assert "\\2" not in md and "\\1" not in md


def test_unsafe_link_schemes_are_dropped():
    doc = markdown_doc()
    assert [a["href"] for a in doc.attachments] == ["https://example.gov/a/files/ok.pdf"]


def test_front_matter_is_yaml_that_reads_back_exactly():
    title = 'A "quoted": #title --- \u2028 yes \\ no: [x] {y} & *z'
    html = page(f"<p>{PROSE}</p><p>{PROSE}</p>", title=title.replace("&", "&amp;"))
    doc = clean_page(html.encode(), filename="y\u2028.html")
    md = render(doc, "markdown")
    front = md.split("---\n")[1]
    assert md.startswith("---\n") and "\u2028" not in md
    data = yaml.safe_load(front)
    assert data["title"] == doc.title and "quoted" in doc.title
    assert data["input"] == "y\u2028.html"
    assert data["encoding_source"] == "meta"


# ---------------------------------------------------------------- item 6: encodings

def zh_page(charset):
    return page(f"<p>{PROSE_ZH}</p>" * 8, title="春季植树动员会召开", charset=charset)


@pytest.mark.parametrize("data, encoding, source", [
    (zh_page("utf-8").encode("gb18030"), "gb18030", "detected"),  # GBK declaring utf-8
    (codecs.BOM_UTF8 + zh_page("gbk").encode("gb18030"), "gb18030", "detected"),  # BOM, then GBK
    (codecs.BOM_UTF8 + zh_page("gbk").encode("utf-8"), "utf-8", "bom"),
    (zh_page("gbk").encode("gb18030"), "gb18030", "meta"),
    (zh_page("utf-8").encode("utf-8"), "utf-8", "meta"),
    (zh_page("cp037").encode("utf-8"), "utf-8", "detected"),  # EBCDIC declared: ignored
    (zh_page("cp500").encode("gb18030"), "gb18030", "detected"),
    (zh_page("utf-16").encode("gb18030"), "gb18030", "detected"),  # UTF-16 in a byte page
])
def test_mislabelled_pages_are_read_right(data, encoding, source):
    doc = clean_page(data, filename="e.html")
    assert (doc.encoding, doc.encoding_source) == (encoding, source)
    assert PROSE_ZH in doc.text and "\ufffd" not in doc.text
    assert doc.title == "春季植树动员会召开"
    assert json.loads(render(doc, "json"))["encoding_source"] == source


def test_a_lightly_damaged_page_keeps_its_declared_encoding():
    data = zh_page("gbk").encode("gb18030")
    damaged = data.replace("植树".encode("gb18030"), b"\xff\xff", 2)
    text, encoding, notes, source = decode(damaged)
    assert (encoding, source) == ("gb18030", "meta")
    assert 0 < text.count("\ufffd") <= DOUBT_BAD_SHARE * len(text)


def test_undetectable_bytes_fall_back_to_utf8():
    assert decode(bytes(range(0x80, 0x100)) * 4).source in ("detected", "fallback")
    assert decode(b"plain ascii text").source == "detected"


def test_encoding_source_is_documented():
    contract = os.path.join(os.path.dirname(__file__), "..", "docs", "json.md")
    assert "| `encoding_source` |" in open(contract, encoding="utf-8").read()


# ---------------------------------------------------------------- item 7: page limits

def test_attributes_past_the_limit_are_cut_before_parsing():
    attrs = " ".join(f'a{i}="v{i}"' for i in range(5000))
    text, cut = cap_attributes(f'<div {attrs}><p>{PROSE}</p></div><p class="x y">{PROSE}</p>', MAX_ATTRIBUTES)
    assert cut == 1
    first = text[:text.index(">") + 1]
    assert first.count("=") == MAX_ATTRIBUTES and first.endswith(f'a{MAX_ATTRIBUTES - 1}="v{MAX_ATTRIBUTES - 1}">')
    assert text.endswith(f'<p>{PROSE}</p></div><p class="x y">{PROSE}</p>')


def test_code_in_a_script_that_looks_like_a_long_tag_is_left_alone():
    # minified JavaScript: "<e.length;…" followed by hundreds of "words" and quotes
    code = "for(n=0;n<e.length;n++){" + " ".join(f'r{i}="{i}"' for i in range(400)) + "}"
    html = f"<html><head><script>{code}</script></head><body><p>{PROSE}</p></body></html>"
    text, cut = cap_attributes(html, MAX_ATTRIBUTES)
    assert (text, cut) == (html, 0)
    assert clean_page(html.encode("utf-8"), filename="s.html").text == PROSE


def test_attribute_values_holding_angle_brackets_are_counted_too():
    attrs = " ".join(f'a{i}=">"' for i in range(1000))
    text, cut = cap_attributes(f"<div {attrs}>x</div>" * 3, MAX_ATTRIBUTES)
    assert cut == 3 and text.count('=">"') == 3 * MAX_ATTRIBUTES and text.count(">x</div>") == 3


def test_normal_markup_is_left_alone():
    markup = page(f'<p class="a" id="b" style="c">{PROSE}</p>' + '<a href="' + "x" * 5000 + '">y</a>')
    assert cap_attributes(markup, MAX_ATTRIBUTES) == (markup, 0)


def test_a_page_with_120000_attributes_is_cleaned_with_a_warning():
    attrs = " ".join(f'a{i}="v{i}"' for i in range(120_000))
    doc = clean_page(page(f"<div {attrs}><p>{PROSE}</p></div><p>{PROSE} Again.</p>").encode(), filename="a.html")
    assert doc.text == f"{PROSE}\n\n{PROSE} Again."
    assert doc.extra["warnings"] == ("1 elements cut to their first 200 attributes "
                                     "(govclean.segment.MAX_ATTRIBUTES)")


def tags_with_attributes(tags, each):
    """Paragraphs "Tag i. PROSE" each in an <i> with `each` valueless attributes, "/"-separated
    every other one (libxml2 takes both as separators)."""
    attrs = "".join(f"{' /'[i % 2]}a{i}" for i in range(each))
    return "".join(f"<p><i{attrs}>Tag {i}. {PROSE}</i></p>\n" for i in range(tags))


def test_attributes_past_the_page_limit_are_cut_before_parsing():
    each = MAX_ATTRIBUTES
    markup = tags_with_attributes(MAX_TOTAL_ATTRIBUTES // each + 50, each)
    text, cut = cap_total_attributes(markup, MAX_TOTAL_ATTRIBUTES)
    last = MAX_TOTAL_ATTRIBUTES // each - 1  # the last tag within the limit
    assert cut and text == markup[:markup.index("<i", markup.index(f">Tag {last}. "))]
    assert cap_total_attributes(markup[:len(text)], MAX_TOTAL_ATTRIBUTES) == (text, False)


def test_a_page_past_the_attribute_limit_is_cleaned_with_a_warning(monkeypatch):
    monkeypatch.setattr(segment, "MAX_TOTAL_ATTRIBUTES", 1_000)
    script = "<script>" + "if(a<b " + " x" * 5_000 + "){}</script>"  # code: never counted
    html = page(script + f"<p>{PROSE}</p>" + tags_with_attributes(100, 30))
    doc = clean_page(html.encode(), filename="many.html")
    assert doc.extra["warnings"] == ("cut at 1,000 attributes (govclean.segment.MAX_TOTAL_ATTRIBUTES); "
                                     "the rest of the page is dropped")
    assert doc.text.startswith(PROSE) and "Tag 32." in doc.text and "Tag 33." not in doc.text


def many_paragraphs(n):
    return page("".join(f"<p>Paragraph {i}. {PROSE}</p>" for i in range(n))).encode()


def test_blocks_past_the_limit_are_dropped(monkeypatch):
    monkeypatch.setattr(segment, "MAX_BLOCKS", 30)
    doc = clean_page(many_paragraphs(100), filename="b.html")
    assert doc.extra["warnings"] == ("cut at 30 blocks (govclean.segment.MAX_BLOCKS); "
                                     "the rest of the page is dropped")
    assert "Paragraph 28." in doc.text and "Paragraph 29." not in doc.text


def test_text_past_the_limit_is_dropped(monkeypatch):
    monkeypatch.setattr(segment, "MAX_TEXT_CHARS", 10_000)
    doc = clean_page(page("<p>" + "word " * 100_000 + "</p>").encode(), filename="t.html")
    assert 9_900 < len(doc.text) < 10_000 and doc.text.endswith("wor")
    assert "MAX_TEXT_CHARS" in doc.extra["warnings"]


def test_text_dump_lines_past_the_limit_are_dropped(monkeypatch):
    monkeypatch.setattr(segment, "MAX_LINES", 100)
    dump = "\n\n".join(f"Line {i}. {PROSE}" for i in range(1000)).encode()
    doc = clean_page(dump, filename="l.txt")
    assert doc.extra["warnings"] == ("cut at 100 lines (govclean.segment.MAX_LINES); "
                                     "the rest of the page is dropped")
    assert "Line 49." in doc.text and "Line 50." not in doc.text


def test_elements_past_the_limit_are_dropped(monkeypatch):
    monkeypatch.setattr(segment, "MAX_ELEMENTS", 500)
    doc = clean_page(page(f"<p>{PROSE}</p>" + "<b></b>" * 1000 + f"<p>Late. {PROSE}</p>").encode(),
                     filename="e.html")
    assert "MAX_ELEMENTS" in doc.extra["warnings"] and "Late." not in doc.text


def test_a_cut_page_is_one_warning_line_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(segment, "MAX_BLOCKS", 30)
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "big.html").write_bytes(many_paragraphs(100))
    (saved / "small.html").write_text(page(f"<p>{PROSE_ZH}</p>", title="春季植树"), encoding="utf-8")
    before = tree_hash(saved)
    result = run("clean", "-j", 1, "-o", tmp_path / "out", saved)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"govclean: {saved}/big.html: warning: cut at 30 blocks (govclean.segment.MAX_BLOCKS); "
        "the rest of the page is dropped"]
    assert sorted(os.listdir(tmp_path / "out")) == [".govclean", "big.txt", "small.txt"]
    assert tree_hash(saved) == before
    verbose = run("clean", "-j", 1, "-v", "-o", tmp_path / "again", saved)
    assert verbose.output.splitlines()[-1].endswith("0 failures, 1 warning")


def test_limits_are_documented():
    doc = open(os.path.join(os.path.dirname(__file__), "..", "docs", "safety-content.md"), encoding="utf-8").read()
    for name, value in (("MAX_BLOCKS", segment.MAX_BLOCKS), ("MAX_TEXT_CHARS", segment.MAX_TEXT_CHARS),
                        ("MAX_ELEMENTS", segment.MAX_ELEMENTS), ("MAX_LINES", segment.MAX_LINES),
                        ("MAX_ATTRIBUTES", segment.MAX_ATTRIBUTES),
                        ("MAX_TOTAL_ATTRIBUTES", segment.MAX_TOTAL_ATTRIBUTES)):
        assert f"`{name}` | {value:,}" in doc, name
