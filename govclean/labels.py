"""Label lines (来源：… 发布时间：…, Published: …) and 信息公开 tables -> (field, label, value)."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Dict, Tuple

from .dates import parse_date
from .rules import LABEL_LINE_MAX, TABLES  # one bound for the classifier and metadata
from .textutil import Deferred, has_sentence

# One name label (source, author, editor: not a date) whose value is a sentence longer
# than this is a speaker's turn in a transcript (`新华社记者：我们注意到……？`), not a label
# line. On ../shared/corpus the longest such value that holds a sentence mark is 17
# characters (zh-gov, en-gov, their dumps, web, aeb; name values without one reach 44);
# the questions of mfa-txt's press conferences run from about 25 to 300 (at 40, 144k of
# their characters stayed out of the body; 24 keeps them and loses 5k elsewhere).
SPEAKER_TURN_MIN = 24

# Text before the first label (a bare date, a site name) is allowed up to this length:
# `2024-03-03 15:54:07 来源:…`, `河南省人民政府门户网站 www.henan.gov.cn 时间：…`.
LABEL_PREFIX_MAX = 48
# A label value longer than this is prose that happens to follow a colon.
VALUE_MAX = 100

# Spaces that may pad a Chinese label (`来 源：`), any number of them: written so that re
# compiles it without a 64K-entry character map (`[ \u3000\xa0]*` costs ~60 us to compile,
# and the label patterns hold it about 140 times: half their compile time), same matches.
PAD = r"[ \xa0]*(?:\u3000[ \xa0]*)*"


def _cjk(word: str) -> bool:
    """Every character a CJK ideograph (tested without a regular expression: compiling a
    CJK range costs 1-2 ms of start-up)."""
    return bool(word) and all("\u3400" <= c <= "\u4dbf" or "\u4e00" <= c <= "\u9fff" for c in word)


def _pad(word: str) -> str:
    """A Chinese label may be padded with spaces between its characters (`来 源：`)."""
    if _cjk(word):
        return PAD.join(word)
    return re.escape(word).replace(r"\ ", r"\s+")


def _label_regex() -> "re.Pattern[str]":
    glued, spaced = [], []
    for table in TABLES.values():
        for name, words in table.LABEL_WORDS:
            for word in words:
                (glued if word in table.GLUED_LABELS else spaced).append((len(word), name, word))
    parts, n = [], 0
    for group, boundary in ((glued, ""), (spaced, r"(?:^|(?<=[\s|｜【\[（(•·:：,，;；]))")):
        alternatives = []
        for _, name, word in sorted(group, reverse=True):
            alternatives.append(f"(?P<{name}_{n}>{_pad(word)})")
            n += 1
        parts.append(boundary + "(?:" + "|".join(alternatives) + ")")  # the boundary tested once
    return re.compile(r"[【\[]?\s*(?:" + "|".join(parts) + r")\s*[】\]]?\s*[:：]\s*", re.I)


RE_LABEL = _label_regex()


def group_field(m: "re.Match[str]") -> str:
    """The field a match of RE_LABEL or RE_OFFICIAL names (`published_12` -> `published`).
    Their only groups are the named word alternatives, so exactly one took part and it is
    the match's lastgroup (groupdict() built a dict of all 165 groups: 9 us a match)."""
    return m.lastgroup.rsplit("_", 1)[0]
# A Latin word right before a Latin label word (`Air Date:`, `Event Date:`, `Closing Date:`).
RE_COMPOUND_LEFT = re.compile(r"[A-Za-z]\s*$")


def _label_start_regex() -> "re.Pattern[str]":
    """Where an RE_LABEL match can begin: its opening bracket, white space, or a label
    word's first character (case-blind like RE_LABEL, so every spelling it folds)."""
    firsts = sorted({word[0] for table in TABLES.values() for _, words in table.LABEL_WORDS
                     for word in words})
    return re.compile("[" + "".join(re.escape(c) for c in firsts) + r"\s【\[]", re.I)


RE_LABEL_START = _label_start_regex()
RE_COLON = re.compile("[:：]")
RE_WHITE = re.compile(r"\s")


# RE_LABEL's matches end at the first colon after their start (no label word holds one),
# and between the two stand an optional bracket, the word and white space: without white
# space there, at most this many characters (the longest word without a space, 2 brackets)...
LABEL_SPAN_MAX = 2 + max(len(word) for table in TABLES.values() for _, words in table.LABEL_WORDS
                         for word in words if not RE_WHITE.search(word))
# ... and with white space, at most this many other characters (the longest word's).
LABEL_CHARS_MAX = 2 + max(len("".join(word.split())) for table in TABLES.values()
                          for _, words in table.LABEL_WORDS for word in words)


def label_matches(text: str, first_only: bool = False) -> list:
    """list(RE_LABEL.finditer(text)) (or its first match alone), the regex tried only where
    a match can begin (its hundreds of alternatives cost ~3 us at every position of a line):
    where a label word may start, close enough to the next colon (LABEL_SPAN_MAX)."""
    out, pos, colon = [], 0, -1
    for start in RE_LABEL_START.finditer(text):
        at = start.start()
        if at < pos:
            continue
        if colon < at:
            found = RE_COLON.search(text, at)
            if found is None:
                break  # every match holds a colon: none after this start
            colon = found.start()
        if colon - at > LABEL_SPAN_MAX and _too_far(text, at, colon) or not _may_match(text, at, colon):
            continue
        m = RE_LABEL.match(text, at)
        if m:
            out.append(m)
            if first_only:
                break
            pos = m.end()
    return out


def _label_end_regex() -> "re.Pattern[str]":
    """What every RE_LABEL match ends with: a label word's last character, then an optional
    bracket and the colon. A line without it cannot hold a label (a cheap test first)."""
    last = sorted({word[-1] for table in TABLES.values() for _, words in table.LABEL_WORDS
                   for word in words})
    return re.compile("[" + "".join(re.escape(c) for c in last) + r"]\s*[】\]]?\s*[:：]", re.I)


RE_LABEL_END = _label_end_regex()
# Every label word, lower-cased, by a part any spelling of it holds (a padded `来 源`
# holds `源`, `Published  on` holds `published`).
LABEL_WORDS_FOLDED = tuple(sorted({(w.split()[0] if not _cjk(w) else w[-1]).lower()
                                   for t in TABLES.values() for _, ws in t.LABEL_WORDS for w in ws}))
# The same words as one alternation of literals: a search finds whether a line holds any
# of them in one pass (`any(w in line for w in ...)` makes ~100 scans and a Python step each).
RE_LABEL_WORD_FOLDED = Deferred("|".join(re.escape(w) for w in LABEL_WORDS_FOLDED))
# Where a value stops besides the next label: wide gaps, separators, brackets, and the
# toolbar words that follow a dateline (字号 大中小, 分享, 打印, 下载 收藏, 浏览/点击 counters).
RE_VALUE_STOP = re.compile(
    r"\s{2,}|[\u3000|｜【】\[\]\t]|(?:字号|字体|分享|打印|收藏|下载|纠错|关闭|浏览|点击|阅读|"
    r"扫一扫|视力保护|默认|Share|Print)")
# The value of a url label: an http(s) address and nothing after it but spaces.
RE_URL_VALUE = re.compile(r"\s*(https?://\S+)\s*$", re.I)
# A date inside a value ends a name: `来源：云南日报 2016-08-11 08:13:00`.
RE_DATE_START = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|[〇零○一二三四五六七八九]{4}年")
# Lines that hold a page-generation time or today's date, never a publish date.
RE_GENERATED = re.compile(r"页面生成时间|生成日期|生成时间|今天是|今日是|现在是|publishdate\s*:", re.I)
RE_ELLIPSIS = re.compile(r"(?:\.{3}|…+|\.\.)$")
DATE_FIELDS = ("published", "updated")


@dataclass
class LabelValue:
    """One label on a line: the field it names, the label as shown, its value (may be '')."""

    field: str
    label: str
    value: str
    raw: str  # the text between this label and the next


# GOV.UK and agency pages write `Published 12 March 2024`, `Last updated 3 April 2024`;
# other languages alike: `Veröffentlicht am 5. März 2024`, `Publié le 5 mars 2024`,
# `Mis à jour le …`, `Publicado el …` (the label words of every table in rules/).
EN_DATELINE_WORDS = {"updated": ["page last reviewed", "last reviewed", "page last updated"],
                     "published": ["first published", "posted", "released"]}


def _wide(word: str) -> bool:
    """A word with a CJK, kana or Hangul character: not an English-style dateline word."""
    return any("\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3" for c in word)


def _longest_first(word: str):
    return -len(word), word  # a set's words in one order whatever the hash seed


def _dateline_regex() -> Deferred:
    words = {"published": [], "updated": []}
    for table in TABLES.values():
        for name, ws in table.LABEL_WORDS:
            if name in words:
                words[name] += [w for w in ws if not _wide(w)]
    for name, ws in EN_DATELINE_WORDS.items():
        words[name] += ws
    alt = {n: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(ws), key=_longest_first))
           for n, ws in words.items()}
    return Deferred(rf"(?i)^\s*(?:(?P<updated>{alt['updated']})|(?P<published>{alt['published']}))"
                    r"(?:\s+(?:on|am|le|el|em|il|op|den))?\s*[:：]?\s+(?=\d|[^\W\d_]+\.?\s+\d)")


RE_EN_DATELINE = _dateline_regex()
# A cheap test before RE_EN_DATELINE: the first letters its label words start with.
# (Only the words it holds: a Chinese dateline, 发布时间：…, never compiles it.)
EN_DATELINE_INITIALS = frozenset(
    c for t in TABLES.values() for name, ws in t.LABEL_WORDS if name in ("published", "updated")
    for w in ws + [x for xs in EN_DATELINE_WORDS.values() for x in xs] if not _wide(w)
    for c in (w[0].lower(), w[0].upper()))
# Distinct lines label_line() remembers (a batch of one site repeats its label lines).
LINE_CACHE = 8192


@lru_cache(maxsize=LINE_CACHE)
def label_line(text: str) -> Tuple[LabelValue, ...]:
    """The labels of a label line, or () when text is not one (too long, or prose).
    Cached: a site's pages repeat their toolbars and datelines; the result is read-only."""
    if len(text) > LABEL_LINE_MAX:
        return ()
    colon = ":" in text or "：" in text
    m = RE_EN_DATELINE.match(text) if text.lstrip()[:1] in EN_DATELINE_INITIALS \
        and any(c.isdigit() for c in text) else None
    if m and parse_date(text[m.end():]):
        name = "updated" if m.group("updated") else "published"
        return (LabelValue(name, m.group(0).strip(), parse_date(text[m.end():]) or "", text[m.end():]),)
    if not colon or not RE_LABEL_END.search(text) or RE_GENERATED.search(text):
        return ()
    folded = text.lower()
    if not RE_LABEL_WORD_FOLDED.search(folded):
        return ()  # a cheap test before RE_LABEL's hundreds of alternatives
    matches = label_matches(text)
    if not matches or len(text[:matches[0].start()].strip()) > LABEL_PREFIX_MAX \
            or RE_COMPOUND_LEFT.search(text[:matches[0].start()]) and matches[0].group(0).isascii():
        return ()  # `Air Date:`, `Due Date:`: a word before the label makes it another one
    if len(matches) == 1 and _speaker_turn(group_field(matches[0]), text[matches[0].end():].strip()):
        return ()  # `央视记者：据报道，……？`: a speaker's turn in a transcript, prose after its tag
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        name = group_field(m)
        raw = text[m.end():end]
        out.append(LabelValue(name, m.group(0).strip().strip(" \u3000:：【】[]"), clean_value(name, raw), raw.strip()))
    return tuple(out)


def _speaker_turn(name: str, raw: str) -> bool:
    """A line's one label (`name`) and its stripped value: a speaker's turn when the label is
    no date's and the value a sentence longer than SPEAKER_TURN_MIN (read before the value
    is cleaned: the cleaning of a speech is work for nothing)."""
    return name not in DATE_FIELDS and len(raw) > SPEAKER_TURN_MIN and has_sentence(raw)


# (the character before a start, the text from it to the colon) -> whether RE_LABEL matches
# there: a site's lines repeat the spans before their colons (`url: http:`, `记者：`), and a
# failed try of RE_LABEL costs 4-8 us (its alternatives tried one by one, case-blind).
# Distinct spans remembered, at most (a batch's lines meet a few thousand).
SPAN_CACHE = 4096
_spans: dict = {}


def _may_match(text: str, start: int, colon: int) -> bool:
    """Whether RE_LABEL matches text at start, where colon is the first colon at or after
    start. Its match ends at that colon (then only white space), and looks back one character
    (its boundary: `^` or a separator), so the answer is that of the span with the character
    before it: remembered by the span."""
    span = (text[start - 1] if start else "", text[start:colon + 1])
    found = _spans.get(span)
    if found is None:
        if len(_spans) >= SPAN_CACHE:
            _spans.clear()
        found = _spans[span] = RE_LABEL.match(span[0] + span[1], len(span[0])) is not None
    return found


def clear_spans() -> None:
    _spans.clear()


def _too_far(text: str, start: int, colon: int) -> bool:
    """No label word fits between start and the colon (see LABEL_SPAN_MAX)."""
    if not RE_WHITE.search(text, start, colon):
        return True
    return len("".join(text[start:colon].split())) > LABEL_CHARS_MAX  # split(): what \s matches


def line_prefix(text: str) -> str:
    """Text before the first label of a label line (a bare date, a site name)."""
    first = label_matches(text, first_only=True)
    return text[:first[0].start()].strip() if first else ""


def clean_value(name: str, raw: str) -> str:
    """A label's value without the toolbar words and dates that share its line."""
    if name in DATE_FIELDS:
        return parse_date(raw) or ""
    if name == "url":  # one http(s) address, whatever its length; anything else is not one
        m = RE_URL_VALUE.match(raw)
        return m.group(1) if m else ""
    value = RE_VALUE_STOP.split(raw.strip(), 1)[0]
    if name in ("source", "author", "editor"):
        m = RE_DATE_START.search(value)
        value = value[:m.start()] if m else value
    value = value.strip(" \t,，;；。、:：|｜()（）")
    return value if len(value) <= VALUE_MAX else ""


def truncated(value: str) -> bool:
    """A value the page shows cut short (`成都体育学院附属体...`)."""
    return bool(RE_ELLIPSIS.search(value))


# ---------------------------------------------------------------- 信息公开 tables

OFFICIAL_LABELS = [
    ("index_number", ["索引号", "信息索引", "索取号"]),
    ("topic", ["主题分类", "信息分类", "分类"]),
    ("issuer", ["发文机关", "发布机构", "发文机构", "发文单位", "发布机关", "制发机关"]),
    ("written", ["成文日期", "成文时间", "发文日期"]),
    ("doc_number", ["发文字号", "文号"]),
    ("published", ["发布日期", "公开日期"]),
    ("validity", ["有效性", "效力状态", "时效性"]),
    ("keywords", ["主题词", "关键词"]),
    ("title", ["信息名称", "文件名称", "标题", "名称"]),
    ("generated", ["生成日期", "生成时间"]),  # read only to end the value before it
]
RE_OFFICIAL = Deferred(
    r"(?:^|(?<=[\s|｜]))(?:" + "|".join(
        f"(?P<{name}_{i}>{_pad(word)})" for name, words in OFFICIAL_LABELS
        for i, word in enumerate(sorted(words, key=len, reverse=True)))
    + r")\s*[:：|｜]\s*")
# A 信息公开 table names at least this many of its fields; one 发布日期 is a dateline.
OFFICIAL_MIN_FIELDS = 2
OFFICIAL_DATES = ("written", "published")


# What every RE_OFFICIAL match holds: a field word's last character, then its separator
# (a cheap search first: most lines asked about hold a colon and no 信息公开 field).
RE_OFFICIAL_END = re.compile("[" + "".join(sorted({re.escape(word[-1]) for _, words in OFFICIAL_LABELS
                                                   for word in words})) + r"]\s*[:：|｜]")


def official_row(text: str) -> Dict[str, str]:
    """Fields of one 信息公开 row: `索 引 号：… | 主题分类：…` or cells `索引号 | … | 分类 | …`."""
    out: Dict[str, str] = {}
    if not RE_OFFICIAL_END.search(text):
        return out
    matches = list(RE_OFFICIAL.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end():end].strip(" |｜:：\u3000")
        name = group_field(m)
        if name in OFFICIAL_DATES:
            value = parse_date(value) or ""
        if value and len(value) <= VALUE_MAX and name not in out and name != "generated":
            out[name] = value
    return out


def enough_official(fields: Dict[str, str]) -> bool:
    return len(set(fields) - {"published", "title"}) >= OFFICIAL_MIN_FIELDS - 1 and len(fields) >= OFFICIAL_MIN_FIELDS
