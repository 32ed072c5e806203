"""Pattern tables (zh, en, and one per further language) compiled once, and the matchers the classifier calls."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Tuple

from . import de, en, es, fr, it, ja, ko, nl, pt, required, zh
from ..textutil import Deferred

# Every language table by its BCP 47 primary tag. zh and en apply to every page (the
# government sites this tool was built for mix them into any page); a page's own
# language adds its table (language.detect chooses it).
TABLES = {"zh": zh, "en": en, "de": de, "fr": fr, "es": es, "it": it, "nl": nl, "pt": pt,
          "ja": ja, "ko": ko}
BASE_LANGUAGES = ("zh", "en")

# Pattern-only chrome rules apply to blocks up to this many characters: the longest
# chrome line in ../shared/corpus (a footer run-on) is ~120 characters while article
# paragraphs that mention 打印/分享 in passing are longer than that.
CHROME_LINE_MAX = 120

# Strong patterns (ICP numbers, cookie banners) hold up to this length: a footer that runs
# its lines together reaches ~300 characters; longer blocks are prose that may quote them.
STRONG_LINE_MAX = 400

# Label lines (来源：… 发布时间：…) are at most this long: the longest dateline in
# ../shared/corpus (site name, URL, time, source and a share bar on one line) is ~110
# characters; longer blocks are prose that happens to contain a colon.
LABEL_LINE_MAX = 160

# Distinct lines whose pattern verdicts are remembered: a site's pages repeat their chrome
# lines, so a batch asks about the same text again and again.
LINE_CACHE = 16384

# (name, pattern, strong, what every match needs: NEEDS_LATIN, NEEDS_CJK or NEEDS_NOTHING,
#  the case-sensitive form of a case-blind pattern for lowered ASCII text or None)
Rule = Tuple[str, "re.Pattern[str]", bool, int, "Optional[re.Pattern[str]]"]
Compiled = List[Rule]
NEEDS_NOTHING, NEEDS_LATIN, NEEDS_CJK = 0, 1, 2
NEEDED = {NEEDS_LATIN: required.RE_LATIN, NEEDS_CJK: required.RE_CJK}


def _compile(table) -> Compiled:
    return [_rule(name, re.compile(pattern), name in table.STRONG_CHROME) for name, pattern in table.CHROME]


def _rule(name: str, rx: "re.Pattern[str]", strong: bool) -> Rule:
    """A chrome rule with the character class its every match holds (rules.required):
    an English pattern is not searched in a line without a Latin letter, a Chinese one
    not in a line without a CJK character; and a case-blind pattern's case-sensitive form
    for ASCII lines, lowered once."""
    needs = NEEDS_LATIN if required.needs_latin(rx) else NEEDS_CJK if required.needs_cjk(rx) \
        else NEEDS_NOTHING
    return name, rx, strong, needs, required.lowered(rx)


_CHROME: Compiled = [rule for lang in BASE_LANGUAGES for rule in _compile(TABLES[lang])]


@lru_cache(maxsize=None)
def _language_chrome(language: str) -> Compiled:
    """A further language's chrome rules, compiled on its first page (start-up stays short)."""
    table = TABLES.get(language)
    return _compile(table) if table is not None and language not in BASE_LANGUAGES else []

# Chrome inside an article's frame (toolbars, tables of contents, empty labels): it does
# not end the search for the headline above the text.
TOOLBAR_PATTERNS = frozenset({"font-size", "print-close", "share", "toc", "empty-label",
                              "counter", "generated", "feedback"})

_user_patterns: List[Tuple[str, "re.Pattern[str]"]] = []


def add_user_chrome(patterns) -> None:
    """Extra chrome patterns a user configured for their own sites (govclean.toml)."""
    for p in patterns:
        _user_patterns.append(("user", re.compile(p)))
    chrome_reason.cache_clear()  # verdicts given before the user's patterns are stale
    for clear in _user_chrome_listeners:
        clear()


_user_chrome_listeners: list = []


def on_user_chrome(clear) -> None:
    """Have add_user_chrome call clear(): a later stage's cache of chrome_reason's verdicts."""
    _user_chrome_listeners.append(clear)


@lru_cache(maxsize=LINE_CACHE)
def chrome_reason(text: str, prose: bool = False, language: Optional[str] = None) -> Optional[str]:
    """pattern_reason, remembered (a site's pages repeat their chrome lines)."""
    return pattern_reason(text, prose, language)


def pattern_reason(text: str, prose: bool = False, language: Optional[str] = None) -> Optional[str]:
    """The name of the first chrome pattern the block matches, or None: the zh and en
    tables, then the table of the page's language if it has one.

    In prose (a sentence of some length) only a match at the start counts: "…需同时进行
    缴费，扫码支付…" mentions a QR code, while a toolbar begins with 扫一扫.

    There a rule is tried at the start alone (match, not search): the leftmost match
    starts at 0 exactly when there is a match at 0, and no other position would count.
    The rules tried are those that could match the line at all (_candidates)."""
    has = {NEEDS_NOTHING: True}  # does the text hold what a rule needs? looked up once each
    low = text.lower() if text.isascii() else None  # for the case-blind rules' lowered forms
    for name, rx, strong, needs, lowered in _candidates(text, prose, language):
        if needs not in has:
            has[needs] = NEEDED[needs].search(text) is not None
        if not has[needs]:
            continue
        if lowered is not None and low is not None:
            m = lowered.match(low) if prose and not strong else lowered.search(low)
        else:
            m = rx.match(text) if prose and not strong else rx.search(text)
        if m and (strong or not prose or m.start() == 0):
            return name
    for name, rx in _user_patterns:
        if rx.search(text):
            return name
    return None


# Distinct (first character, prose, length class, language) whose candidate rules are
# remembered: a Chinese batch starts its lines with a few thousand distinct characters.
CANDIDATE_CACHE = 4096
_candidate_rules: dict = {}


def _candidates(text: str, prose: bool, language: Optional[str]) -> Compiled:
    """The rules, in table order, that could match text: those its length allows
    (CHROME_LINE_MAX, strong ones up to STRONG_LINE_MAX), and of the rules tried at the
    start only (anchored ones, and every rule but the strong in prose) those a match of
    which can begin with text's first character (required.first_class). The same verdict
    as every rule in turn, for one dictionary look-up a line instead of a Python step a rule."""
    size = 0 if len(text) <= CHROME_LINE_MAX else 1 if len(text) <= STRONG_LINE_MAX else 2
    first: Optional[str] = text[:1]  # '' for an empty line: every rule of its plan
    if first:
        begins = _begins.get((first, language))
        if begins is None:
            begins = _may_begin(first, language)
        if not begins:
            first = None  # no rule's match begins so (most lines): one shared list
    k = (first, prose, size, language)
    found = _candidate_rules.get(k)
    if found is None:
        if len(_candidate_rules) >= CANDIDATE_CACHE:
            _candidate_rules.clear()
        found = _candidate_rules[k] = [rule for rule, begins in _plan(prose, size, language)
                                       if begins is None or first == ""
                                       or first is not None and begins.match(first) is not None]
    return found


# (first character, language) -> whether some rule's match may begin with it: one
# dictionary look-up a line instead of _any_begins' regex, an alternation of some forty
# classes tried in turn (about 1.1 us a line, a third of chrome_reason on a batch's prose).
_begins: dict = {}


def _may_begin(first: str, language: Optional[str]) -> bool:
    """_any_begins(language) matches first, remembered (at most CANDIDATE_CACHE characters)."""
    if len(_begins) >= CANDIDATE_CACHE:
        _begins.clear()
    found = _begins[(first, language)] = _any_begins(language).match(first) is not None
    return found


def _rules_of(language: Optional[str]) -> Compiled:
    return _CHROME + _language_chrome(language or "")


@lru_cache(maxsize=None)
def _plan(prose: bool, size: int, language: Optional[str]) -> List[Tuple[Rule, "Optional[re.Pattern[str]]"]]:
    """The rules a line of this length class (0: up to CHROME_LINE_MAX, 1: up to
    STRONG_LINE_MAX, 2: longer) may match, each with the class its first character must
    be in: None for a rule searched anywhere in the line, or whose class is unsure."""
    plan = []
    for rule in _rules_of(language):
        _name, rx, strong, _needs, _lowered = rule
        if size == 0 or strong and size == 1:
            at_start = prose and not strong or _starts(rx)[0]
            plan.append((rule, _starts(rx)[1] if at_start else None))
    return plan


@lru_cache(maxsize=None)
def _any_begins(language: Optional[str]) -> "re.Pattern[str]":
    """The union of the first_class of every rule a page in language is tried with."""
    classes = [begins.pattern for begins in (_starts(rule[1])[1] for rule in _rules_of(language)) if begins]
    return re.compile("|".join(classes) or "(?!)")


@lru_cache(maxsize=None)
def _starts(rx: "re.Pattern[str]") -> Tuple[bool, "Optional[re.Pattern[str]]"]:
    """Whether rx is anchored at the start, and the class of its matches' first characters."""
    return required.anchored(rx), required.first_class(rx)


def clear_candidates() -> None:
    _candidate_rules.clear()
    for seen in (_begins, _THREAD_FIRSTS, _RELATED_FIRSTS):
        seen.clear()


RE_OFFICIAL_LINE = re.compile(zh.OFFICIAL_LINE)


def is_official_line(text: str) -> bool:
    """A 信息公开 catalogue line or row (索引号：…, 发布机构 | …)."""
    return len(text) <= LABEL_LINE_MAX * 2 and bool(RE_OFFICIAL_LINE.search(text))


RE_BYLINE = re.compile(zh.BYLINE)
RE_DOC_NUMBER = Deferred(zh.DOC_NUMBER)


RE_FLOOR = Deferred(zh.FLOOR)


def floor_of(text: str) -> bool:
    """A forum post's floor (`楼主`, `沙发`, `#5楼`) in an author/time line."""
    return bool(RE_FLOOR.search(text))


def is_byline(text: str) -> bool:
    return bool(RE_BYLINE.match(text))


def is_doc_number(text: str) -> bool:
    return bool(RE_DOC_NUMBER.match(text))


# class/id words of chrome containers and of content containers, matched against the
# hyphen/underscore-separated parts of the class and id names nearest a block
# (readability's negative/positive class weights, narrowed to whole parts).
CHROME_ATTR_WORDS = frozenset("""
comment comments commentlist respond reply replies disqus sidebar related
share sharing footer breadcrumb breadcrumbs crumbs pagination pager navigation nav
navbar menu advert advertisement ads sponsor sponsored promo newsletter subscribe
modal cookie cookies masthead toolbar skip
excerpt contributor recirc recirculation
""".split())
CONTENT_ATTR_WORDS = frozenset("""
article content entry main post text body story zoom detail trs editor
""".split())
RE_ATTR_PART = re.compile(r"[-_\s.]+")
# Words that mark chrome whatever stands beside them ("comment-content" is a comment),
# also inside run-together names ("relatedpoststitle", "commentlist").
STRONG_ATTR_WORDS = ("comment", "related", "disqus", "respond")
# Whole parts that name an article's furniture even beside a content word
# (`article-byline`, `entry-meta`, `article__dek`, `content__meta-byline`): the byline and
# date slot, the summary under the headline, a photo's credit. With them and the plain
# words excerpt/contributor/recirc: aeb body F1 0.9468 -> 0.9514, web 0.9671 -> 0.9692.
SLOT_ATTR_WORDS = frozenset("byline meta dek standfirst subtitle credit credits subhead subheadline subline blurb".split())
# The same slot spelled in two parts: `sub-headline`, `sub-head`, `sub__title`.
SLOT_ATTR_PAIRS = (("sub", "headline"), ("sub", "head"), ("sub", "title"))


# A name of at least this many plain words joined by single hyphens is an anchor made from
# a heading (`sharing-mutable-history`, `example-3-alice-commits`), not a widget's class.
SLUG_MIN_WORDS = 4
RE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){%d,}" % (SLUG_MIN_WORDS - 1))


def attr_chrome_word(steps) -> Optional[str]:
    """The chrome word among the class/id parts of the given DOM steps, unless a content
    word stands in the same step."""
    for step in steps:
        if "." in step:  # else a bare tag: no class or id names, no verdict
            word = step_chrome_word(step)
            if word:
                return word
    return None


# Distinct DOM steps (`div.list.nav`) whose verdict is remembered: a page's paths share
# most of their steps (a zh-gov page has ~65 paths of 3 steps, ~25 distinct with a name),
# and a site's pages share theirs; 4,096 holds a batch's worth of sites.
STEP_CACHE = 4096


@lru_cache(maxsize=STEP_CACHE)
def step_chrome_word(step: str) -> Optional[str]:
    """attr_chrome_word of one step (`tag.class.id`): each step's verdict is its own."""
    names = [n for n in step.lower().split(".")[1:] if not RE_SLUG.fullmatch(n)]
    parts = set(RE_ATTR_PART.split(" ".join(names))) - {""}  # the tag is left out
    strong = [w for w in STRONG_ATTR_WORDS for p in parts if w in p]
    if strong:
        return strong[0]
    slot = parts & SLOT_ATTR_WORDS
    if slot:
        return sorted(slot)[0]
    if any(a in parts and b in parts for a, b in SLOT_ATTR_PAIRS):
        return "subheadline"
    hit = parts & CHROME_ATTR_WORDS
    if hit and not parts & CONTENT_ATTR_WORDS:
        return sorted(hit)[0]
    return None


def _longest_first(word: str):
    """Longest first (the alternation tries them in order), then alphabetical: a set's
    words give the same pattern text in every process, whatever the hash seed."""
    return -len(word), word


# A label before a headline (`标 题：`, `Title:`, `Titel:`): never part of the title.
RE_TITLE_LABEL = re.compile(r"^\s*(?:" + "|".join(
    sorted({w for t in TABLES.values() for w in getattr(t, "TITLE_LABELS", [])}, key=_longest_first))
    + r")\s*[:：]\s*", re.I)

def _headings(attr: str) -> "re.Pattern[str]":
    """A heading of the tables' words (attr), or of their patterns (attr + `_PATTERNS`)."""
    words = sorted({w for t in TABLES.values() for w in getattr(t, attr, [])}, key=_longest_first)
    shapes = [p for t in TABLES.values() for p in getattr(t, attr + "_PATTERNS", [])]
    return re.compile(r"(?i)^\s*(?:\d+\s*)?(?:" + "|".join([re.escape(w) for w in words] + shapes)
                      + r")\s*(?:[(（\[]?\s*\d+\s*[)）\]]?)?\s*(?:[:：]|\.\.\.|…)?\s*$")


# Headings that open a comment thread, and headings of related lists, in every language.
RE_THREAD_HEADING = _headings("THREAD_HEADINGS")
RE_RELATED_HEADING = _headings("RELATED_HEADINGS")


def strip_title_label(title: str) -> str:
    """`标 题：某某通知` -> `某某通知`."""
    return RE_TITLE_LABEL.sub("", title, count=1)


def is_thread_heading(text: str) -> bool:
    """`Comments (12)`, `Kommentare`, `Réactions`, `网友评论`."""
    return len(text) <= CHROME_LINE_MAX and _may_open(_THREAD_FIRSTS, RE_THREAD_HEADING, text[:1]) \
        and bool(RE_THREAD_HEADING.match(text))


def is_related_heading(text: str) -> bool:
    """`Related articles`, `Leggi anche`, `Mehr zum Thema`, `相关新闻`."""
    return len(text) <= CHROME_LINE_MAX and _may_open(_RELATED_FIRSTS, RE_RELATED_HEADING, text[:1]) \
        and bool(RE_RELATED_HEADING.match(text))


# first character -> whether a heading pattern's match may begin with it (required.first_class
# of RE_THREAD_HEADING, of RE_RELATED_HEADING): a dictionary look-up a line before their
# alternations of some hundred words are tried at its start (~0.6 us each on a prose line).
_THREAD_FIRSTS: dict = {}
_RELATED_FIRSTS: dict = {}


def _may_open(seen: dict, rx: "re.Pattern[str]", first: str) -> bool:
    """Whether a match of the anchored rx may begin with first (a line's first character,
    '' for an empty line: the pattern decides), remembered in seen."""
    found = seen.get(first)
    if found is None:
        if len(seen) >= CANDIDATE_CACHE:
            seen.clear()
        begins = _starts(rx)[1]
        found = seen[first] = not first or begins is None or begins.match(first) is not None
    return found
