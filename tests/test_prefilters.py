"""The compiled walker's prefilters (govclean/_walk.pyx attachment_links, dated_elements,
writing_scripts) leave sources.attachments, time_candidates and script_lines what they give over
every element: on generated
hostile pages, hand-built trees and every corpus page; and re's case folding is what they assume."""
from __future__ import annotations

import random
import re
import sys

import pytest
from lxml import etree

from govclean import segment, sources
from hostile import PROSE_ZH, page

from test_walk import corpus_html_texts

WALK = segment._compiled_walk()
needs_walk = pytest.mark.skipif(WALK is None, reason="govclean._walk does not load here")
BASE = "http://www.example.gov.cn/a/b/index.html"


META = {"contentsource": "人民日报", "author": "王"}


def reads(root):
    """(attachments, time candidates, script lines) of root."""
    return (sources.attachments(root, BASE), list(sources.time_candidates(root)),
            list(sources.script_lines(root, META)))


def same_reads(root):
    """What both readers give with the prefilters and over every element: the same."""
    saved = segment._compiled_walk.loaded[:]
    try:
        segment._compiled_walk.loaded[:] = [None]
        every = reads(root)
        segment._compiled_walk.loaded[:] = [WALK]
        filtered = reads(root)
    finally:
        segment._compiled_walk.loaded[:] = saved
    assert filtered == every
    return every


TYPES = sources.ATTACHMENT_TYPES
NAMES = ["report", "附件1", "a.b", "x", ""]
# Spellings of a type as re's IGNORECASE reads it: upper case, and the non-ASCII letters
# that fold to s and i (U+017F, U+0130, U+0131); near misses (.pd, .cn, .html).
EXTENSIONS = list(TYPES) + [t.upper() for t in TYPES] + ["c\u017fv", "z\u0130p", "z\u0131p", "P\u0418F",
                                                        "pd", "cn", "html", "shtml", "etc", "7", "z", ""]
HREF_TAILS = ["", "#page=2", "?v=1", "?a=b.pdf", "#x.doc", " ", "\n", "\u3000", "\t#", "/"]


def random_href(rnd: random.Random) -> str:
    path = rnd.choice(["", "/files/", "http://www.example.gov.cn/u/", "javascript:", "#", " ../"])
    return path + rnd.choice(NAMES) + "." + rnd.choice(EXTENSIONS) + rnd.choice(HREF_TAILS)


def random_link(rnd: random.Random) -> str:
    href = random_href(rnd).replace("&", "&amp;").replace('"', "&quot;")
    text = rnd.choice(["", "附件：", "Download ", PROSE_ZH[:10]]) + rnd.choice(NAMES) \
        + rnd.choice([".", ""]) + rnd.choice(EXTENSIONS) + rnd.choice(["", " ", "\u3000", "\n"])
    inner = rnd.choice([text, f"<span>{text}</span>", f"<b>{text[:3]}</b>{text[3:]}",
                        f"{text[:2]}<!-- c -->{text[2:]}", f"{text}&amp;", "<img src=i.png>", ""])
    attrs = rnd.choice([f' href="{href}"', f" href='{href}'", "", f' HREF="{href}"', f' href="{href}" title=t'])
    return f"<a{attrs}>{inner}</a>" + rnd.choice(["", " tail.pdf", "\n"])


DATE_ATTRS = ['datetime="2024-03-05"', 'content="2024-03-05"', 'title="2024-03-05"',
              'data-published="2024-03-05"', 'data-publish-date="2024-03-06"', 'data-date="2024-01-01"',
              'data-pubdate=""', 'itemprop="datePublished"', 'itemprop="dateModified"', "pubdate",
              'class="entry-date"', 'class="menu"', 'DATETIME="2024-03-07"', 'id=x', 'Data-Published="2024-1-1"']


def random_dated(rnd: random.Random) -> str:
    tag = rnd.choice(["time", "span", "div", "p", "abbr", "TIME", "em", "meta"])
    attrs = " ".join(rnd.sample(DATE_ATTRS, rnd.randrange(0, 4)))
    wrap = rnd.choice(["", "nav", "aside", "footer", "div class=related"])
    inner = f"<{tag} {attrs}>5 March 2024</{tag}>"
    return f"<{wrap}>{inner}</{wrap.split()[0]}>" if wrap else inner


SCRIPTS = ["document.write('2024-03-05')", 'document.writeln("来源：新华社")', "var s='x';document.write(s)",
           "document.write(a)", "x = 1", "docu<!-- -->ment.write('y')", "<![CDATA[document.write('z')]]>",
           "document.write(getElementsByName('ContentSource'))", "document . write('no')", "DOCUMENT.WRITE('q')"]


def random_script(rnd: random.Random) -> str:
    before = rnd.choice(["", "来源：", "发布时间: ", "<span>作者：</span>"])
    attrs = rnd.choice(["", " src=a.js", " type=text/javascript", " SRC=''", " src=''"])
    return f"<p>{before}<script{attrs}>{rnd.choice(SCRIPTS)}</script></p>"


def random_page(rnd: random.Random) -> str:
    pieces = [random_link, random_dated, random_script,
              lambda r: r.choice(["<p>text</p>", "<div>", "</div>", "<ul><li>"])]
    return page("".join(rnd.choice(pieces)(rnd) for _ in range(rnd.randrange(1, 40))))


@needs_walk
@pytest.mark.parametrize("seed", range(6))
def test_generated_pages_read_the_same(seed):
    rnd = random.Random(seed)
    for _ in range(120):
        same_reads(segment.parse_html(random_page(rnd)))


@needs_walk
def test_the_prefilters_filter_and_the_pages_hold_finds():
    """Not an empty test: the generated pages hold attachments and dates, and the prefilters
    give far fewer elements than the whole walk."""
    rnd = random.Random(7)
    roots = [segment.parse_html(random_page(rnd)) for _ in range(100)]
    found = [same_reads(root) for root in roots]
    assert sum(len(a) for a, _, _ in found) > 100 and sum(len(t) for _, t, _ in found) > 100
    assert sum(len(w) for _, _, w in found) > 50
    assert sum(map(len, map(WALK.writing_scripts, roots))) < sum(len(list(r.iter("script"))) for r in roots)
    assert sum(map(len, map(WALK.attachment_links, roots))) < sum(len(list(r.iter("a"))) for r in roots)
    tags = ("time", "span", "div", "p", "abbr")
    assert sum(map(len, map(WALK.dated_elements, roots))) < sum(len(list(r.iter(*tags))) for r in roots) / 2
    ordinary = segment.parse_html(page("".join(
        f"<div class=item id=n{i}><a href='http://www.gov.cn/c{i}/index.shtml?id={i}#top'>新闻 {i}. 通知</a>"
        f"<span class=date>2024-03-0{i % 9 + 1}</span><p style='x'>{PROSE_ZH[:20]}</p></div>" for i in range(50))))
    assert len(list(ordinary.iter("a"))) == 50 and WALK.attachment_links(ordinary) == []
    assert len(list(ordinary.iter(*tags))) >= 150 and WALK.dated_elements(ordinary) == []
    assert WALK.writing_scripts(segment.parse_html(page("<script>var a = 1;</script>" * 9))) == []


def built_tree():
    """What no HTML parse gives: comments, a PI, an entity and CDATA inside links, split text
    nodes, namespaced and upper-case elements and attributes."""
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    a = etree.SubElement(body, "a", {"href": "x"})
    a.text = "report."
    a.append(etree.Comment("c"))
    a[-1].tail = "pdf"
    b = etree.SubElement(body, "a")
    b.text = "notice"
    b.append(etree.Entity("period"))
    b[-1].tail = "doc"
    c = etree.SubElement(body, "a")
    c.append(etree.ProcessingInstruction("pi", "x.pdf"))
    c[-1].tail = "plan.xls"
    d = etree.SubElement(body, "a")
    d.text = etree.CDATA("data.csv")
    etree.SubElement(body, "{urn:x}a", {"href": "ns.pdf"}).text = "ns.pdf"
    etree.SubElement(body, "A", {"href": "upper.pdf"}).text = "upper.pdf"
    etree.SubElement(body, "a", {"{urn:x}href": "nshref.pdf"}).text = "x"
    e = etree.SubElement(body, "a", {"href": "split"})
    e.text = "file."
    etree.SubElement(e, "span").text = "p"
    e[-1].tail = "df"
    etree.SubElement(body, "span", {"{urn:x}datetime": "2024-01-01"}).text = "ns date"
    etree.SubElement(body, "span", {"{urn:x}data-published": "2024-01-02"}).text = "ns data"
    etree.SubElement(body, "{urn:x}time", {"datetime": "2024-01-03"}).text = "ns time"
    etree.SubElement(body, "ABBR", {"title": "2024-01-04"}).text = "upper abbr"
    etree.SubElement(body, "abbr", {"title": "2024-01-05"}).text = "abbr"
    etree.SubElement(body, "time", {"datetime": "2024-01-06"}).text = "time"
    etree.SubElement(body, "p", {"data-published": "2024-01-07"}).text = "marked"
    label = etree.SubElement(body, "p")
    label.text = "来源："
    etree.SubElement(label, "script").text = etree.CDATA("document.write('cdata')")
    etree.SubElement(label, "{urn:x}script").text = "document.write('ns')"
    etree.SubElement(label, "SCRIPT").text = "document.write('upper')"
    split = etree.SubElement(label, "script")
    split.text = "document."
    split.append(etree.Comment("c"))
    split[-1].tail = "write('after a comment')"
    return root


@needs_walk
def test_a_built_tree_reads_the_same():
    found, dates, written = same_reads(built_tree())
    assert [line for line, _ in written] == ["来源：cdata"]
    assert "http://www.example.gov.cn/a/b/split" in {f["href"] for f in found}
    assert [value for _, value, _ in dates] == ["2024-01-07", "2024-01-06"]


@needs_walk
@pytest.mark.corpus
def test_every_corpus_page_reads_the_same(shared_dir):
    pages = 0
    for text in corpus_html_texts(shared_dir):
        same_reads(segment.parse_html(text))
        pages += 1
    assert pages > 100


def test_what_case_folding_matches_in_a_type():
    """attachment_links looks for "." and a type's first two letters in UTF-8 bytes: the first
    letter ASCII in either case, the second too, or any non-ASCII character after c and z
    (re's IGNORECASE folds only U+017F to s and U+0130, U+0131 to i: checked on every code point)."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for t in TYPES:
        for position, letter in enumerate(t[:2]):
            found = set(re.findall("(?i)" + re.escape(letter), everything))
            non_ascii = {c for c in found if not c.isascii()}
            assert found - non_ascii == {letter.lower(), letter.upper()}
            assert not non_ascii or (position == 1 and t[0] in "cz"), (t, position, non_ascii)
