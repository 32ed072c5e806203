"""Metadata sources, one small reader each: meta tags, JSON-LD, scripts that write labels,
link rel=canonical, attachments (HTML); breadcrumb and footer lines (HTML and text)."""
from __future__ import annotations

import json
import re
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import urljoin

from .rules import zh
from .segment import _compiled_walk  # its prefilters pass over elements these readers take nothing from

Candidate = Tuple[str, object, str]  # (field, value, where it came from)

# <meta name=…> (any attribute order and letter case: lxml lower-cases attribute names;
# we lower-case the names) -> field. The national government-website guideline's scheme
# first, then OpenGraph, article:*, GOV.UK govuk:*, Dublin Core.
META_FIELDS = {
    "articletitle": "title", "pubdate": "published", "contentsource": "source",
    "sitename": "site", "sitedomain": "site_domain", "siteidcode": "site_id_code",
    "columnname": "section", "columntype": "column_type", "author": "author", "url": "url",
    "keywords": "keywords", "description": "description",
    "firstpublishedtime": "published", "lastmodifiedtime": "updated",
    "og:title": "og_title", "og:url": "url", "og:site_name": "site",
    "article:published_time": "published", "article:modified_time": "updated",
    "article:author": "author",
    "govuk:first-published-at": "published", "govuk:public-updated-at": "updated",
    "govuk:updated-at": "updated", "govuk:title": "title",
    "dc.title": "title", "dc.date": "published", "dc.date.created": "published",
    "dcterms.created": "published", "dcterms.issued": "published", "dcterms.modified": "updated",
    "citation_title": "title", "twitter:title": "og_title",
    "datepublished": "published", "datemodified": "updated", "dc.date.issued": "published",
    "dcterms.date": "published", "date": "published", "publish-date": "published",
    "publishdate": "published", "publish_date": "published", "parsely-pub-date": "published",
    "sailthru.date": "published", "og:published_time": "published", "og:updated_time": "updated",
    "citation_publication_date": "published", "citation_date": "published",
    "article:published": "published", "article.published": "published", "dc.date.published": "published",
}

# Template placeholders a CMS left unfilled: {{x}}, ${x}, <%=x%>, [#x#], $x$, #x#, null.
RE_PLACEHOLDER = re.compile(
    r"^\s*(?:\{\{.*\}\}|\$!?\{.*\}|<%.*%>|\[#.*#\]|\[.*\]|#.*#|\$[A-Za-z_]\w*\$?|"
    r"null|none|undefined|nan|请输入.*|-+)\s*$", re.I | re.S)



def text_of(el) -> str:
    """All the text inside an element (lxml.html's text_content(), for plain etree elements)."""
    if not len(el):  # no children (most links): the element's own text is all of it
        return el.text or ""
    return "".join(t for t in el.itertext() if isinstance(t, str))

def placeholder(value: str) -> bool:
    return bool(RE_PLACEHOLDER.match(value or ""))


def head_meta(root) -> Dict[str, str]:
    """name/property -> content for every <meta> (first wins), names lower-cased."""
    out: Dict[str, str] = {}
    if root is None:
        return out
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if name and content and name not in out and not placeholder(content):
            out[name] = content
    return out


def meta_candidates(meta: Dict[str, str]) -> Iterator[Candidate]:
    for name, value in meta.items():
        target = META_FIELDS.get(name)
        if target:
            yield target, value, f"<meta {name}>"


def page_title(root) -> Optional[str]:
    el = first_title(root) if root is not None else None
    text = text_of(el) if el is not None else ""
    return re.sub(r"\s+", " ", text).strip() or None


def first_title(root):
    """root.find(".//title"), looked for in a leading <head> first: lxml's searches read
    ahead for the next match, so a whole-tree search costs a whole walk even when the
    title is the head's second element. The head's first title is the first in the page."""
    head = root[0] if len(root) else None
    if head is not None and head.tag == "head":
        el = head.find(".//title")
        if el is not None:
            return el
    return root.find(".//title")


def link_candidates(root) -> Iterator[Candidate]:
    """<link rel=canonical href=…>."""
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and link.get("href"):
            yield "url", link.get("href").strip(), "<link rel=canonical>"


def json_ld_candidates(root) -> Iterator[Candidate]:
    """headline, datePublished, dateModified, author, publisher of JSON-LD objects."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(RE_CDATA.sub("", script.text or ""))
        except ValueError:
            continue
        for item in _ld_items(data):
            for key, target in (("headline", "title"), ("datePublished", "published"),
                                ("dateModified", "updated"), ("url", "url")):
                if isinstance(item.get(key), str):
                    yield target, item[key], f"JSON-LD {key}"
            for key, target in (("author", "author"), ("publisher", "site")):
                name = _ld_name(item.get(key))
                if name:
                    yield target, name, f"JSON-LD {key}"


# XHTML-era pages wrap a script's JSON in a CDATA section (`//<![CDATA[ … //]]>`).
RE_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")

# Elements that mark their publishing time for machines: itemprop=datePublished (a
# <meta>'s content is read with the head's metas), <time pubdate>, a <time> whose class
# names the publishing.
RE_PUBLISH_CLASS = re.compile(r"(?i)publish|posted|created|dateline|entry-date|post-date")


def time_candidates(root) -> Iterator[Candidate]:
    """`<time datetime>` and itemprop=datePublished elements, marked ones first, then the
    first <time> of the page outside navigation, asides and footers."""
    marked, plain = [], []
    walk = _compiled_walk()
    for el in walk.dated_elements(root) if walk else root.iter("time", "span", "div", "p", "abbr"):
        value = el.get("datetime") or el.get("content") or el.get("title") if el.tag == "abbr" \
            else el.get("datetime") or el.get("content")
        published = _data_published(el)
        if published:
            marked.append((published, f"<{el.tag}> data attribute naming the publishing time"))
        if not value:
            continue
        itemprop = (el.get("itemprop") or "").lower()
        if itemprop == "datemodified":
            continue
        if itemprop == "datepublished" or el.get("pubdate") is not None \
                or RE_PUBLISH_CLASS.search(el.get("class") or ""):
            marked.append((value, f"<{el.tag}> marked as the publishing time"))
        elif el.tag == "time" and not _in_chrome(el):
            plain.append((value, "the page's first <time datetime>"))
    for value, origin in marked + plain[:1]:
        yield "published", value, origin


# data-* attributes that name the publishing time (`data-published`, `data-publish-date`,
# `data-published-at`, `data-pubdate`); a bare `data-date` is any widget's date.
RE_DATA_PUBLISHED = re.compile(r"^data-(?:[\w-]*-)?(?:publish(?:ed)?(?:-?(?:date|time|at|on))?|pubdate)$")


def _data_published(el) -> Optional[str]:
    for name, value in el.items():
        if name.startswith("data-") and RE_DATA_PUBLISHED.match(name.lower()) and value:
            return value
    return None


RE_CHROME_ANCESTOR = re.compile(r"(?i)comment|related|sidebar|footer|nav|menu|recommend|teaser|promo")


def _in_chrome(el) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("nav", "aside", "footer") or RE_CHROME_ANCESTOR.search(
                (anc.get("class") or "") + " " + (anc.get("id") or "")):
            return True
    return False


# Dates in a URL path: /2024/03/05/, /2024-03-05/, /2024/0305/ (Chinese news sites),
# /20240305/, t20240305_123.html.
RE_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_\-.]|$)"
    r"|[/t_]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_\-.]|$)")


def url_date(url: Optional[str]) -> Optional[str]:
    """The date a URL's path spells, as YYYY-MM-DD."""
    m = RE_URL_DATE.search(url or "")
    if not m:
        return None
    y, mo, d = [g for g in m.groups() if g]
    return f"{y}-{mo}-{d}"


def _ld_items(data) -> List[dict]:
    if isinstance(data, list):
        return [x for d in data for x in _ld_items(d)]
    if isinstance(data, dict):
        return [data] + [x for x in _ld_items(data.get("@graph", []))]
    return []


def _ld_name(value) -> Optional[str]:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


# ---------------------------------------------------------------- scripts that write labels

# Inline scripts longer than this are libraries, not a dateline writer.
SCRIPT_MAX = 3000
RE_DOC_WRITE = re.compile(
    r"document\.write(?:ln)?\s*\(\s*(?:(['\"])(?P<lit>(?:\\.|(?!\1).)*)\1|(?P<var>[A-Za-z_$][\w$]*))\s*\)", re.S)
RE_ASSIGN = re.compile(r"(?P<var>[A-Za-z_$][\w$]*)\s*=\s*(['\"])(?P<lit>(?:\\.|(?!\2).)*)\2")
RE_READS_META = re.compile(r"(?i)getElementsByName\s*\(\s*['\"](\w+)['\"]\s*\)|meta\[name=['\"]?(\w+)")
RE_TAG = re.compile(r"<[^>]*>")
RE_LABEL_END = re.compile(r"[:：]\s*$")
# How much text before a script may hold the label the script completes (`来源：<script>`).
LABEL_BEFORE_SCRIPT = 24


def script_lines(root, meta: Dict[str, str]) -> Iterator[Tuple[str, str]]:
    """(line, origin) for what inline scripts write into the page: `来源：` + the value a
    `document.write` would print (a string literal, a variable holding one, or a meta tag
    it reads). Only scripts that print next to a label, or print a label themselves."""
    walk = _compiled_walk()
    for script in walk.writing_scripts(root) if walk else root.iter("script"):
        code = script.text or ""
        if script.get("src") or "document.write" not in code or len(code) > SCRIPT_MAX:
            continue
        written = _written(code, meta)
        if not written:
            continue
        before = _text_before(script)
        label = before if RE_LABEL_END.search(before) else ""
        yield (label + written).strip(), "text an inline script writes"


def _written(code: str, meta: Dict[str, str]) -> str:
    """The first non-empty text the script's document.write calls print."""
    assigned: Dict[str, str] = {}
    for m in RE_ASSIGN.finditer(code):
        assigned.setdefault(m.group("var"), m.group("lit"))
    reads = [n for pair in RE_READS_META.findall(code) for n in pair if n]
    for m in RE_DOC_WRITE.finditer(code):
        if m.group("lit") is not None:
            value = m.group("lit")
        else:
            value = assigned.get(m.group("var")) or next(
                (meta[n.lower()] for n in reads if n.lower() in meta), "")
        value = re.sub(r"\s+", " ", RE_TAG.sub(" ", _unescape(value))).strip()
        if value:
            return value
    return ""


def _unescape(s: str) -> str:
    return s.replace("\\'", "'").replace('\\"', '"').replace("\\/", "/")


def _text_before(el) -> str:
    """The last few characters of text before el inside its parent (`来源：`)."""
    parent = el.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for sib in parent:
        if sib is el:
            break
        if isinstance(sib.tag, str) and sib.tag not in ("script", "style"):
            parts.append(text_of(sib))
        parts.append(sib.tail or "")
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    if not text and parent.getparent() is not None:
        prev = parent.getprevious()
        text = re.sub(r"\s+", " ", text_of(prev) if prev is not None else "").strip()
    return text[-LABEL_BEFORE_SCRIPT:]


# ---------------------------------------------------------------- attachments

ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd", "zip", "rar", "7z",
                    "ppt", "pptx", "et", "dps", "csv")
RE_ATTACHMENT = re.compile(r"(?i)\.(?:" + "|".join(ATTACHMENT_TYPES) + r")$")
RE_ATTACHMENT_NAME = re.compile(r"(?i)\.(?:" + "|".join(ATTACHMENT_TYPES) + r")\s*$")


# Link schemes an output may carry; any other (javascript:, vbscript:, data:, file:, and
# whatever a browser may add) is dropped with its link. Relative links have no scheme.
SAFE_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})
# A scheme as browsers read one: white space and controls inside it are ignored
# ("java\tscript:", " javascript:").
RE_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
RE_URL_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def safe_link(href: str) -> bool:
    """The link has no scheme (relative) or one of SAFE_SCHEMES."""
    if ":" not in href or href.startswith(("http://", "https://")):
        return True  # no scheme at all, or a plain one: what the regexes would say
    m = RE_SCHEME.match(RE_URL_IGNORED.sub("", href))
    return m is None or m.group(1).lower() in SAFE_SCHEMES


def attachments(root, base: Optional[str]) -> List[Dict[str, str]]:
    """Links to documents (by the href's file type, or a link text naming a file), in page
    order, once each (the 长辈版 copy links the same files again); unsafe schemes dropped."""
    out, seen = [], set()
    walk = _compiled_walk()
    for a in walk.attachment_links(root) if walk else root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        path = href.split("#", 1)[0].split("?", 1)[0]
        # both patterns need a dot, the last one (no file type holds a dot): one match there
        if "." not in path or not RE_ATTACHMENT.match(path, path.rfind(".")):
            text = text_of(a)
            if "." not in text or not RE_ATTACHMENT_NAME.match(text, text.rfind(".")):
                continue
        if not safe_link(href):  # after the file-type tests: most links are no document
            continue
        name = re.sub(r"\s+", " ", text_of(a)).strip()
        full = urljoin(base, href) if base and "://" in base else href
        if full not in seen:
            seen.add(full)
            out.append({"name": name or path.rsplit("/", 1)[-1], "href": full})
    return out


def absolute_url(value: Optional[str], base: Optional[str]) -> Optional[str]:
    """An http(s) URL; relative values are resolved against base, or dropped without one."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"(?i)^https?://", value):
        return value
    if base and re.match(r"(?i)^https?://", base) and not placeholder(value):
        return urljoin(base, value)
    return None


# ---------------------------------------------------------------- lines: breadcrumb, footer

RE_BREADCRUMB_LEAD = re.compile(
    r"^\s*(?:" + zh.BREADCRUMB_LEADS + r"|You are here|Breadcrumb)\s*[:：]?\s*", re.I)
RE_BREADCRUMB_SPLIT = re.compile(r"\s*(?:>>|»|›|＞|>|→|/|\\|〉|》)\s*")
RE_BREADCRUMB_HOME = re.compile(r"^\s*(?:首页|主页|网站首页|Home)\s*(?:>>|»|›|＞|>|→|/|〉)", re.I)
# A breadcrumb line is short: the longest in ../shared/corpus is ~70 characters.
BREADCRUMB_MAX = 160
RE_PLACEHOLDER_LEAD = re.compile(r"^\s*\[[^\]]{0,40}\]\s*")  # a dump's image placeholder: [home-1]
RE_SITE_ID = re.compile(r"(?:政府网站标识码|网站标识码|网站识别码)\s*[:：]?\s*((?:bm)?\d{8,10})", re.I)
RE_SPONSOR = re.compile(r"(?:主办单位|网站主办|主办)\s*[:：]\s*([^\s|｜,，;；:：]+?)(?=\s|[|｜,，;；]|承办|协办|$)")
RE_SPONSOR_TAIL = re.compile(r"(承办单位|协办单位|技术支持|地址|电话|联系|网站标识码|政府网站标识码|ICP).*$")


def breadcrumb(text: str, in_breadcrumb: bool = False) -> List[str]:
    """The path a breadcrumb line shows (`当前位置：首页 > 科技动态 > 媒体聚焦`), or []."""
    if len(text) > BREADCRUMB_MAX:
        return []
    if "[" in text:  # where every RE_PLACEHOLDER_LEAD match begins
        text = RE_PLACEHOLDER_LEAD.sub("", text)
    lead = RE_BREADCRUMB_LEAD.match(text)
    if not (lead or in_breadcrumb or RE_BREADCRUMB_HOME.match(text)):
        return []
    rest = text[lead.end():] if lead else text
    crumbs = [c.strip(" \u3000:：") for c in RE_BREADCRUMB_SPLIT.split(rest)]
    crumbs = [re.sub(r"^\[[^\]]*\]\s*", "", c) for c in crumbs if c.strip(" \u3000:：")]
    crumbs = [c for c in crumbs if c]
    return crumbs if len(crumbs) >= 2 else []


# Words every RE_SITE_ID / RE_SPONSOR label holds: a line without it skips the regex.
SITE_ID_WORD = "网站"
SPONSOR_WORD = "主办"


def site_id_code(text: str) -> Optional[str]:
    if SITE_ID_WORD not in text:
        return None
    m = RE_SITE_ID.search(text)
    return m.group(1) if m else None


def sponsor(text: str) -> Optional[str]:
    """The 主办单位 a footer names (the site's owner)."""
    if SPONSOR_WORD not in text:
        return None
    m = RE_SPONSOR.search(text)
    if not m:
        return None
    value = RE_SPONSOR_TAIL.sub("", m.group(1)).strip()
    return value or None


RE_SITE_ID_VALID = re.compile(r"(?:\d{10}|bm\d{8})", re.I)


def valid_site_id(code: Optional[str]) -> Optional[str]:
    """政府网站标识码: ten digits, or `bm` and eight digits (ministries); anything else is None."""
    if code and RE_SITE_ID_VALID.fullmatch(code.strip()):
        return code.strip()
    return None
