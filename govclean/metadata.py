"""Metadata: fields from meta tags, label lines, breadcrumb, footer, 信息公开 table and URL -> one winner each."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple
from urllib.parse import urljoin, urlparse

from . import rules
from .model import BODY, CHROME, METADATA, TITLE, Block, Document
from .textutil import cjk_share, similarity

# ---------------------------------------------------------------- dates

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_SEP = r"\s*[-/.年]\s*"
RE_YMD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})" + _SEP + r"(\d{1,2})" + r"\s*[-/.月]\s*" + r"(\d{1,2})(?!\d)\s*日?"
    r"(?:[\sT-]*(\d{1,2})\s*[:时點点]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?)?")
RE_CN_YMD = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
RE_DMY = re.compile(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+((?:19|20)\d{2})\b")
RE_MDY = re.compile(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b")
RE_ISO_TZ = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?")


def parse_date(text: str) -> Optional[str]:
    """The first date in text as ISO 8601: 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SS' (naive)."""
    if not text:
        return None
    m = RE_ISO_TZ.search(text)
    if m and m.group(3):
        tz = m.group(3) if m.group(3) != "Z" else "+00:00"
        tz = tz if ":" in tz or tz == "+00:00" else tz[:3] + ":" + tz[3:]
        clock = m.group(2) if m.group(2).count(":") == 2 else m.group(2) + ":00"
        return f"{m.group(1)}T{clock}{tz}"
    m = RE_YMD.search(text)
    if m:
        return _ymd(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6))
    m = RE_CN_YMD.search(text)
    if m:
        year = "".join(str(CN_DIGITS.get(c, 0)) for c in m.group(1))
        return _ymd(year, str(_cn_number(m.group(2))), str(_cn_number(m.group(3))))
    for rx, order in ((RE_DMY, (3, 2, 1)), (RE_MDY, (3, 1, 2))):
        for m in rx.finditer(text):
            month = MONTHS.get(m.group(order[1]).lower())
            if month:
                return _ymd(m.group(order[0]), str(month), m.group(order[2]))
    return None


def _cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if len(s) == 3 or (len(s) == 2 and s.endswith("十")):
        return CN_DIGITS[s[0]] * 10 + (CN_DIGITS[s[2]] if len(s) == 3 else 0)
    return CN_DIGITS[s[0]]


def _ymd(y, mo, d, h=None, mi=None, s=None) -> Optional[str]:
    year, month, day = int(y), int(mo), int(d)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if h is not None and mi is not None:
        hour, minute, sec = int(h), int(mi), int(s or 0)
        # 00:00 is what CMSs print when no time was entered: not a time shown
        if (hour, minute, sec) != (0, 0, 0) and hour < 24 and minute < 60 and sec < 60:
            out += f"T{hour:02d}:{minute:02d}:{sec:02d}"
    return out


def with_zone(value: Optional[str], chinese: bool) -> Optional[str]:
    """A shown time on a Chinese government page is Beijing time (+08:00)."""
    if value and "T" in value and chinese and not re.search(r"[+-]\d{2}:\d{2}$", value):
        return value + "+08:00"
    return value


# ---------------------------------------------------------------- titles

RE_TITLE_SPLIT = re.compile(r"\s+[-–—|｜_]\s+|\s*[_｜|]\s*|\s+-\s*|--")
RE_SITE_WORDS = re.compile(r"(?i)(网站|门户|政府网|人民政府|首页|gov\.uk|usagov|usa\.gov|\.gov\b|官方网站|官网)")


def clean_title(title: Optional[str], site: Optional[str] = None) -> Optional[str]:
    """A headline without the site suffix (`- 四川省人民政府网站`, `| GOV.UK`)."""
    if not title:
        return None
    title = re.sub(r"\s+", " ", title).strip()
    parts = [p.strip() for p in RE_TITLE_SPLIT.split(title) if p and p.strip()]
    if len(parts) > 1:
        keep = [p for p in parts if not RE_SITE_WORDS.search(p) and (not site or p != site)]
        if keep:
            title = max(keep, key=len) if len(keep) > 1 and not _joined(keep, title) else " ".join(keep)
    return title or None


def _joined(parts: List[str], title: str) -> bool:
    return False


# ---------------------------------------------------------------- sources


@dataclass
class Found:
    """Every candidate value, by field, in precedence order, with where it came from."""

    values: Dict[str, List[Tuple[str, str]]] = field(default_factory=dict)

    def add(self, name: str, value, origin: str) -> None:
        if value is None or value == "" or value == []:
            return
        if isinstance(value, str):
            value = re.sub(r"\s+", " ", value).strip()
            if not value:
                return
        self.values.setdefault(name, []).append((value, origin))

    def first(self, name: str):
        got = self.values.get(name)
        return got[0] if got else (None, None)


META_FIELDS = {
    "articletitle": "title", "pubdate": "published", "contentsource": "source",
    "sitename": "site", "siteidcode": "site_id_code", "columnname": "section",
    "author": "author", "url": "url", "sitedomain": "site_domain", "columntype": "column_type",
    "keywords": "keywords", "description": "description", "firstpublishedtime": "published",
    "lastmodifiedtime": "updated_meta",
    "og:title": "og_title", "og:url": "url", "og:site_name": "site",
    "article:published_time": "published", "article:modified_time": "updated",
    "govuk:first-published-at": "published", "govuk:public-updated-at": "updated",
    "govuk:updated-at": "updated_meta", "dc.title": "title", "dc.date": "published",
    "dcterms.created": "published", "dcterms.modified": "updated", "citation_title": "title",
    "twitter:title": "og_title",
}


def head_meta(root) -> Dict[str, str]:
    """name/property -> content for every <meta> (first wins), lower-cased names."""
    out: Dict[str, str] = {}
    if root is None:
        return out
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if name and content and content.strip() and name not in out:
            out[name] = content.strip()
    return out


def head_titles(root) -> List[str]:
    """Title hints for the classifier: ArticleTitle, og:title, <title>, <h1>."""
    if root is None:
        return []
    meta = head_meta(root)
    hints = [meta.get(k) for k in ("articletitle", "og:title", "twitter:title", "dc.title")]
    title_el = root.find(".//title")
    if title_el is not None and title_el.text_content():
        hints.append(title_el.text_content())
    hints += [clean_title(h) for h in hints if h]
    seen, out = set(), []
    for h in hints:
        h = (h or "").strip()
        if h and h not in seen and not _placeholder(h):
            seen.add(h)
            out.append(h)
    return out


def _placeholder(value: str) -> bool:
    return bool(re.search(r"^\s*(\{\{.*\}\}|\$\{.*\}|<%.*%>|\[.*\]|#.*#|null|none|undefined)\s*$", value, re.I))


def from_meta(found: Found, root) -> None:
    meta = head_meta(root)
    for name, value in meta.items():
        target = META_FIELDS.get(name)
        if target and not _placeholder(value):
            found.add("meta:" + target, value, f"<meta {name}>")
    if root is not None:
        for link in root.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                found.add("meta:url", link.get("href"), "<link rel=canonical>")
        title_el = root.find(".//title")
        if title_el is not None:
            found.add("meta:html_title", title_el.text_content(), "<title>")
        for script in root.iter("script"):
            if (script.get("type") or "").lower() == "application/ld+json":
                _from_json_ld(found, script.text or "")


def _from_json_ld(found: Found, text: str) -> None:
    try:
        data = json.loads(text)
    except ValueError:
        return
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        found.add("meta:title", item.get("headline") if isinstance(item.get("headline"), str) else None,
                  "JSON-LD headline")
        for k, target in (("datePublished", "published"), ("dateModified", "updated")):
            if isinstance(item.get(k), str):
                found.add("meta:" + target, item[k], f"JSON-LD {k}")
        author = item.get("author")
        if isinstance(author, dict):
            author = author.get("name")
        if isinstance(author, str):
            found.add("meta:author", author, "JSON-LD author")


def from_labels(found: Found, blocks: List[Block], anchor: int) -> None:
    """Label lines, nearest to the headline first (a page may repeat them in a second copy)."""
    order = sorted(range(len(blocks)), key=lambda i: (abs(i - anchor), i))
    for i in order:
        block = blocks[i]
        if block.label not in (METADATA, CHROME, "") and block.label != BODY:
            continue
        for name, label, value in rules.label_fields(block.text):
            if name in ("published", "updated"):
                if "更新" in label or name == "updated":
                    found.add("label:updated", parse_date(value), f"label {label}")
                else:
                    found.add("label:published", parse_date(value), f"label {label}")
                found.add("label:" + name + "_raw", value, f"label {label}")
            else:
                found.add("label:" + name, _label_value(value), f"label {label}")


def _label_value(value: str) -> Optional[str]:
    value = re.split(r"\s{2,}|\s+(?=\S+\s*[:：])", value.strip())[0] if value else value
    value = (value or "").strip(" ,，;；。")
    return value or None


RE_BREADCRUMB_SPLIT = re.compile(r"\s*(?:>>|»|›|＞|>|/|→|\\)\s*")
RE_BREADCRUMB_LEAD = re.compile(r"^\s*(?:" + rules.zh.BREADCRUMB_LEADS + r"|You are here)\s*[:：]?\s*", re.I)
RE_SITE_ID = re.compile(r"(?:网站标识码|网站识别码)\s*[:：]?\s*((?:bm)?\d{8,10})", re.I)
RE_SPONSOR = re.compile(r"(?:主办单位|网站主办|主办)\s*[:：]\s*([^\s|｜,，;；]+)")


def from_page_text(found: Found, blocks: List[Block]) -> None:
    """Breadcrumb, site ID code and sponsoring unit from the page's lines."""
    for block in blocks:
        text = block.text
        if block.label != BODY and "breadcrumb" in block.reason or RE_BREADCRUMB_LEAD.match(text) \
                and len(text) < 200:
            crumbs = [c.strip() for c in RE_BREADCRUMB_SPLIT.split(RE_BREADCRUMB_LEAD.sub("", text))]
            crumbs = [c for c in crumbs if c]
            if len(crumbs) >= 2:
                found.add("page:breadcrumb", crumbs, "breadcrumb line")
        m = RE_SITE_ID.search(text)
        if m and block.label != BODY:
            found.add("page:site_id_code", m.group(1), "footer 网站标识码")
        m = RE_SPONSOR.search(text)
        if m and block.label != BODY:
            found.add("page:site", m.group(1), "footer 主办单位")


RE_ATTACHMENT = re.compile(r"(?i)\.(pdf|docx?|xlsx?|wps|ofd|zip|rar|7z|pptx?|et|dps|csv|txt)(?:[?#].*)?$")


def attachments(root, base: Optional[str]) -> List[Dict[str, str]]:
    if root is None:
        return []
    out, seen = [], set()
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or not RE_ATTACHMENT.search(href.split("?")[0] + ("" if "?" not in href else "")):
            continue
        name = re.sub(r"\s+", " ", a.text_content() or "").strip() or href.rsplit("/", 1)[-1]
        full = urljoin(base, href) if base else href
        if full not in seen:
            seen.add(full)
            out.append({"name": name, "href": full})
    return out


# ---------------------------------------------------------------- reconciliation

OFFICIAL_LABELS = [
    ("index_number", r"索\s*引\s*号|信息索引"), ("topic", r"主\s*题\s*分\s*类|分\s*类"),
    ("issuer", r"发\s*文\s*机\s*关|发\s*布\s*机\s*构|发\s*文\s*单\s*位"),
    ("written", r"成\s*文\s*日\s*期"), ("doc_number", r"发\s*文\s*字\s*号|文\s*号"),
    ("published", r"发\s*布\s*日\s*期"), ("validity", r"有\s*效\s*性|效\s*力\s*状\s*态"),
    ("keywords", r"主\s*题\s*词"),
]
RE_OFFICIAL = re.compile(
    r"(?P<label>" + "|".join(f"(?P<{k}>{p})" for k, p in OFFICIAL_LABELS) + r")\s*[:：|｜]\s*")


def official_fields(blocks: List[Block]) -> Dict[str, str]:
    """信息公开 table fields, from rows like `索 引 号：… | 主题分类：…` or alternating cells."""
    out: Dict[str, str] = {}
    for block in blocks:
        if block.label == BODY and not block.table_row:
            continue
        matches = list(RE_OFFICIAL.finditer(block.text))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(block.text)
            value = block.text[m.end():end].strip(" |｜:：")
            name = next(k for k, v in m.groupdict().items() if v and k != "label")
            if value and name not in out and len(value) < 200:
                out[name] = parse_date(value) if name in ("written", "published") and parse_date(value) else value
    # 发布日期 alone is a label line, not a 信息公开 table
    return out if set(out) - {"published"} else {}


def valid_site_id(code: Optional[str]) -> Optional[str]:
    if code and re.fullmatch(r"(?:\d{10}|bm\d{8})", code.strip(), re.I):
        return code.strip()
    return None


def build_document(doc: Document, blocks: List[Block], *, root=None, title: Optional[str] = None,
                   title_block: Optional[int] = None, hints: Sequence[str] = ()) -> Document:
    """Fill the Document's metadata fields by a fixed precedence; record where each came from."""
    found = Found()
    from_meta(found, root)
    from_labels(found, blocks, title_block if title_block is not None else _first_body(blocks))
    from_page_text(found, blocks)
    chinese = cjk_share(doc.text or title or "") > 0.3
    _pick(doc, found, "url", ["meta:url"], default=doc.url)
    site, _ = found.first("meta:site")
    doc.site = _choose(doc, found, "site", ["meta:site", "page:site"])
    doc.title = _title(doc, found, title, hints)
    doc.published = with_zone(_date(doc, found, "published", ["label:published", "meta:published"]), chinese)
    doc.updated = with_zone(_date(doc, found, "updated", ["label:updated", "meta:updated"]), chinese)
    doc.source = _source(doc, found)
    doc.author = _choose(doc, found, "author", ["label:author", "meta:author"])
    doc.site_id_code = valid_site_id(_choose(doc, found, "site_id_code", ["meta:site_id_code", "page:site_id_code"]))
    doc.section = _choose(doc, found, "section", ["meta:section"])
    crumbs, origin = found.first("page:breadcrumb")
    doc.breadcrumb = list(crumbs or [])
    if crumbs:
        doc.provenance["breadcrumb"] = origin
    if not doc.section and doc.breadcrumb:
        doc.section = doc.breadcrumb[-1]
    doc.official = official_fields(blocks)
    if not doc.published and doc.official.get("published"):
        doc.published = doc.official["published"]
    doc.attachments = attachments(root, doc.url)
    doc.language = _language(doc.text or doc.title or "")
    return doc


def _first_body(blocks: List[Block]) -> int:
    return next((i for i, b in enumerate(blocks) if b.label == BODY), 0)


def _choose(doc: Document, found: Found, name: str, keys: Sequence[str]):
    for k in keys:
        value, origin = found.first(k)
        if value:
            doc.provenance[name] = origin
            return value
    return None


def _pick(doc: Document, found: Found, name: str, keys: Sequence[str], default=None) -> None:
    value = _choose(doc, found, name, keys)
    if default:
        doc.provenance[name] = "the file's saved-from comment"
    setattr(doc, name, default or value)


def _title(doc: Document, found: Found, shown: Optional[str], hints: Sequence[str]) -> Optional[str]:
    if shown:
        doc.provenance["title"] = "headline shown on the page"
        return clean_title(shown, doc.site) if len(shown) > 200 else re.sub(r"\s+", " ", shown).strip()
    for k in ("meta:title", "meta:og_title", "meta:html_title"):
        value, origin = found.first(k)
        if value:
            doc.provenance["title"] = origin
            return clean_title(value, doc.site)
    return None


def _date(doc: Document, found: Found, name: str, keys: Sequence[str]) -> Optional[str]:
    for k in keys:
        for value, origin in found.values.get(k, []):
            parsed = parse_date(value) if k.startswith("meta:") else value
            if parsed:
                doc.provenance[name] = origin
                return parsed
    return None


def _source(doc: Document, found: Found) -> Optional[str]:
    value, origin = found.first("label:source")
    if value:
        doc.provenance["source"] = origin
        return value
    return None


def _language(text: str) -> Optional[str]:
    letters = sum(1 for c in text[:5000] if c.isalpha())
    if not letters:
        return None
    share = cjk_share(text[:5000])
    if share > 0.3:
        return "zh"
    if sum(1 for c in text[:5000] if c.isascii() and c.isalpha()) > 0.7 * letters:
        return "en"
    return None
