"""Metadata: every source's candidates -> one winner per field by a fixed precedence (README "Metadata")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from . import rules
from .dates import RE_CALENDAR_WORDS, parse_date, with_zone
from .language import detect as detect_language
from .labels import DATE_FIELDS, enough_official, label_line, line_prefix, official_row, truncated
from .model import BODY, Block, Document
from .sources import (absolute_url, attachments, breadcrumb, head_meta, json_ld_candidates,
                      link_candidates, meta_candidates, page_title, placeholder, script_lines,
                      site_id_code, sponsor, time_candidates, url_date, valid_site_id)
from .textutil import Deferred, key, key_similarity, similarity, strip_controls, tokens

__all__ = ["build_document", "head_titles", "clean_title", "parse_date", "with_zone"]

# Where each field's winner comes from, best first. A candidate from a later source never
# overwrites an earlier one's. Names: `label` a label line shown on the page (nearest the
# headline first), `script` a label an inline script writes, `dateline` a bare date shown
# under the headline, `official` the 信息公开 table, `meta` head tags (guideline scheme,
# OpenGraph, GOV.UK, Dublin Core), `ld` JSON-LD dates (datePublished before the
# article:published_time that some CMSs set to the last edit), `time` <time datetime> and
# itemprop=datePublished elements, `urldate` a date in the URL's path (/2024/03/05/),
# `near` a short line near the headline holding a date in the page's own spelling,
# `footer` the site's footer, `crumb` the breadcrumb.
PRECEDENCE = {
    "url": ["file", "canonical", "meta", "label"],  # label: `url: …` above a text dump's body
    "published": ["label", "script", "dateline", "official", "ld", "meta", "time", "urldate", "near"],
    "updated": ["label", "script", "ld", "meta"],
    "source": ["label", "script"],  # shown only: never the ContentSource meta by itself
    "author": ["label", "script", "meta"],
    "site": ["meta", "footer", "title"],  # title: the site part of <title>
    "site_id_code": ["meta", "footer"],
    "section": ["meta", "crumb"],
}

# ---------------------------------------------------------------- thresholds

# A bare date line is the dateline when it sits at most this many blocks below the headline
# (toolbars and a source line come between on the corpus pages; 4 covers all of them).
DATELINE_WINDOW = 4
# ... and holds at most this many characters besides the date (bullets, brackets, 发布).
DATELINE_EXTRA = 6
# ... and is not inside an element the classifier named as a widget (a share bar, a
# masthead, navigation) or hidden: `Friday 25 December 2015` there is today's date.
WIDGET_REASONS = ("class/id:", "inside <", "hidden")
# A label whose value the HTML put on the next line (`来源:\n  四川日报`) takes that line
# when it is at most this long.
SPLIT_VALUE_MAX = 40
# A headline hint matches a block at least this well (difflib ratio of comparison forms).
TITLE_MATCH = 0.8
# The shown headline agrees with a hint at this ratio (hints lose words to site suffixes).
TITLE_AGREE = 0.6
# A title is at most this many tokens (the longest gold title in ../shared/corpus is ~70).
TITLE_MAX_TOKENS = 90
# Blocks above the dateline searched for the headline in text dumps: an event page's info
# box (区域：/大兴区/开始时间：/2024-05-08/…, 10 lines in ../shared/corpus) may sit between.
HEADLINE_LOOKUP = 12
# A list item of at most this many tokens between headline and dateline is a toolbar
# (`• 听全文`, `• 2023-12-05`); a longer one is a related-news list: the walk stops there.
TOOLBAR_ITEM_TOKENS = 8
# The first this many characters of the body decide its language (a page's opening
# paragraphs are in its language; reading more changes no corpus page's answer).
LANGUAGE_SAMPLE = 2000


# ---------------------------------------------------------------- candidates


@dataclass
class Found:
    """Every candidate value, by field and source, in the order found, with its origin."""

    values: Dict[Tuple[str, str], List[Tuple[object, str]]] = field(default_factory=dict)

    def add(self, source: str, name: str, value, origin: str) -> None:
        if isinstance(value, str):
            value = re.sub(r"\s+", " ", value).strip()
            if placeholder(value):
                return
        if value in (None, "", []):
            return
        self.values.setdefault((source, name), []).append((value, origin))

    def get(self, source: str, name: str) -> List[Tuple[object, str]]:
        return self.values.get((source, name), [])

    def winner(self, name: str, parse=None):
        """(value, origin) of the best candidate by PRECEDENCE, or (None, None)."""
        for source in PRECEDENCE[name]:
            for value, origin in self.get(source, name):
                value = parse(value) if parse else value
                if value:
                    return value, origin
        return None, None


@dataclass
class LabelHit:
    """A label line at a block index."""

    index: int
    labels: list
    prefix: str


def build_document(doc: Document, blocks: List[Block], *, root=None, title: Optional[str] = None,
                   title_block: Optional[int] = None, hints: Sequence[str] = (),
                   meta: Optional[Dict[str, str]] = None) -> Document:
    """Fill the Document's metadata by PRECEDENCE; doc.provenance says where each came from.
    meta: head_meta(root) when the caller has it already (it is only read)."""
    found = Found()
    meta = head_meta(root) if meta is None else meta
    if root is not None:
        from_html(found, root, meta, doc.url)
    if doc.url:
        found.add("file", "url", doc.url, "the file's saved-from comment")
    hits = label_hits(blocks)
    doc.official = official_fields(blocks)
    headline = choose_title(doc, blocks, title, title_block, hints, hits, meta, root)
    anchor = headline if headline is not None else _first_dateline(blocks, hits)
    from_labels(found, blocks, hits, anchor)
    from_lines(found, blocks)
    if doc.official.get("published"):
        found.add("official", "published", doc.official["published"], "信息公开 发布日期")
    doc.language = language(doc.text or doc.title or "", _declared_language(root))
    _fill(doc, found, meta)
    doc.attachments = attachments(root, doc.url) if root is not None else []
    _strip_controls(doc)
    return doc


# Document fields that hold text from the page (block texts are cleaned by segment).
TEXT_FIELDS = ("url", "title", "published", "updated", "source", "author", "site", "site_id_code",
               "section", "language", "text")


def _strip_controls(doc: Document) -> None:
    """No control, bidi-override or stray BOM character in any value (a meta tag's
    `&#27;[2J` is decoded by the parser, after load dropped the raw ones)."""
    for name in TEXT_FIELDS:
        value = getattr(doc, name)
        if value and strip_controls(value) != value:
            setattr(doc, name, strip_controls(value).strip() or (None if name != "text" else ""))
    if doc.breadcrumb:
        doc.breadcrumb = [c for c in (strip_controls(c).strip() for c in doc.breadcrumb) if c]
    doc.official = {strip_controls(k): strip_controls(v).strip() for k, v in doc.official.items()}
    doc.attachments = [{k: strip_controls(v) for k, v in a.items()} for a in doc.attachments]
    doc.headings = [strip_controls(h) for h in doc.headings]


def from_html(found: Found, root, meta: Dict[str, str], base: Optional[str]) -> None:
    """Head tags, JSON-LD, canonical link, and what inline scripts write next to labels."""
    for name, value, origin in meta_candidates(meta):
        found.add("meta", name, value, origin)
    for name, value, origin in link_candidates(root):
        found.add("canonical", name, value, origin)
    for name, value, origin in json_ld_candidates(root):
        found.add("ld" if name in DATE_FIELDS else "meta", name, value, origin)
    for name, value, origin in time_candidates(root):
        found.add("time", name, value, origin)
    page = page_title(root)
    for part in title_parts(normal_title(page)) if page else []:
        if RE_SITE_WORDS.search(part) and not RE_SITE_WORDS.fullmatch(part):
            found.add("title", "site", part, "the site part of <title>")
    for line, origin in script_lines(root, meta):
        for lv in label_line(line):
            found.add("script", lv.field, lv.value, f"{origin}: {lv.label}")


def label_hits(blocks: List[Block]) -> List[LabelHit]:
    hits = []
    for block in blocks:
        if len(block.text) <= rules.LABEL_LINE_MAX:
            labels = label_line(block.text)
            if labels:
                hits.append(LabelHit(block.index, labels, line_prefix(block.text)))
    return hits


def from_labels(found: Found, blocks: List[Block], hits: List[LabelHit], anchor: int) -> None:
    """Label lines nearest the headline first (a page may repeat them in a second copy);
    body text counts only at the body's start (a 时间： line inside a notice is not a date)."""
    body_start = _first_body(blocks)
    for hit in sorted(hits, key=lambda h: (abs(h.index - anchor), h.index)):
        if blocks[hit.index].label == BODY and hit.index > body_start + 1:
            continue
        for lv in hit.labels:
            if lv.field == "url" and hit.index > body_start:
                continue  # a footer's `URL:` names the site, not the page
            value = lv.value or _split_value(blocks, hit.index, lv)
            found.add("label", lv.field, value, f"label {lv.label}")
            if lv.field not in DATE_FIELDS and not lv.label.isascii() and parse_date(lv.raw):
                # 来源：云南日报  2016-08-11 (a Chinese dateline); `Source: Smith, 2016-05-01` is a citation
                found.add("dateline", "published", parse_date(lv.raw), f"date after label {lv.label}")
        if hit.prefix and parse_date(hit.prefix):
            found.add("dateline", "published", parse_date(hit.prefix), "date before a label line")
    for i in range(anchor + 1, min(len(blocks), anchor + 1 + DATELINE_WINDOW)):
        date = _bare_date(blocks, i)
        if date:
            found.add("dateline", "published", date, "date line under the headline")


def _split_value(blocks: List[Block], i: int, lv) -> Optional[str]:
    """`来源:` whose value the HTML source put on the next line of the same element."""
    if lv.raw or i + 1 >= len(blocks):
        return None
    nxt = blocks[i + 1]
    if not _same_element(blocks[i], nxt) or len(nxt.text) > SPLIT_VALUE_MAX or label_line(nxt.text) \
            or rules.chrome_reason(nxt.text):
        return None
    from .labels import clean_value
    return clean_value(lv.field, nxt.text) or None


def _same_element(a: Block, b: Block) -> bool:
    """b continues a: the same element split by a line break, or its sibling (dt/dd, th/td);
    in a text dump, the next line (dumpers put a cell's value under its label)."""
    if not a.path and not b.path:
        return _headline_like(b)
    return bool(a.path) and (a.path == b.path or a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0])


def _bare_date(blocks: List[Block], i: int) -> Optional[str]:
    text = blocks[i].text
    if len(text) > 40 or blocks[i].reason.startswith(WIDGET_REASONS):
        return None  # a masthead's or share bar's "today" is no dateline
    date = parse_date(text)
    if not date:
        return None
    rest = re.sub(r"\[[^\]]*\]|[\d\s:：年月日时分秒/.,\-•·【】()（）T]", "", RE_CALENDAR_WORDS.sub("", text))
    prev = blocks[i - 1].text if i else ""
    if len(rest) > DATELINE_EXTRA or prev.rstrip().endswith((":", "：")):
        return None  # the value of another label (开始时间：/ 2024-05-08)
    return date


def from_lines(found: Found, blocks: List[Block]) -> None:
    """Breadcrumb, 网站标识码 and 主办单位 from the page's non-body lines."""
    for block in blocks:
        if block.label == BODY:
            continue
        crumbs = breadcrumb(block.text, "breadcrumb" in block.reason)
        if crumbs:
            found.add("crumb", "breadcrumb", crumbs, "breadcrumb line")
        code = site_id_code(block.text)
        if code:
            found.add("footer", "site_id_code", code, "footer 网站标识码")
        owner = sponsor(block.text)
        if owner:
            found.add("footer", "site", owner, "footer 主办单位")


def official_fields(blocks: List[Block]) -> Dict[str, str]:
    """信息公开 fields, from rows like `索 引 号：… | 主题分类：…` or alternating cells."""
    out: Dict[str, str] = {}
    for block in blocks:
        if block.label == BODY and not block.table_row:
            continue
        text = block.text
        if len(text) <= 2 * rules.LABEL_LINE_MAX and ("：" in text or ":" in text or "|" in text):
            for name, value in official_row(text).items():
                out.setdefault(name, value)
    return out if enough_official(out) else {}


# ---------------------------------------------------------------- winners


def _fill(doc: Document, found: Found, meta: Dict[str, str]) -> None:
    chinese = doc.language == "zh"
    url, origin = found.winner("url", parse=lambda v: absolute_url(v, doc.url))
    _set(doc, "url", url, origin)
    found.add("urldate", "published", url_date(url), "a date in the URL's path")
    for name in ("published", "updated"):
        value, origin = found.winner(name, parse=parse_date)
        _set(doc, name, with_zone(value, chinese), origin)
    source, origin = found.winner("source")
    if source and truncated(source) and meta.get("contentsource", "").startswith(source.rstrip(".…")):
        source, origin = meta["contentsource"], origin + ", completed from <meta ContentSource>"
    _set(doc, "source", source, origin)
    for name in ("author", "site", "section"):
        _set(doc, name, *found.winner(name))
    code, origin = found.winner("site_id_code", parse=valid_site_id)
    _set(doc, "site_id_code", code, origin)
    crumbs = found.get("crumb", "breadcrumb")
    if crumbs:
        _set(doc, "breadcrumb", list(crumbs[0][0]), crumbs[0][1])
        if not doc.section and len(crumbs[0][0]) > 1:
            _set(doc, "section", crumbs[0][0][-1], "last breadcrumb item")


def _set(doc: Document, name: str, value, origin: Optional[str]) -> None:
    """The winner, or None; its origin in doc.provenance."""
    setattr(doc, name, value if value not in ("", []) else None)
    if value not in (None, "", []) and origin:
        doc.provenance[name] = origin


def _first_dateline(blocks: List[Block], hits: List[LabelHit]) -> int:
    """Without a headline: the first label line with a source or date before the body."""
    body_start = _first_body(blocks)
    return next((h.index for h in hits if h.index <= body_start + 1 and any(
        lv.field in ("source", "published") for lv in h.labels)), body_start)


def _first_prose(blocks: List[Block]) -> int:
    """The first body block that is not a heading (a lead heading may be the headline)."""
    return next((i for i, b in enumerate(blocks) if b.label == BODY and not b.heading), len(blocks))


def _first_body(blocks: List[Block]) -> int:
    return next((i for i, b in enumerate(blocks) if b.label == BODY), 0)



def language(text: str, declared: Optional[str] = None) -> Optional[str]:
    """The body's language (script and stopwords, or the page's lang when they agree)."""
    return detect_language(text[:LANGUAGE_SAMPLE], declared)


def _declared_language(root) -> Optional[str]:
    return (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")) \
        if root is not None else None


# ---------------------------------------------------------------- titles

RE_TITLE_SPLIT = re.compile(r"\s+[-–—|｜_]\s+|\s*[_｜|]\s*|\s+[-–—]\s*|\s*[-–—]\s+|--|\s*——\s*|\s*::+\s*"
                            r"|\s+[@»«·•]\s+|(?<=[\u4e00-\u9fff》”）)])-(?=[\u4e00-\u9fff《“（(])")
# A site or section name in brackets after the headline: `欲張りなイヌ ＜福娘童話集＞`,
# `Chapter 1 [Archive of Our Own]`.
RE_BRACKETED_SUFFIX = re.compile(r"\s*[＜<\[【〔][^＜<\[【〔＞>\]】〕]{2,40}[＞>\]】〕]\s*$")
# Markup a CMS printed as text into a title (`<em>…</em>`, `&lt;br&gt;` once unescaped).
RE_MARKUP_TEXT = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
RE_SITE_WORDS = re.compile(
    r"(?i)(网站|门户|政府网|首页|gov\.uk|usagov|usa\.gov|\.gov\b|官方网站|官网|www\.|\.cn\b|\.com\b)")
RE_ORG_END = re.compile(r"(人民政府|委员会|办公室|办公厅|管理局|局|厅|部|委|署|院|中心|政府)$")
RE_DIGIT_CJK_SPACE = re.compile(r"(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \u3000]+(?=\d)")


def normal_title(text: str) -> str:
    """One line; no space between a number and its CJK unit (`2007　年末` -> `2007年末`);
    no markup printed as text, no label before it (`标 题：`, `Title:`, `Titel:`)."""
    text = rules.strip_title_label(RE_MARKUP_TEXT.sub("\0", text.replace("\u3000", " ")))
    if "\0" in text:  # markup between CJK words leaves no space
        text = RE_WIDE_GAP.sub("", text).replace("\0", " ")
    return RE_DIGIT_CJK_SPACE.sub("", re.sub(r"\s+", " ", text).strip())


RE_WIDE_GAP = Deferred(r"(?<=[\u3000-\u9fff\uff00-\uffef])\0+(?=[\u3000-\u9fff\uff00-\uffef])")


def title_parts(title: str) -> List[str]:
    return [p.strip() for p in RE_TITLE_SPLIT.split(title) if p and p.strip()]


def clean_title(title: Optional[str], site: Optional[str] = None, shown: Sequence[str] = ()) -> Optional[str]:
    """A headline without the site's name around it (`- 四川省人民政府网站`, `_湘潭市人民政府网站`,
    `| GOV.UK`, `北京市文化和旅游局_行业传真_…`). A part the page shows as a line wins."""
    if not title:
        return None
    title = normal_title(title)
    bare = RE_BRACKETED_SUFFIX.sub("", title)
    title = bare if tokens(bare) >= 2 or len(bare) >= 4 else title
    parts = title_parts(title)
    if len(parts) < 2:
        return title or None
    shown_keys = {key(s) for s in shown}
    for part in parts:
        if key(part) in shown_keys:
            return part
    site_key = key(site or "")
    keep = [p for p in parts if not RE_SITE_WORDS.search(p) and key(p) != site_key
            and not (site_key and key(p) in site_key)]
    articles = [p for p in keep if not RE_ORG_END.search(p)] or keep
    return max(articles, key=len) if articles else title


def head_titles(root, meta: Optional[Dict[str, str]] = None) -> List[str]:
    """Title hints for the classifier: ArticleTitle, og:title, <title> and their cleaned forms
    (meta: head_meta(root) when the caller has it already)."""
    if root is None:
        return []
    meta = head_meta(root) if meta is None else meta
    site = meta.get("sitename") or meta.get("og:site_name")
    hints = [meta.get(k) for k in ("articletitle", "govuk:title", "og:title", "twitter:title",
                                   "dc.title", "citation_title")]
    hints.append(page_title(root))
    hints = [normal_title(h) for h in hints if h]
    hints += [clean_title(h, site) for h in hints]
    seen, out = set(), []
    for h in hints:
        if h and h not in seen and not placeholder(h):
            seen.add(h)
            out.append(h)
    return out


@dataclass
class Headline:
    """A candidate headline: one line, or up to HEADLINE_LINES lines of one element (<br>)."""

    index: int
    text: str
    heading: int


# The heading levels _agreed and _h1 read (the first two title picks): <h1>..<h3>.
TOP_HEADINGS = (1, 2, 3)
# A headline may be set over this many lines of one element (`<h1>…<br>…<br>…</h1>`).
HEADLINE_LINES = 3


def headlines(blocks: List[Block], top_only: bool = False) -> List[Headline]:
    """Every headline-like line, and every run of up to HEADLINE_LINES lines of one element;
    top_only: those of <h1>..<h3> alone (the list filtered by TOP_HEADINGS, without
    building the rest: an en-gov page has ~1,150 headline-like lines, ~10 of them headings)."""
    out = []
    like = _likeness(blocks, top_only)  # once each: runs look at the next lines again
    for i, block in enumerate(blocks):
        if top_only and block.heading not in TOP_HEADINGS:
            continue
        if block.label == BODY and not block.heading or not like[i]:
            continue  # the body's own lines are not its headline (sub-headings are <hN>)
        text = block.text
        out.append(Headline(i, text, block.heading))
        for j in range(i + 1, min(len(blocks), i + HEADLINE_LINES)):
            nxt = blocks[j]
            if not (block.path and nxt.path == block.path and like[j]):
                break
            text = _join(text, nxt.text)
            out.append(Headline(i, text, block.heading))
    return out


def _likeness(blocks: List[Block], top_only: bool) -> Dict[int, bool]:
    """_headline_like of every block, or (top_only) of the TOP_HEADINGS blocks and the lines
    a run of theirs may take."""
    if not top_only:
        return dict(enumerate(map(_headline_like, blocks)))
    wanted = {j for i, b in enumerate(blocks) if b.heading in TOP_HEADINGS
              for j in range(i, min(len(blocks), i + HEADLINE_LINES))}
    return {j: _headline_like(blocks[j]) for j in wanted}


RE_WIDE = Deferred(r"[\u3000-\u9fff\uff00-\uffef]")


def _join(a: str, b: str) -> str:
    return a + b if RE_WIDE.match(a[-1]) and RE_WIDE.match(b[0]) else a + " " + b


def title_hints(meta: Dict[str, str], root) -> List[str]:
    """What the head says the title is, most trusted first: the guideline's ArticleTitle,
    GOV.UK / OpenGraph titles, then <title> without its site part."""
    site = meta.get("sitename") or meta.get("og:site_name")
    named = [normal_title(meta[k]) for k in ("articletitle", "govuk:title", "og:title",
                                             "twitter:title", "dc.title") if meta.get(k)]
    page = page_title(root) if root is not None else None
    return named + ([t for t in (clean_title(page, site), normal_title(page)) if t] if page else [])


def choose_title(doc: Document, blocks: List[Block], shown: Optional[str], shown_at: Optional[int],
                 hints: Sequence[str], hits: List[LabelHit], meta: Dict[str, str], root) -> Optional[int]:
    """Set doc.title by the title precedence; return the headline's block index (or None).

    1. the page's one <h1> headline, when it shares words with the head's title;
    2. the classifier's headline when the head's most trusted title hint agrees with it;
    3. the line (or lines of one element) matching a title hint best;
    4. the 信息名称 of a 信息公开 table, as the page shows it;
    5. text dumps: the line above the dateline (a label line with a source or date that
       the body follows);
    6. the classifier's headline; 7. the cleaned ArticleTitle / og:title / <title>."""
    hints = title_hints(meta, root)
    named = [h for h in hints if h != normal_title(page_title(root) or "")]  # not the raw <title>
    site = meta.get("sitename") or meta.get("og:site_name")
    top = headlines(blocks, top_only=True) if root is not None else []
    picks = [
        (lambda: _agreed(top, hints, site, _first_prose(blocks)), "the heading the head's titles agree on"),
        (lambda: _h1(top, site, named), "the page's <h1> headline"),
        (lambda: Headline(shown_at, shown, 0) if shown and _agrees(shown, hints[:1]) else None,
         "headline shown on the page"),
        (lambda: _hinted(headlines(blocks) if root is not None else [], hints), "line matching the head's title"),
        (lambda: _official_title(blocks, doc.official), "信息公开 信息名称"),
        (lambda: _above_dateline(blocks, hits) if root is None else None, "line above the dateline"),
        (lambda: Headline(shown_at, shown, 0) if shown else None, "headline shown on the page"),
    ]
    for pick, origin in picks:
        got = pick()
        if got is not None:
            doc.title, doc.provenance["title"] = _as_hinted(got.text, hints), origin
            return got.index
    if hints:
        doc.title, doc.provenance["title"] = clean_title(hints[0], site), "the head's title"
    return None


def _as_hinted(text: str, hints: Sequence[str]) -> str:
    """The shown headline; in the head's spelling when only spacing differs (lines joined),
    never the head's punctuation (its straight quotes for the page's curly ones)."""
    k = RE_SPACES.sub("", normal_title(text))
    return next((normal_title(h) for h in hints if RE_SPACES.sub("", normal_title(h)) == k),
                normal_title(text))


RE_SPACES = re.compile(r"\s+")
# Agreement of a shown heading with a head title: the same words, or the head title starting
# or ending with it (the rest is the site's name); a looser likeness counts for less.
AGREE_EXACT, AGREE_AFFIX = 1.0, 0.9
# A heading that is an affix of a head title is at least this many characters long (a
# shorter one is a section word: "News", "Blog").
AFFIX_MIN_CHARS = 6


def _agreed(lines: List[Headline], hints: Sequence[str], site: Optional[str],
            before: int) -> Optional[Headline]:
    """The heading (<h1>..<h3>) above the body that the head's titles (og:title, <title>, …)
    agree with best: choosing by agreement, not by element, passes over a section name in
    <h1> ("Allergies Health Center") for the article's <h2> headline."""
    site_key = key(site or "")
    best, best_rank = None, (TITLE_AGREE, 0)
    for line in lines:
        if not 1 <= line.heading <= 3 or line.index >= max(before, 1) or rules.chrome_reason(line.text):
            continue
        k = key(line.text)
        if not k or k == site_key:
            continue
        agreement = max((_agreement(k, key(h)) for h in hints), default=0.0)
        if line.heading > 1 and agreement < AGREE_AFFIX:
            continue  # a sub-heading wins over the <h1> by the head's own words only
        rank = (agreement, len(k))
        if rank > best_rank:
            best, best_rank = line, rank
    return best


def _agreement(k: str, hk: str) -> float:
    if k == hk:
        return AGREE_EXACT
    if len(k) >= AFFIX_MIN_CHARS and (hk.startswith(k) or hk.endswith(k)):
        return AGREE_AFFIX
    return key_similarity(k, hk, TITLE_AGREE) * AGREE_AFFIX


def _agrees(shown: str, hints: Sequence[str]) -> bool:
    ks = key(shown)
    return any(similarity(shown, h) >= TITLE_AGREE or (len(ks) > 4 and ks in key(h)) for h in hints)


RE_LABEL_ROW = re.compile(r"^[^:：|]{1,8}[:：]\s*(?:\||$)")


def _headline_like(block: Block) -> bool:
    return not block.hidden and block.tag != "img" and 0 < tokens(block.text) <= TITLE_MAX_TOKENS \
        and not block.text.rstrip().endswith(("。", "：", ":", "；")) and not RE_LABEL_ROW.match(block.text)


def _h1(lines: List[Headline], site: Optional[str], hints: Sequence[str]) -> Optional[Headline]:
    """The one (or one repeated) <h1> headline, not a site banner; the longest reading of
    a headline set over several lines."""
    h1s = [h for h in lines if h.heading == 1]
    if not h1s:
        return None
    best = max(h1s, key=lambda h: (max((similarity(h.text, x) for x in hints), default=0), len(h.text)))
    if any(h.index != best.index and key(h.text) not in key(best.text) for h in h1s):
        return None  # several different <h1>s: not one headline
    text = best.text
    if (site and similarity(text, site) >= TITLE_MATCH) or rules.chrome_reason(text):
        return None  # the site's name as a banner
    if hints and not any(similarity(text, h) >= TITLE_AGREE / 2 for h in hints):
        return None  # a banner <h1> (a department's name) that shares nothing with the title
    return best


def _hinted(lines: List[Headline], hints: Sequence[str]) -> Optional[Headline]:
    best, best_score = None, TITLE_MATCH
    for hint in hints:
        n = len(key(hint))
        for line in lines:
            m = len(key(line.text))
            if 2 * min(m, n) < (TITLE_MATCH - 0.05) * (m + n):
                continue  # the ratio cannot reach TITLE_MATCH: skip difflib
            score = similarity(line.text, hint) + (0.05 if line.heading else 0)
            if score > best_score:
                best, best_score = line, score
    return best


def _official_title(blocks: List[Block], official: Dict[str, str]) -> Optional[Headline]:
    title = official.get("title")
    if not title:
        return None
    k = key(title)
    at = next((b.index for b in blocks if k in key(b.text)), 0)
    return Headline(at, title, 0)


def _above_dateline(blocks: List[Block], hits: List[LabelHit]) -> Optional[Headline]:
    """Text dumps: the headline is the nearest headline-like line above the first dateline
    (a label line with a source or a publish date) before the body, passing over what sits
    between them on these pages (_between_headline_and_dateline)."""
    body_start = _first_body(blocks)
    for hit in hits:
        if hit.index > body_start + 1:
            return None
        if not any(lv.field in ("source", "published") for lv in hit.labels):
            continue
        shown = {key(c) for b in blocks[max(0, hit.index - HEADLINE_LOOKUP):hit.index]
                 for c in breadcrumb(b.text)} | {key(lv.value) for lv in hit.labels if lv.value}
        for j in range(hit.index - 1, max(-1, hit.index - 1 - HEADLINE_LOOKUP), -1):
            b = blocks[j]
            if _between_headline_and_dateline(b, shown):
                continue
            return Headline(j, b.text, 0) if _headline_like(b) and not b.list_item else None
        return None
    return None


RE_PLACEHOLDERS = re.compile(r"\[[^\]]{0,40}\]")  # a dump's image placeholders: [content_ic]
RE_NUMBERISH = re.compile(r"^[\d\s:：/.\-年月日时分秒]+$")


def _between_headline_and_dateline(b: Block, shown) -> bool:
    """Label lines, breadcrumbs, toolbars, images, bare dates and counters, and lines that
    repeat a breadcrumb's items or the dateline's own values (`长江日报` over `来源：长江日报`)."""
    text = RE_PLACEHOLDERS.sub("", b.text).strip()
    return bool(not text or label_line(text) or rules.chrome_reason(text) or breadcrumb(b.text)
                or b.tag == "img" or (b.list_item and tokens(text) <= TOOLBAR_ITEM_TOKENS)
                or RE_NUMBERISH.match(text) or key(text) in shown
                or text.endswith((":", "：")))
