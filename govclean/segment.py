"""Segment: Page -> [Block], one Block model for HTML (a DOM walk) and text dumps (line groups)."""
from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from collections import Counter
from itertools import islice
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, NamedTuple, Optional, Set, Tuple

from .compiled import Extension
from .model import HTML, Block, Page
from .textutil import Deferred, strip_controls

# Elements whose start or end closes the running block.
BLOCK_TAGS = frozenset("""
address article aside blockquote body center dd details dialog dir div dl dt fieldset
figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend
li main menu nav ol p pre section summary table tbody td tfoot th thead tr ul caption
""".split())
# Elements whose content is never text a reader sees.
SKIP_TAGS = frozenset("""
script style noscript template svg math iframe object embed select option textarea button
input head canvas audio video map area datalist
""".split())
STRUCTURAL_TAGS = {"nav": "nav", "header": "header", "footer": "footer", "aside": "aside"}
STRUCTURAL_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer",
                    "complementary": "aside", "search": "nav"}
SECTIONING_TAGS = ("article", "main")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# A table row is a data row (one block, cells joined by " | ") unless it holds these.
LAYOUT_INSIDE_ROW = ("table", "div", "ul", "ol", "section", "article", "h1", "h2", "h3", "dl",
                     "form", "iframe")

HIDDEN_CLASSES = frozenset("""
hidden hide d-none sr-only visually-hidden screen-reader-text invisible is-hidden u-hidden
""".split())
# What re.I lets an ASCII letter match besides its two cases (tests/test_prechecks.py
# checks every code point): a pattern spelled with these classes needs no re.I.
ASCII_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def case_blind(word: str) -> str:
    """A pattern matching what re.I matches for an ASCII word: `[Nn][Oo][Nn][Ee]`."""
    return "".join(f"[{c.upper()}{c}{ASCII_FOLDS.get(c, '')}]" if c.isalpha() else re.escape(c)
                   for c in word)


# `backface-visibility: hidden` and `-webkit-…` are other properties: the name stands alone.
# (?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*hidden) under re.I, spelled so that re
# scans for its first letter ([DdVv], then the look-behind) instead of trying the look-behind
# at every position: ~4x faster over a large style sheet, the same matches.
RE_HIDDEN_STYLE = re.compile(
    r"[DdVv](?<![-\w].)(?:(?<=[Dd])" + case_blind("isplay") + r"\s*:\s*" + case_blind("none")
    + r"|(?<=[Vv])" + case_blind("isibility") + r"\s*:\s*" + case_blind("hidden") + ")")
RE_SIMPLE_SELECTOR = re.compile(r"^\s*(?:[a-z0-9]*)([.#])([\w-]+)\s*$", re.I)
RE_WS = re.compile(r"[ \t\r\n\f\v]+")  # runs of ordinary white space; NBSP and U+3000 are kept
BR = "\u2028"  # what a <br> leaves in the running text: a line break inside a block
RE_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# RE_ZERO_WIDTH's characters and strip_controls' (textutil.RE_UNSAFE_TEXT) in one class
# (tests/test_prechecks.py checks every code point): removing both sets in one pass is
# removing one after the other.
RE_ZERO_WIDTH_OR_UNSAFE = re.compile("[\u200b\u200c\u200d\u2060\x00-\x08\x0b-\x1f\x7f-\x9f"
                                     "\u202a-\u202e\u2066-\u2069\ufeff]+")


# Limits on one page, so that every page under --max-bytes (50 MB) is cleaned in seconds
# and well under 1 GB (benchmarks/hostile_shapes.py measures the shapes that need them).
# Measured on a 2-core machine under load: a page of text costs ~1 ms a block of 200
# characters (classify, fold and metadata each read every block; their caches hold 8,192
# lines), so a 49 MB page of text took 60-90 s and 1.35 GB, and a 300,000-line text dump
# 16 s. The corpus's pages have at most ~2,000 blocks and ~100,000 characters of text:
# the limits are 2.5-10x that. Beyond a limit the rest of the page is dropped, and the
# page gets a warning naming the limit.
MAX_BLOCKS = 5_000
MAX_TEXT_CHARS = 1_000_000  # characters of text read from the page (markup aside)
MAX_ELEMENTS = 500_000  # elements walked (inline ones too; a few us each)
# Markup past this many "<" is cut before parsing: libxml2's tree costs ~500 bytes an
# element, and 7 million empty elements in 49 MB took 300 s and 3.7 GB. A page nested
# 100,000 deep (tests/hostile.py) has 400,000.
MAX_TAGS = 1_000_000
MAX_LINES = 10_000  # lines of a text dump (~0.3 ms each: wrap detection, labels)
# libxml2 checks each attribute of an element against all the ones before it (quadratic:
# 120,000 attributes on one element took 42-100 s). Attributes past this many on one
# element are dropped before parsing; the most an element of the corpus has is ~15 (script
# and style content is code, never capped: an aeb page's script reads as a 112-attribute tag).
MAX_ATTRIBUTES = 200
# Attributes of the whole page: the markup is cut before the start tag that would pass this
# many. libxml2 keeps ~300 bytes and ~2.5 us an attribute: 40 MiB of tags with 199 each (6.4
# million) took 15 s and 1.8 GB. The corpus page with the most (a Wikipedia article) has
# ~14,000 (lxml's count, all pages under /work/shared/corpus): the limit is ~35x that, and
# that 40 MiB page cut there is cleaned in ~3 s and ~240 MB.
MAX_TOTAL_ATTRIBUTES = 500_000


def segment(page: Page) -> "Segmentation":
    """Split a page into blocks; HTML keeps its parsed tree for the metadata stage."""
    if page.kind == HTML:
        return segment_html(page.text)
    blocks, cuts = _segment_text(page.text)
    return Segmentation(blocks=blocks, cuts=cuts)


@dataclass
class Segmentation:
    blocks: List[Block]
    root: Optional[object] = None  # the lxml tree of an HTML page
    hidden_css: Set[str] = field(default_factory=set)
    cuts: List[str] = field(default_factory=list)  # the limits the page was cut at, if any


class _Stop(Exception):
    """A limit was reached: the walk ends and keeps what it has."""


def limit_note(count: int, what: str, name: str) -> str:
    return f"cut at {count:,} {what} (govclean.segment.{name}); the rest of the page is dropped"


# ---------------------------------------------------------------- HTML


# libxml2 stops parsing past this nesting depth (with huge_tree; 256 without) and drops the
# rest of the document; it says so only in the parser's error log.
LIBXML_MAX_DEPTH = 2048
# When that happens the markup is re-parsed flat: elements deeper than this are dropped
# (their text kept, a block element's bounds kept as a line break). 512 is far below
# libxml2's limit, so implied elements cannot push the re-parse over it, and far above
# real pages (the corpus nests at most ~40 deep).
FLAT_MAX_DEPTH = 512
# A DOCTYPE's internal subset (entity declarations: external entities, billion laughs)
# is never expanded by the HTML parser, but would show as stray "]>" text; it is cut
# when it starts within this many characters of the top.
DOCTYPE_HEAD_CHARS = 4096
RE_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)
# Markup tokens for the flat re-parse: comments, raw-text elements whole, other tags.
RE_MARKUP_TOKEN = Deferred(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)[^>]*>", re.I | re.S)
# Elements a same-named sibling closes (the flat scan's only implied end tags).
SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr"
                      " basefont frame keygen".split())


def parse_html(text: str):
    """Parse with lxml's forgiving HTML parser; no network, no entity expansion, and no
    content lost to deep nesting (a page nested past libxml2's limit is re-parsed flat)."""
    text = RE_END_DOCUMENT.sub("", _strip_doctype_subset(_strip_xml_declaration(text)))
    root, too_deep = _parse(text)
    if too_deep:
        root, _ = _parse(flatten_markup(text, FLAT_MAX_DEPTH))
    return root


def _parse(text: str):
    """The tree, and whether libxml2 gave up on excessive depth."""
    from lxml import etree

    # huge_tree lifts libxml2's nesting limit from 256 to 2048 levels; no entity
    # expansion is involved in HTML mode, and no_network forbids any fetch. Plain etree
    # elements, not lxml.html's: its per-element class lookup costs ~10% of a page's time.
    parser = etree.HTMLParser(recover=True, no_network=True, remove_comments=True,
                              remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:  # nothing parseable (empty markup)
        root = etree.fromstring("<html><body></body></html>", parser=parser)
    too_deep = any("depth" in e.message.lower() for e in parser.error_log
                   if e.level_name == "FATAL")
    return root, too_deep


def flatten_markup(text: str, max_depth: int) -> str:
    """Markup with every element opened deeper than max_depth dropped: inline ones
    vanish, block ones become <br>, and all text stays (a cheap tag scan, no parsing)."""
    out: List[str] = []
    stack: List[str] = []
    excess, pos = 0, 0  # excess: elements open beyond max_depth (dropped)
    for m in RE_MARKUP_TOKEN.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        closing, tag = m.group(2), (m.group(3) or "").lower()
        keep = True
        if not tag or tag in VOID_TAGS:
            pass  # comment, raw-text element, void element: no nesting
        elif not closing:
            if stack and stack[-1] == tag and tag in SELF_CLOSING_SIBLINGS:
                stack.pop()  # <p>a<p>b: the second closes the first
            keep = len(stack) < max_depth and not excess
            if keep:
                stack.append(tag)
            else:
                excess += 1
        elif excess:
            excess, keep = excess - 1, False
        elif tag in stack:
            while stack.pop() != tag:
                pass
        if keep:
            out.append(m.group(0))
        elif tag in BLOCK_TAGS and not (len(out) > 1 and out[-2] == "<br>" and not out[-1].strip()):
            out.append("<br>")  # one line break for a run of dropped block bounds
    out.append(text[pos:])
    return "".join(out)


# libxml2 ends the document at the first </html> or </body>; browsers ignore them, and
# server-side includes put a header's own </html> mid-page. The parser closes both at EOF.
RE_END_DOCUMENT = re.compile(r"</(?:html|body)\s*>", re.I)


def _strip_xml_declaration(text: str) -> str:
    # lxml refuses str input that carries an encoding declaration
    if text.lstrip().startswith("<?xml"):
        end = text.find("?>")
        if end != -1:
            return text[end + 2:]
    return text


def _strip_doctype_subset(text: str) -> str:
    m = RE_DOCTYPE_SUBSET.search(text, 0, DOCTYPE_HEAD_CHARS)
    return text[:m.start()] + "<!DOCTYPE html>" + text[m.end():] if m else text


def segment_html(text: str) -> Segmentation:
    text, tags_cut = cap_tags(text, MAX_TAGS)
    text, capped = cap_attributes(text, MAX_ATTRIBUTES)
    text, attributes_cut = cap_total_attributes(text, MAX_TOTAL_ATTRIBUTES)
    root = parse_html(text)
    hidden_css = css_hidden_names(root)
    walker = _Walker(hidden_css)
    walker.walk(root)
    cuts = [limit_note(MAX_TAGS, "tags", "MAX_TAGS")] if tags_cut else []
    if capped:
        cuts.append(f"{capped:,} elements cut to their first {MAX_ATTRIBUTES:,} attributes "
                    "(govclean.segment.MAX_ATTRIBUTES)")
    if attributes_cut:
        cuts.append(limit_note(MAX_TOTAL_ATTRIBUTES, "attributes", "MAX_TOTAL_ATTRIBUTES"))
    return Segmentation(blocks=walker.blocks, root=root, hidden_css=hidden_css,
                        cuts=cuts + list(dict.fromkeys(walker.cuts)))


# Start tags that may hold more than MAX_ATTRIBUTES attributes (each takes at least two
# characters): a run of 2 x MAX_ATTRIBUTES characters without < or > after "<x" (one C-speed
# scan), or, when attribute values hold < or > (so that runs are short), counted in quoted
# values as units; the candidates' attributes are then counted exactly.
RE_LONG_TAG = re.compile(r"<[a-zA-Z][^<>]{%d}" % (2 * MAX_ATTRIBUTES))
RE_LONG_TAG_QUOTED = re.compile(r"""<[a-zA-Z](?:[^<>"']|"[^"]*"|'[^']*'){%d}""" % (2 * MAX_ATTRIBUTES))
# Possessive repeats (Python 3.11+) give the same matches as greedy ones here, without
# stepping back through every attribute value that holds no < or > (3.9/3.10 step back).
POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""
# An attribute value counts as holding < or > when one comes within this many characters:
# the bound RE_ANGLE_IN_VALUE was written with (its count only picks the finder), named so
# that govclean._markup's scan uses the same.
ANGLE_VALUE_MAX = 200
RE_ANGLE_IN_VALUE = re.compile(r"""=\s*{p}(?:"[^"<>]{{0,{n}}}{p}[<>]|'[^'<>]{{0,{n}}}{p}[<>])""".format(
    p=POSSESSIVE, n=ANGLE_VALUE_MAX))
RE_TAG_REST = re.compile(r"""(?:[^>"']+|"[^"]*"|'[^']*')*>?""")
RE_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
RE_ATTRIBUTE = re.compile(r"""[\s/]*[^\s/>="'][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>][^\s>]*)?)?""")


def cap_tags(text: str, limit: int):
    """The markup up to its limit-th "<" (all of it when it has fewer), and whether it was cut."""
    if text.count("<") <= limit:
        return text, False
    pos = -1
    for _ in range(limit + 1):
        pos = text.find("<", pos + 1)
    return text[:pos], True


def cap_attributes(text: str, limit: int):
    """The markup with every start tag cut to its first `limit` attributes, and how many
    tags were cut (linear: libxml2's attribute check is quadratic in one tag's count)."""
    out: List[str] = []
    pos = cut = 0
    raw: Optional[List[Tuple[int, int]]] = None  # script and style spans, found on first need
    for start in _long_tag_starts(text, limit):
        if start < pos:
            continue
        end = RE_TAG_REST.match(text, start + 1).end()
        tag = text[start:end]
        if len(RE_QUOTED.sub('""', tag).split()) - 1 <= limit:
            continue  # counted first: finding the scripts costs more, and is rarely needed
        raw = _raw_text_spans(text) if raw is None else raw
        inside = bisect_right(raw, (start, len(text))) - 1
        if inside >= 0 and raw[inside][0] < start < raw[inside][1]:
            continue  # "<e.length;…" in a script is code, not a tag
        name_end = re.match(r"<[^\s/>]*", tag).end()
        kept = name_end
        for a in islice(RE_ATTRIBUTE.finditer(tag, name_end), limit):
            kept = a.end()
        out += [text[pos:start], tag[:kept], ">" if tag.endswith(">") else ""]
        pos, cut = end, cut + 1
    if not cut:
        return text, 0
    out.append(text[pos:])
    return "".join(out), cut


def _long_tag_starts(text: str, limit: int):
    """Where RE_LONG_TAG matches, or RE_LONG_TAG_QUOTED when more than `limit` attribute
    values hold < or >: by govclean._markup's C loops when it loads (the same starts)."""
    scan = _compiled_markup()
    if scan is None:
        quoted = len(RE_ANGLE_IN_VALUE.findall(text)) > limit
    else:
        quoted = scan.angle_value_count(text, ANGLE_VALUE_MAX, limit + 1) > limit
    if quoted:
        return [m.start() for m in RE_LONG_TAG_QUOTED.finditer(text)]
    if scan is None:
        return [m.start() for m in RE_LONG_TAG.finditer(text)]
    return scan.long_tag_starts(text, 2 * MAX_ATTRIBUTES)


# govclean._markup, or None: segment's regexes give the same answers
_compiled_markup = Extension("govclean._markup")


# Elements whose content is raw text, never tags (the HTML standard's raw text elements).
RE_RAW_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.I | re.S)
# The attributes of a start tag: after its name, up to its ">" (quoted values may hold
# one); a script or style element is one match, its content code, never tags.
RE_START_TAG_ATTRIBUTES = Deferred(
    r"""<(?P<raw>script|style)\b(?P<rawattrs>(?:[^>"']+|"[^"]*"|'[^']*')*)>?"""
    r"(?:(?<=>).*?(?:</(?P=raw)\s*>|\Z))?"
    r"""|<[a-zA-Z][^\s/<>"']*(?P<attrs>[\s/](?:[^>"']+|"[^"]*"|'[^']*')*)>?""", re.I | re.S)


def cap_total_attributes(text: str, limit: int):
    """The markup cut before the start tag that would bring the page past `limit`
    attributes in all, and whether it was cut (a tag without any is never looked at)."""
    if len(text) < 2 * limit:  # an attribute takes at least two characters: no scan
        return text, False
    total = 0
    for m in RE_START_TAG_ATTRIBUTES.finditer(text):
        total += len(RE_ATTRIBUTE.findall(m.group("attrs") or m.group("rawattrs") or ""))
        if total > limit:
            return text[:m.start()], True
    return text, False


def _raw_text_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of every script and style element, in order."""
    return [m.span() for m in RE_RAW_TEXT.finditer(text)]


def css_hidden_names(root) -> Set[str]:
    """Class and id names that the page's own <style> blocks hide (`.bbnr{display:none}`)."""
    names: Set[str] = set()
    for style in root.iter("style"):
        for selectors in _hiding_selectors(style.text or ""):
            for selector in selectors.split(","):
                s = RE_SIMPLE_SELECTOR.match(selector)
                if s:
                    names.add(s.group(1) + s.group(2))
    return names


RE_CSS_BRACE = re.compile(r"[{}]")
RE_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Every RE_HIDDEN_STYLE match holds one of these in some ASCII case (re.I folds no other
# character to n, o, e or d), so a declaration block whose lowered text holds neither
# hides nothing: the blocks around them are the only ones the regex needs to read.
HIDING_WORDS = ("none", "dden")


def _may_hide(css: str) -> bool:
    """False when RE_HIDDEN_STYLE cannot match css (no HIDING_WORDS word in it)."""
    low = css.lower()
    return HIDING_WORDS[0] in low or HIDING_WORDS[1] in low  # any(), without a generator


# HIDING_WORDS in the form _ascii_lowered gives, and the comments of that form.
HIDING_BYTES = tuple(w.encode("ascii") for w in HIDING_WORDS)
RE_CSS_COMMENT_BYTES = re.compile(RE_CSS_COMMENT.pattern.encode("ascii"), re.S)


def _ascii_lowered(css: str) -> bytes:
    """css with its ASCII letters lowered and every other character as "?": one byte a
    character, so positions are css's. No non-ASCII character lowers to a letter of
    HIDING_WORDS (tests/test_prechecks.py checks every code point), so they stand where
    css.lower() holds them; ~3x cheaper than lower() on a large non-ASCII sheet."""
    return css.encode("ascii", "replace").lower()


# What every RE_HIDDEN_STYLE match shows in _ascii_lowered's form: both property names end
# in "y", both values begin with "n" or "h" (no other character folds to those letters under
# re.I), and the white space around the colon is ASCII (\x1c-\x1f are white space to str's
# \s) or a non-ASCII character, "?" there. A cheap scan of the bytes before the regex.
RE_MAY_HIDE_BYTES = re.compile(rb"y[\s\x1c-\x1f?]*:[\s\x1c-\x1f?]*[nh]")
BRACE_CLOSE = ord("}")


def _next_brace(low: bytes, at: int) -> int:
    """Where the first { or } at or after `at` is (RE_CSS_BRACE.search's start), -1: none."""
    opening, closing = low.find(b"{", at), low.find(b"}", at)
    return closing if opening < 0 else opening if closing < 0 else min(opening, closing)


def _hiding_selectors(css: str) -> List[str]:
    """The selectors of the rules whose declarations hide: what _top_level_rules gives for
    them, reading only the declaration blocks that hold a HIDING_WORDS word."""
    low = _ascii_lowered(css)  # once: lowering a large non-ASCII sheet costs more than the rest
    if not (HIDING_BYTES[0] in low or HIDING_BYTES[1] in low):  # _may_hide(css)
        return []
    # The comments have the same spans in both forms ("?" is neither "/" nor "*").
    low, css = RE_CSS_COMMENT_BYTES.sub(b"", low), RE_CSS_COMMENT.sub("", css)
    out, seen = [], set()
    for word in HIDING_BYTES:
        at = low.find(word)
        while at >= 0:
            # braces by bytes.find in the lowered form (the same positions): a regex scan
            # for the next one crossed a 14k-character base64 image a character at a time
            opened = max(low.rfind(b"{", 0, at), low.rfind(b"}", 0, at))  # -1: none
            closed = _next_brace(low, at)
            at = low.find(word, at + 1)
            if opened in seen or closed < 0 or low[closed] != BRACE_CLOSE or opened < 0:
                continue  # seen, or not a declaration block (selectors, the sheet's head)
            seen.add(opened)
            if not RE_MAY_HIDE_BYTES.search(low, opened + 1, closed) \
                    or not RE_HIDDEN_STYLE.search(css, opened + 1, closed):
                continue
            if css[opened] == "}":  # after an inner rule's end: only a full scan knows the rule
                return [sel for sel, decl in _rules(css) if RE_HIDDEN_STYLE.search(decl)]
            before = max(css.rfind("{", 0, opened), css.rfind("}", 0, opened)) + 1
            if not css[before:opened].lstrip().startswith("@"):
                out.append(css[before:opened])
    return out


def _top_level_rules(css: str):
    """(selectors, declarations) of the rules, at-rules' inner ones included (a site that
    hides `.hide12` on wide screens only shows it to no desktop reader)."""
    return _rules(RE_CSS_COMMENT.sub("", css))


def _rules(css: str):
    """_top_level_rules of comment-free css."""
    stack: List[Optional[str]] = []  # per open brace: the rule's selectors, None for an at-rule
    start = 0
    for m in RE_CSS_BRACE.finditer(css):
        if m.group() == "{":
            selectors = css[start:m.start()]
            stack.append(None if selectors.lstrip().startswith("@") else selectors)
        elif stack:
            selectors = stack.pop()
            if selectors is not None:
                yield selectors, css[start:m.start()]
        start = m.end()


# The kinds of govclean._walk's events (its KINDS; tests/test_walk.py checks they agree).
EVENT_LEAF, EVENT_START, EVENT_END, EVENT_TEXT, EVENT_CUT = range(5)
# govclean._walk (built for this lxml), or None: the walk over lxml's proxies gives the same blocks
_compiled_walk = Extension("govclean._walk")


class _Walker:
    """An iterative DOM walk (no recursion: pages nest thousands deep) that emits blocks."""

    def __init__(self, hidden_css: Set[str]):
        self.hidden_css = _HiddenNames.of(hidden_css)
        self.blocks: List[Block] = []
        self.parts: List[str] = []
        self.link_chars = 0
        self.stack: List[_Frame] = []
        self.row: Optional[List[str]] = None  # cells of the data row being read
        self.chars = 0  # text read so far (MAX_TEXT_CHARS)
        self.cuts: List[str] = []

    def walk(self, root) -> None:
        try:
            self._walk(root)
            self._flush()
        except _Stop:
            self._end_early()

    def _end_early(self) -> None:
        """Keep the text read before a limit: the open row or block ends there."""
        try:
            if self.row is not None:
                self._flush_cell()
                cells, self.row = [c for c in self.row if c], None
                self._emit(" | ".join(cells), None, 0)
            self._flush()
        except _Stop:
            pass

    def _walk(self, root) -> None:
        body = root.find("body")
        start = body if body is not None else root
        walk = _compiled_walk()
        if walk is None:
            self._walk_proxies(start)
        else:
            self._walk_events(walk.events(start, SKIP_TAGS, FRAMED_TAGS, LAYOUT_INSIDE_ROW,
                                          MAX_ELEMENTS, NO_ATTRIBUTES, READ_ATTRIBUTES))

    def _walk_proxies(self, start) -> None:
        """The walk over lxml's element proxies (no compiled walker: _walk_events reads
        the same elements from govclean._walk's events)."""
        from lxml import etree

        skip_depth = elements = 0
        leaf = False  # the element just started is an inline leaf: its end needs no frame
        for event, el in etree.iterwalk(start, events=("start", "end")):
            if event == "start":
                elements += 1
                if elements > MAX_ELEMENTS:
                    self._cut(MAX_ELEMENTS, "elements", "MAX_ELEMENTS")
                tag = el.tag  # lxml builds this string on every access: read it once
                if not isinstance(tag, str):
                    tag = ""
                if skip_depth or tag in SKIP_TAGS:
                    skip_depth += 1
                    continue
                tag = tag.lower()
                leaf = tag not in FRAMED_TAGS and not len(el)
                if leaf:
                    self._inline_leaf(tag, el.text)
                else:
                    items = el.items()  # one call into lxml, then plain look-ups (most elements have none)
                    self._start(tag, dict(items) if items else NO_ATTRIBUTES, el.text,
                                tag == "tr" and self.row is None and _is_data_row(el))
            else:
                if skip_depth:
                    skip_depth -= 1
                    if skip_depth == 0:
                        self._text(el.tail)
                    continue
                if leaf:  # a leaf's end event follows its start event
                    leaf = False
                    self._text(el.tail)
                else:
                    self._end(el.tail)

    def _walk_events(self, events: list) -> None:
        """The walk over govclean._walk's events (EVENT_KINDS): _walk_proxies' calls, in its order."""
        # the bound methods once (a look-up per event costs more than some of the calls)
        inline_leaf, text, start, end = self._inline_leaf, self._text, self._start, self._end
        for event in events:
            kind = event[0]
            if kind == EVENT_LEAF:
                inline_leaf(event[1], event[2])
                text(event[3])
            elif kind == EVENT_START:
                tag = event[1]
                start(tag, event[2], event[3], tag == "tr" and self.row is None and event[4])
            elif kind == EVENT_END:
                end(event[1])
            elif kind == EVENT_TEXT:
                text(event[1])
            else:
                self._cut(MAX_ELEMENTS, "elements", "MAX_ELEMENTS")

    def _cut(self, count: int, what: str, name: str) -> None:
        self.cuts.append(limit_note(count, what, name))
        raise _Stop

    def _inline_leaf(self, tag: str, text: Optional[str]) -> None:
        """An inline element without children (`<a>`, `<span>`, `<br>`, `<img>`): nothing
        can flush a block inside it, so its frame would only say whether its text is link
        text. What _start would do, without building the frame."""
        if tag == "br":
            self.parts.append(BR)
        if text:
            if tag == "a" and not (self.stack and self.stack[-1].in_link):  # _text counts the rest
                self.link_chars += len(text[:MAX_TEXT_CHARS - self.chars].strip())
            self._text(text)  # counted against MAX_TEXT_CHARS like any other text

    def _start(self, tag: str, names: Dict[str, str], text: Optional[str], data_row: bool) -> None:
        """A framed element starts; names: its attributes, data_row: a <tr> that starts a
        data row (one without LAYOUT_INSIDE_ROW elements, outside any data row)."""
        frame = _Frame.of(names, tag, self.stack[-1] if self.stack else None, self.hidden_css)
        self.stack.append(frame)
        if data_row:
            self._flush()
            self.row = []
            frame.data_row = True
        elif tag in ("td", "th") and self.row is not None:
            self._flush_cell()
        elif tag in BLOCK_TAGS and self.row is None:
            self._flush()
        elif tag == "br":
            self.parts.append(BR)
        self._text(text)

    def _end(self, tail: Optional[str]) -> None:
        frame = self.stack.pop() if self.stack else None
        tag = frame.tag if frame is not None else ""  # the element's own frame: its start pushed it
        if frame is not None and frame.data_row:
            self._flush_cell()
            cells = [c for c in self.row or [] if c]
            self.row = None
            self._emit(" | ".join(cells), frame, self.link_chars)
            self.parts, self.link_chars = [], 0
        elif tag in ("td", "th") and self.row is not None:
            self._flush_cell()
        elif tag in BLOCK_TAGS and self.row is None:
            self._flush(frame)
        self._text(tail)  # the tail belongs to the parent

    def _text(self, text: Optional[str]) -> None:
        if not text:
            return
        room = MAX_TEXT_CHARS - self.chars
        self.chars += len(text)
        self.parts.append(text[:room])
        if self.stack and self.stack[-1].in_link:
            self.link_chars += len(text[:room].strip())
        if len(text) >= room:
            self._cut(MAX_TEXT_CHARS, "characters of text", "MAX_TEXT_CHARS")

    def _flush_cell(self) -> None:
        if self.row is None:
            return
        cell = _clean("".join(self.parts).replace(BR, " "))
        self.row.append(cell)
        self.parts = []

    def _flush(self, frame: Optional["_Frame"] = None) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        link_chars = self.link_chars
        self.parts, self.link_chars = [], 0
        if raw.isspace():
            return  # white space between elements: every line of it cleans to nothing
        frame = frame or (self.stack[-1] if self.stack else None)
        if frame is not None and frame.block_tag in HEADINGS:
            lines = [_join_br(raw)]  # a headline broken by <br> is one headline
        elif BR not in raw:  # one line (most flushes): it takes all the link characters
            line = _clean(raw)  # round(link_chars * len(line) / len(line)) is link_chars
            if line:
                self._emit(line, frame, link_chars)
            return
        else:
            lines = [line for line in (_clean(piece) for piece in raw.split(BR)) if line]
        total = sum(map(len, lines))  # no generator: one is built per flush
        for line in lines:
            self._emit(line, frame, round(link_chars * len(line) / max(1, total)))

    def _emit(self, text: str, frame: Optional["_Frame"], link_chars: int) -> None:
        stripped = text.strip()
        if not stripped:
            return
        if len(self.blocks) >= MAX_BLOCKS:
            self.cuts.append(limit_note(MAX_BLOCKS, "blocks", "MAX_BLOCKS"))
            raise _Stop
        link_chars = min(link_chars, len(text))
        if frame is None:
            block = Block(len(self.blocks), stripped, link_chars=link_chars)
        else:  # positional, in Block's field order: one call instead of nine assignments
            block = Block(len(self.blocks), stripped, "tr" if frame.data_row else frame.block_tag,
                          frame.path, link_chars, frame.hidden, frame.structural,
                          HEADINGS.get(frame.block_tag, 0), frame.in_li,
                          frame.data_row or frame.in_td, frame.container)
        self.blocks.append(block)


class _Frame:
    """What the walk knows about one open element and its ancestors."""

    __slots__ = ("tag", "block_tag", "path", "container", "hidden", "structural", "in_li",
                 "in_td", "in_link", "in_article", "data_row")

    def __init__(self, tag: str, block_tag: str, path: str, container: str, hidden: bool,
                 structural: str, in_li: bool, in_td: bool, in_link: bool, in_article: bool):
        self.tag, self.block_tag, self.path, self.container = tag, block_tag, path, container
        self.hidden, self.structural, self.in_li, self.in_td = hidden, structural, in_li, in_td
        self.in_link, self.in_article, self.data_row = in_link, in_article, False

    @classmethod
    def of(cls, names: Dict[str, str], tag: str, parent: Optional["_Frame"],
           hidden_css: "_HiddenNames") -> "_Frame":
        parent = parent or _ROOT_FRAME
        ident = _ident(names) if "class" in names or "id" in names else []
        if tag in BLOCK_TAGS:
            path = parent.path + "/" + tag + ("." + ".".join(ident[:2]) if ident else "")
            block_tag = tag
            container = path if tag not in ROW_AND_ITEM_TAGS or parent is _ROOT_FRAME else parent.container
        else:
            path, block_tag = parent.path, parent.block_tag
            container = path if parent is _ROOT_FRAME else parent.container
        structural = parent.structural or (_structural(names, tag, parent)
                                           if tag in STRUCTURE_CANDIDATES or "role" in names else "")
        # positional, in __init__'s order (keywords cost a dict per element)
        return cls(tag, block_tag, path, container,
                   parent.hidden or (bool(names) and _hidden(names, ident, hidden_css)), structural,
                   parent.in_li or tag == "li", parent.in_td or tag in ("td", "th"),
                   parent.in_link or tag == "a", parent.in_article or tag in SECTIONING_TAGS)


_ROOT_FRAME = _Frame("", "p", "", "", False, "", False, False, False, False)
NO_ATTRIBUTES: Dict[str, str] = {}  # shared by every element without attributes: only read
# The attributes _Frame.of and what it calls read (_ident, _structural, _hidden): the compiled
# walker's START events carry these alone (tests/test_walk.py: the same blocks as the proxies').
READ_ATTRIBUTES = ("class", "id", "role", "hidden", "aria-hidden", "style")
STRUCTURE_CANDIDATES = frozenset(STRUCTURAL_TAGS) | frozenset(SECTIONING_TAGS)
# Elements that need a frame even without children: they start, end or split a block.
FRAMED_TAGS = BLOCK_TAGS | frozenset(("tr", "td", "th"))
ROW_AND_ITEM_TAGS = frozenset(("p", "li", "tr", "td", "th"))


def _structural(attrs: Dict[str, str], tag: str, parent: Optional[_Frame]) -> str:
    """nav/aside anywhere; header/footer of the page, not of an article (HTML5 sectioning);
    ARIA landmark roles on generic elements only (sites put role=complementary on <article>)."""
    in_article = parent.in_article if parent else False
    if tag in ("nav", "aside") or (tag in ("header", "footer") and not in_article):
        return STRUCTURAL_TAGS[tag]
    if tag in SECTIONING_TAGS or tag in ("header", "footer"):
        return ""
    return STRUCTURAL_ROLES.get((attrs.get("role") or "").lower(), "")


def _ident(attrs: Dict[str, str]) -> List[str]:
    words = (attrs.get("class") or "").split()
    if attrs.get("id"):
        words.append(attrs["id"])
    return [w.lower() for w in words if len(w) < 60]


class _HiddenNames(NamedTuple):
    """The class and id names a page's CSS hides (css_hidden_names' `.x` and `#y`), apart."""

    classes: FrozenSet[str]
    ids: FrozenSet[str]

    @classmethod
    def of(cls, hidden_css: Set[str]) -> "_HiddenNames":
        return cls(frozenset(n[1:] for n in hidden_css if n[0] == "."),
                   frozenset(n[1:] for n in hidden_css if n[0] == "#"))


def _hidden(attrs: Dict[str, str], ident: List[str], hidden_css: _HiddenNames) -> bool:
    if attrs.get("hidden") is not None or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    style = attrs.get("style")
    if style and _may_hide(style) and RE_HIDDEN_STYLE.search(style):
        return True
    if not HIDDEN_CLASSES.isdisjoint(ident):
        return True
    if hidden_css.classes and not hidden_css.classes.isdisjoint((attrs.get("class") or "").split()):
        return True
    return (attrs.get("id") or "") in hidden_css.ids  # never "": a selector names at least one character


def _is_data_row(tr) -> bool:
    # one descendant scan, filtered in lxml, instead of one find() per layout tag
    return next(tr.iterdescendants(*LAYOUT_INSIDE_ROW), None) is None


def _clean(text: str) -> str:
    """One line of text: NFC, no zero-width or control characters, white space runs as one space."""
    if not text.isascii():  # ASCII is NFC already and holds no zero-width character
        text = unicodedata.normalize("NFC", text)
        # Zero-width and control characters are all unprintable: a printable line holds
        # none, and any other loses both kinds in one pass (tests/test_prechecks.py).
        if text.isprintable():  # nor \t\r\n\f\v: RE_WS has only single spaces to find
            return text.strip() if "  " not in text else RE_WS.sub(" ", text).strip()
        text = RE_ZERO_WIDTH_OR_UNSAFE.sub("", text)
    elif not text.isprintable():  # every character strip_controls drops is unprintable
        text = strip_controls(text)
    if text.isascii():  # its only white space now is " \t\n": split() finds RE_WS's runs
        return " ".join(text.split())
    return RE_WS.sub(" ", text).strip()


def _join_br(raw: str) -> str:
    """Lines a <br> broke: the source's own space stays; else CJK joins without one."""
    pieces = raw.split(BR)
    out = _clean(pieces[0])
    for left, right in zip(pieces, pieces[1:]):
        line = _clean(right)
        if not out or not line:
            out = out or line
        elif left[-1:].isspace() or right[:1].isspace() or not (_is_wide(out[-1]) or _is_wide(line[0])):
            out += " " + line
        else:
            out += line
    return out


# ---------------------------------------------------------------- text dumps

# Bullets text dumpers (w3m, lynx, html2text) put before list items, at any depth.
RE_BULLET = re.compile(r"^(\s*)([•○■□☆◦▪▫●◆◇\-\*\+·]|\d{1,3}[.)])\s+(?=\S)")
# w3m prints an image as its alt text or file name in brackets, inside lines too:
# "[szf_timeic] 时间：…". ASCII names with a letter are images; "[1]" and "[人民网]" are text.
RE_INLINE_IMAGE = re.compile(r"\[(?:[A-Za-z][\w\-.]{0,60}|\s*)\]\s*")
RE_LEADING_WORD = Deferred(r"[^\s\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+|.")
RE_BULLET_ONLY = re.compile(r"^\s*[•○■□☆◦▪▫●◆◇]\s*$")
RE_IMAGE_PLACEHOLDER = re.compile(r"^\s*\[[^\[\]]{0,80}\]\s*$")
# The characters a match of RE_BULLET or RE_BULLET_ONLY begins with after the line's white
# space (str.lstrip strips what their \s* takes), besides the decimal digits (str.isdecimal
# is re's \d): a line starting with any other (most of them) is tried against neither.
BULLET_FIRSTS = frozenset("•○■□☆◦▪▫●◆◇-*+·")
# A dump is hard-wrapped when at least this many lines end within WRAP_SLACK columns of
# the widest line and that width is a terminal width (w3m: 79 of 80, lynx: 78-79).
WRAP_MIN_LINES = 3
WRAP_SLACK = 3
WRAP_WIDTHS = range(60, 133)


def segment_text(text: str) -> List[Block]:
    """Group lines into blocks: blank lines and bullets split, hard-wrapped lines re-join."""
    return _segment_text(text)[0]


def _segment_text(text: str):
    """segment_text(), and the limits the dump was cut at."""
    cuts = []
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        cuts.append(limit_note(MAX_TEXT_CHARS, "characters of text", "MAX_TEXT_CHARS"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", MAX_LINES)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        cuts.append(limit_note(MAX_LINES, "lines", "MAX_LINES"))
    lines = [raw.rstrip() for raw in lines]
    near = [_width_near_wraps(line) for line in lines]  # each line measured once (_wrapped reads them too)
    width = _best_width(Counter(near))
    blocks: List[Block] = []
    current: List[str] = []
    tag = "p"
    group = 0  # lines between two blank lines share a group (a headline set over lines)

    def flush():
        nonlocal current, tag
        if current:
            body = _clean(_join_lines(current))
            if body:
                blocks.append(Block(index=len(blocks), text=body, tag=tag,
                                    list_item=(tag == "li"), group=group))
        current, tag = [], "p"

    prev, prev_width = "", 0
    for line, line_width in zip(lines, near):
        first = line.lstrip()[:1]
        if not first:  # white space only
            flush()
            prev = ""
            group += 1
            continue
        listed = first in BULLET_FIRSTS or first.isdecimal()
        if listed and RE_BULLET_ONLY.match(line):  # an empty nested-list marker: part of the list
            flush()
            prev = ""
            continue
        bullet = RE_BULLET.match(line) if listed else None
        placeholder = RE_IMAGE_PLACEHOLDER.match(line) if first == "[" else None
        continues = current and prev and width and not bullet and not placeholder \
            and _wrapped(prev, line, width, prev_width)
        if not continues:
            flush()
            if bullet:
                tag = "li"
                line, line_width = line[bullet.end():], 0
            elif placeholder:
                tag = "img"
        if not placeholder:
            if "[" in line:  # where every RE_INLINE_IMAGE match begins
                line, line_width = RE_INLINE_IMAGE.sub("", line).rstrip(), 0
            if not line.strip():
                continue
        current.append(line.strip())
        prev, prev_width = line, line_width
    flush()
    if len(blocks) > MAX_BLOCKS:
        del blocks[MAX_BLOCKS:]
        cuts.append(limit_note(MAX_BLOCKS, "blocks", "MAX_BLOCKS"))
    return blocks, cuts


def wrap_width(lines: List[str]) -> Optional[int]:
    """The column width a dump was hard-wrapped at, or None for one line a paragraph."""
    return _best_width(Counter(map(_width_near_wraps, map(str.rstrip, lines))))  # maps: no generator's steps


def _best_width(widths: Counter) -> Optional[int]:
    """wrap_width() of the lines whose _width_near_wraps are counted in widths."""
    if not _may_wrap(widths):
        return None
    best, best_count = None, 0
    longer = sum(c for x, c in widths.items() if x > WRAP_WIDTHS[0])  # lines wider than w
    # lines within WRAP_SLACK columns of w (ending at w - WRAP_SLACK .. w), a sliding sum
    count = sum(widths.get(x, 0) for x in range(WRAP_WIDTHS[0] - WRAP_SLACK - 1, WRAP_WIDTHS[0]))
    for w in WRAP_WIDTHS:
        count += widths.get(w, 0) - widths.get(w - WRAP_SLACK - 1, 0)
        if w > WRAP_WIDTHS[0]:
            longer -= widths.get(w, 0)
        if count >= WRAP_MIN_LINES and count > best_count and longer <= count:
            best, best_count = w, count
    return best


def _may_wrap(widths: Counter) -> bool:
    """Whether some candidate width could win, by two sums instead of the sliding count
    (most dumps are one line a paragraph, their lines wider than every candidate): a
    width's count is at most the lines within reach of any (near), and the lines wider than
    every candidate count as longer at each width, so more of them than `near` rule all out."""
    near = wider = 0
    for x, c in widths.items():
        if x > WRAP_WIDTHS[-1]:
            wider += c
        elif x >= WRAP_WIDTHS[0] - WRAP_SLACK:
            near += c
    return near >= WRAP_MIN_LINES and wider <= near


# The widths wrap_width() tells apart: any width below the first is the same to it (counts
# nothing), and any above the last too (counts as longer than every candidate).
_WRAP_LOW = WRAP_WIDTHS[0] - WRAP_SLACK - 1
_WRAP_HIGH = WRAP_WIDTHS[-1] + 1


def _width_near_wraps(line: str) -> int:
    """display_width(line) where wrap_width() reads it, else a width on the same side of
    the candidates: a line takes between len(line) and 2 * len(line) columns, so a long
    paragraph (most of a dump's lines) is not measured character by character."""
    if len(line) >= _WRAP_HIGH:
        return _WRAP_HIGH
    if 2 * len(line) < _WRAP_LOW:
        return 0
    return display_width(line)


def _wrapped(prev: str, line: str, width: int, prev_width: int = 0) -> bool:
    """Greedy wrapping moved `line`'s first word down because it did not fit after `prev`.
    prev_width: _width_near_wraps(prev) when known, else 0 (prev is measured here). It
    stands for display_width(prev): it is that width, or _WRAP_HIGH for a line at least
    as long, wider than any candidate width (so too wide either way)."""
    first = line.strip()
    if _is_wide(first[0]):
        token = first[0]
    else:  # the leading word, up to a space or a wide (CJK) character
        token = RE_LEADING_WORD.match(first).group(0)
    gap = 0 if (_is_wide(prev.rstrip()[-1]) or _is_wide(token[0])) else 1
    return (prev_width or display_width(prev.rstrip())) + gap + display_width(token) > width


def _join_lines(lines: List[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        if out and line and (_is_wide(out[-1]) or _is_wide(line[0])):
            out += line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out += line  # a hyphenated word split by the wrap
        else:
            out += " " + line
    return out


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


class _NarrowOnly(dict):
    """str.translate table that deletes wide (W, F) characters: filled as characters are met,
    at most _WIDTH_CACHE of them (a page of rare characters cannot grow it without end)."""

    def __missing__(self, code: int) -> Optional[int]:
        keep = None if _is_wide(chr(code)) else code
        if len(self) < _WIDTH_CACHE:
            self[code] = keep
        return keep


# Characters whose width is remembered: the CJK and Latin a government site uses fit many
# times over (a 10,000-transcript batch meets about 4,000 distinct characters).
_WIDTH_CACHE = 1 << 16
_NARROW_ONLY = _NarrowOnly()


# Runs of characters that are wide (W, F) in the Unicode of every Python govclean runs on
# (3.9's 13.0 on): CJK punctuation, kana, the ideographs, Hangul syllables, full-width
# forms. tests/test_prechecks.py checks each against the running unicodedata.
RE_SURELY_WIDE = Deferred("[\u3000-\u303e\u3041-\u3096\u3099-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                          "\uac00-\ud7a3\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]+")


RE_ASCII_RUNS = Deferred("[\x00-\x7f]+")


def display_width(s: str) -> int:
    """Columns a line takes: two for each wide (W, F) character, one for any other. The
    surely wide runs are taken out by one regex pass, and only what is left (a Chinese
    line's quotes and dashes) is looked up a character at a time, by one translate pass
    of its non-ASCII characters (about 6x faster than translating the whole of a Chinese
    line, and faster on an English line with a few curly quotes too)."""
    if s.isascii():
        return len(s)
    rest = RE_SURELY_WIDE.sub("", s)
    width = 2 * len(s) - len(rest)
    if rest.isascii():
        return width
    odd = RE_ASCII_RUNS.sub("", rest)  # an English line's curly quotes and dashes alone
    return width + len(odd) - len(odd.translate(_NARROW_ONLY))
