"""The compiled walker (govclean/_walk.pyx) gives the blocks the proxy walk gives: on generated
hostile markup, hand-built trees, and every corpus HTML page."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import astuple

import pytest
from lxml import etree

from govclean import compiled, segment
from govclean.load import load_bytes
from govclean.model import HTML
from hostile import PROSE, PROSE_ZH, deep, page

from test_compiled import copy_package, compiler_present

WALK = segment._compiled_walk()
needs_walk = pytest.mark.skipif(WALK is None, reason="govclean._walk does not load here "
                                f"({compiled.extension_forms()['govclean._walk'][1]})")


def walk(root, compiled_walk):
    """(blocks as tuples, cuts) of one walk of root, by the compiled walker or the proxies."""
    saved = segment._compiled_walk.loaded[:]
    segment._compiled_walk.loaded[:] = [compiled_walk]
    try:
        walker = segment._Walker(segment.css_hidden_names(root))
        walker.walk(root)
    finally:
        segment._compiled_walk.loaded[:] = saved
    return [astuple(b) for b in walker.blocks], walker.cuts


def same_walks(root):
    proxies = walk(root, None)
    assert walk(root, WALK) == proxies
    return proxies


# Pieces of markup the generator strings together: what lxml's .text/.tail/.tag/.items()
# read differently from the nodes (entities, CDATA, comments, PIs, namespaces, upper case,
# bad bytes), and what the walker treats apart (skipped, framed, data rows, hidden, links).
PIECES = [
    "<p>", "</p>", "<div class='a b'>", "<div id=main style='display:none'>", "</div>",
    "<span>", "</span>", "<a href=x>", "</a>", "<br>", "<br/>", "<img src=y alt=z>", "<hr>",
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<TR>", "<TD>", "<Table>",
    "<ul>", "<li>", "</li>", "</ul>", "<script>var a = '<p>x</p>';</script>", "<style>.q{display:none}</style>",
    "<noscript>no</noscript>", "<svg><text>s</text></svg>", "<iframe>f</iframe>", "<select><option>o</select>",
    "<!-- a comment -->", "<?php echo 1; ?>", "<![CDATA[cdata text]]>", "&amp;", "&lt;b&gt;", "&nbsp;",
    "&#20013;&#x6587;", "&bogus;", "&", "<o:p>office</o:p>", "<svg:rect/>", "<x:y xmlns:x='urn:x'>ns</x:y>",
    "<nav>", "</nav>", "<header>", "<footer>", "<aside role=complementary>", "<article>", "</article>",
    "<div role=navigation>", "<div hidden>", "<p aria-hidden=true>", "<span class=sr-only>", "<h2>", "</h2>",
    "<h1>", "<p title='a &amp; b' data-x=\"&quot;\">", "<DIV CLASS=Up>", "<section>", "</section>",
    "<form>", "<input value=v>", "<textarea>t</textarea>", "<button>b</button>", "<font>", "<b>", "</b>",
    " ", "\n", "\t", "\u3000", "\u200b", "\x01", "\ufeff", "word ", PROSE[:40], PROSE_ZH[:20], "中文",
    "<p class=hide12>", "<dl><dt>t<dd>d</dl>", "<caption>c</caption>", "<center>", "<blink>",
]


def random_markup(rnd: random.Random, pieces: int) -> str:
    return page("".join(rnd.choice(PIECES) for _ in range(pieces)))


@needs_walk
def test_the_event_kinds_agree():
    assert WALK.KINDS == (segment.EVENT_LEAF, segment.EVENT_START, segment.EVENT_END,
                          segment.EVENT_TEXT, segment.EVENT_CUT)


@needs_walk
@pytest.mark.parametrize("seed", range(40))
def test_generated_markup_walks_the_same(seed):
    rnd = random.Random(seed)
    for _ in range(25):
        markup = random_markup(rnd, rnd.randint(1, 120))
        same_walks(segment.parse_html(markup))


@needs_walk
def test_generated_markup_gives_blocks():
    """The comparison above compares something: the generated pages have blocks."""
    rnd = random.Random(0)
    counts = [len(same_walks(segment.parse_html(random_markup(rnd, 80)))[0]) for _ in range(20)]
    assert sum(counts) > 100


@needs_walk
def test_data_rows_and_layout_rows():
    markup = page("<table><tr><td>Name</td><td>Value</td></tr>"
                  "<tr><td><div>inside a layout row</div></td><td>x</td></tr>"
                  "<tr><td>a</td><td><script>document.write('<table>')</script>b</td></tr>"
                  "<tr><td><iframe>i</iframe>c</td><td>d</td></tr></table>")
    blocks, _ = same_walks(segment.parse_html(markup))
    texts = [b[1] for b in blocks]
    assert "Name | Value" in texts and "a | b" in texts  # data rows
    assert "inside a layout row" in texts and "c | d" not in texts  # layout rows


def built_tree():
    """A tree no HTML parse gives: comments, a PI, an entity, CDATA, adjacent text nodes,
    namespaced tags and attributes, upper-case tags."""
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    p = etree.SubElement(body, "p", {"class": "lead", "{urn:x}flag": "1"})
    p.text = "First "
    p.append(etree.Comment(" comment text "))
    p[-1].tail = "after the comment "
    p.append(etree.ProcessingInstruction("pi", "pi text"))
    p[-1].tail = "after the PI"
    p.append(etree.Entity("amp"))
    p[-1].tail = " after the entity"
    q = etree.SubElement(body, "{urn:x}div")
    q.text = etree.CDATA("cdata in a namespaced div")
    r = etree.SubElement(body, "DIV", {"STYLE": "display:none", "style": "color:red"})
    r.text = "upper-case div"
    s = etree.SubElement(body, "SCRIPT")
    s.text = "not skipped: SKIP_TAGS is lower case"
    s.tail = "script tail"
    etree.SubElement(body, "span").tail = "tail of an empty span"
    t = etree.SubElement(body, "TR")
    etree.SubElement(t, "td").text = "upper-case row"
    etree.SubElement(t, "TABLE").text = "upper-case table: not a layout tag"
    body.tail = "after the body"
    return root


@needs_walk
def test_a_built_tree_walks_the_same():
    blocks, _ = same_walks(built_tree())
    text = " ".join(b[1] for b in blocks)
    for piece in ("&amp;", "cdata in a namespaced div", "after the body", "not skipped",
                  "upper-case row", "upper-case table"):
        assert piece in text
    # iterwalk passes over comments and PIs, tails and all (the parser drops them anyway)
    for piece in ("comment text", "after the comment", "pi text", "after the PI"):
        assert piece not in text


@needs_walk
def test_adjacent_text_nodes_join_before_decoding():
    """libxml2 can hold a text as several nodes; lxml joins their bytes: so does _walk."""
    root = segment.parse_html(page("<p>a&amp;b&#x4e2d;c<span>x</span>d&lt;e</p>"))
    blocks, _ = same_walks(root)
    assert blocks[-1][1] == "a&b中cxd<e"


@needs_walk
@pytest.mark.parametrize("limit", [1, 2, 5, 17, 60])
def test_the_element_limit_cuts_at_the_same_place(monkeypatch, limit):
    monkeypatch.setattr(segment, "MAX_ELEMENTS", limit)
    markup = page("<table><tr><td>a<b>b</b></td><td>c</td></tr><tr><td><span>d</span>"
                  "<script>x</script>e</td><td><div>f</div></td></tr></table>"
                  + "".join(f"<p>para {i} <a>link {i}</a></p>" for i in range(30)))
    blocks, cuts = same_walks(segment.parse_html(markup))
    assert cuts == [segment.limit_note(limit, "elements", "MAX_ELEMENTS")]


@needs_walk
@pytest.mark.parametrize("depth", [600, 3000])
def test_deep_pages_walk_the_same(depth):
    blocks, _ = same_walks(segment.parse_html(deep(depth)))
    assert any("Deep inside" in b[1] for b in blocks)


def corpus_html_texts(shared_dir):
    """The loaded text of every HTML page of the corpus."""
    for path in sorted((shared_dir / "corpus").rglob("*.htm*")):
        loaded = load_bytes(path.read_bytes(), str(path))
        if loaded.kind == HTML:
            yield loaded.text


def printed_when_pure(expression: str) -> str:
    """What a fresh interpreter prints for `expression` (segment imported) under GOVCLEAN_PURE=1."""
    code = f"from govclean import segment; print({expression})"
    env = dict(os.environ, **{compiled.PURE_ENV: "1"})
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def assert_installed_compiled(name: str, module) -> None:
    """CI's install builds the extension `name` with the others; skipped only where no C
    compiler exists or the run tests the .py files."""
    if compiled.pure_forced():
        pytest.skip(f"{compiled.PURE_ENV} is set: this run tests the .py files")
    if name not in compiled.read_stamps() and not compiler_present():
        pytest.skip("no C compiler here: govclean installed its pure-Python modules")
    assert module is not None, compiled.extension_forms()
    assert module.__file__.endswith(compiled.SUFFIX)


@needs_walk
@pytest.mark.corpus
def test_every_corpus_page_walks_the_same(shared_dir):
    pages = 0
    for text in corpus_html_texts(shared_dir):
        same_walks(segment.parse_html(text))
        pages += 1
    assert pages > 100


def test_pure_forces_the_proxy_walk():
    assert printed_when_pure("segment._compiled_walk()") == "None"


def test_the_install_runs_the_compiled_walker():
    assert_installed_compiled("govclean._walk", WALK)


@pytest.mark.parametrize("change", ["none", "edited", "missing"])
def test_a_stale_or_missing_source_runs_the_proxy_walk(tmp_path, change):
    """The stamp guards _walk as it guards the .py modules: after an edit to _walk.pyx (or
    without it: an install that left it out) the walk runs over the proxies, no error."""
    if "govclean._walk" not in compiled.read_stamps():
        pytest.skip("govclean._walk was not built here")
    package = copy_package(tmp_path)
    source = package / "_walk.pyx"
    if change == "edited":
        source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    elif change == "missing":
        source.unlink()
    code = ("from govclean import compiled, segment; print(segment._compiled_walk()); "
            "print(compiled.extension_forms()['govclean._walk'][1]); "
            "print(segment.segment_html('<p>one</p><p>two</p>').blocks[1].text)")
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    env.update(PYTHONPATH=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    if change == "none":  # the copy's own build loads
        assert lines[0].startswith(f"<module 'govclean._walk' from '{package}")
        assert lines[1:] == ["built from this source", "two"]
    else:
        why = "source changed since the build" if change == "edited" else "source missing"
        assert lines == ["None", why, "two"]


@needs_walk
def test_start_events_carry_only_the_attributes_the_walker_reads():
    """segment.READ_ATTRIBUTES alone (un-namespaced); an element with none of them shares
    NO_ATTRIBUTES. The blocks stay the proxies' (every test above)."""
    root = segment.parse_html(page("<div class=a data-x=1 href=y STYLE='color:red' role=main>"
                                   "<p>text</p></div><table width=1 border=0><tr><td>c</td></tr></table>"))
    etree.SubElement(root.find("body"), "div", {"{urn:x}class": "hidden", "id": "n"}).text = "ns"
    starts = [e for e in WALK.events(root.find("body"), segment.SKIP_TAGS, segment.FRAMED_TAGS,
                                     segment.LAYOUT_INSIDE_ROW, segment.MAX_ELEMENTS,
                                     segment.NO_ATTRIBUTES, segment.READ_ATTRIBUTES)
              if e[0] == segment.EVENT_START]
    divs = [e[2] for e in starts if e[1] == "div"]
    assert divs == [{"class": "a", "style": "color:red", "role": "main"}, {"id": "n"}]
    assert [e[2] for e in starts if e[1] == "table"][0] is segment.NO_ATTRIBUTES
    same_walks(root)


def walker_has_dict() -> bool:
    """Whether segment._Walker's instances carry a __dict__ (a plain class: the .py)."""
    return hasattr(segment._Walker(set()), "__dict__")


def test_the_compiled_walker_is_an_extension_type():
    """segment.pxd makes the compiled _Walker and _Frame extension types (attributes as slots);
    the .py stays a plain class. Both write the pinned bytes (test_output_hashes.py)."""
    assert printed_when_pure("hasattr(segment._Walker(set()), '__dict__')") == "True"
    assert_installed_compiled("govclean.segment", segment if segment.__file__.endswith(compiled.SUFFIX) else None)
    assert not walker_has_dict()
    frame = segment._Frame.of({"class": "nav"}, "div", None, segment._HiddenNames.of(set()))
    with pytest.raises(AttributeError):
        frame.undeclared = 1
    walker = segment._Walker(set())
    assert (walker.stack, walker.parts, walker.row) == ([], [], None)
