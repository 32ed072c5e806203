"""Classify: [Block] -> labels (chrome / title / metadata / body), each with a reason."""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import AbstractSet, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from . import rules
from .dates import parse_date
from .labels import label_line
from .model import BODY, CHROME, METADATA, TITLE, Block
from .textutil import (RE_TOKEN, TOKEN_CACHE, Deferred, has_sentence, key, key_similarity, line_hash,
                       tokens)

# A block is "good" (article prose) with at least this many tokens (a CJK character or a
# Latin word each) and a sentence in it. 12 keeps the one-sentence paragraphs of
# USA.gov pages and drops link-list items; measured on ../shared/corpus en-gov and zh-gov.
GOOD_MIN_TOKENS = 12
# ... or with this many tokens whatever its punctuation (long table rows, lists in prose).
LONG_MIN_TOKENS = 40
# A block whose text is more than this share link text is navigation, not prose
# (jusText's max_link_density is 0.2; government related-lists sit at 0.8-1.0).
MAX_LINK_DENSITY = 0.5
# Other text runs join the main one when they hold at least this share of its weight:
# article bodies split by an image or a table, and the second copy of a repeated body
# (the fold stage removes it). 0.35 drops long footers and sidebars on every corpus page.
# A run inside the main run's own container joins whatever its weight: an article split
# by a related-links box or a share bar in mid-text (web body recall 0.907 -> 0.938).
SECONDARY_REGION_RATIO = 0.35
# Runs that share a container count as one article when their median run holds at least
# this many paragraphs; teaser lists, feeds and comment threads repeat one-paragraph units.
FAMILY_MIN_PARAGRAPHS = 2
# A run of list items only weighs this share of its tokens against paragraphs when the
# main run is chosen (a ticker of ten teasers outweighed a 250-word article).
LIST_RUN_WEIGHT = 0.5
# A list whose items each hold a heading is a list of cards from this many items on (a
# gallery of 50 captioned slides, teaser lists; an article's own lists hold no headings).
CARD_LIST_MIN = 5
# Comment lists: at least this many text runs after the article, each after its own
# author/time line (a thread of two replies is rare; three units make a pattern).
THREAD_MIN_UNITS = 3
# Runs without a paragraph between two runs of the text join it when their median line
# holds at least this many tokens (product boxes and their feature lists: 5-15; a video
# player's controls and a chart's labels: 1-3).
BETWEEN_MIN_TOKENS = 4
# ... and when they hold at least this many lines (a product box: a name, 3-10 features,
# a price line; a chart's title: one or two).
BETWEEN_MIN_LINES = 3
# How far back from the first body block the title may sit (blocks of chrome,
# metadata and images in between: toolbars, dates, share bars).
TITLE_LOOKBACK = 12
# A title is at most this many tokens (the longest gold title in the corpus is ~70).
TITLE_MAX_TOKENS = 90
# readability's summary must hold this many characters (comparison form) to count: an
# empty page gives back a few words of its <title>.
READABILITY_MIN_CHARS = 100
# readability-lxml parses the whole page again, with no limit of its own (a 49 MB page of
# 7 million empty elements took 265 s and 2.8 GB in it): pages larger than this many
# characters do without its opinion. The corpus's largest page is ~450,000.
READABILITY_MAX_CHARS = 2_000_000
# A headline runs over at most this many blocks (the corpus's longest: three lines).
TITLE_MAX_LINES = 3
# A date or a label line glued to the end of a headline line in a text dump.
RE_TRAILING_META = re.compile(r"\s(?:(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}|(?:来源|发布时间|发布日期|时间)\s*[:：])")
# A line ending like a sentence ("…or exporting.") and not like an abbreviation ("the U.S.").
RE_SENTENCE_PERIOD = Deferred(r"[a-z0-9\u4e00-\u9fff\)]{2}\.\s*$")
RE_BRACKETED = Deferred(r"^\s*[（(【\[][^）)】\]]*[）)】\]]\s*$")
# A hint matched this well (after normalisation) names the headline outright.
EXACT_HINT = 0.95
# Blocks matching the page's own title hint at least this well are the headline.
TITLE_MATCH = 0.8
# Leading list items (a section menu) before the first prose block are dropped when
# there are at least this many in a row.
NAV_LIST_MIN = 3
# The text region's edges: short non-prose blocks after the last good block are kept
# (signatures, dates of a letter) up to this many.
TRAIL_MAX = 6
# ... and one list of at most this many items (a closing list of a USA.gov page has 2-8;
# related-link lists that follow a body without any chrome between run longer).
TAIL_LIST_MAX = 10
# Class and id names are read on the block's own element and its nearest ancestors: the
# comment or share widget a paragraph sits in is at most two levels up in the corpus,
# while page-wide wrappers (`has-sidebar`) sit higher.
ATTR_STEPS = 3
# A text dump's run of at least MENU_RUN_MIN list items whose median item has at most
# MENU_ITEM_MAX_TOKENS tokens is a menu: USA.gov mega-menus run to hundreds of 2-6 word
# items, while lists inside articles in the corpus have 2-7 items or longer ones.
MENU_RUN_MIN = 8
MENU_ITEM_MAX_TOKENS = 6
# The main container must be deeper than html/body/one wrapper: a page-wide wrapper is
# not evidence that a link list belongs to the text.
MAIN_MIN_DEPTH = 3


# What may stand around a date on a date line: digits, units, weekdays, month names and
# the labels of a date.
DATE_WORDS = (
    r"(?i)[\d年月日时分秒号]|星期[一二三四五六日天]|周[一二三四五六日天]|发布|发表|更新|时间|日期"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:am|pm|published|updated|posted|on|at|date|last)\b"
    r"|\b[tz]\b|[tz](?=\d)")
RE_DATE_WORDS = Deferred(DATE_WORDS)
DATE_LINE_MAX = 60  # characters: the longest date line in the corpus is ~40


def _undated_ideographs() -> Deferred:
    """A CJK ideograph (of the URO's first assignments, U+4E00-U+9FA5, letters in every
    Unicode) that no match of RE_DATE_WORDS holds: its CJK characters are the literal ones
    of its pattern (case folding leaves ideographs alone; its classes are ASCII and \\d).
    Such a character survives the date words' removal, a letter: the line is no date line."""
    dated = sorted({ord(c) for c in DATE_WORDS if "\u4e00" <= c <= "\u9fa5"})
    ranges, start = [], 0x4E00
    for code in dated + [0x9FA6]:
        if start < code:
            ranges.append(f"{chr(start)}-{chr(code - 1)}")
        start = code + 1
    return Deferred("[" + "".join(ranges) + "]")


RE_UNDATED_IDEOGRAPH = _undated_ideographs()
RE_LABEL_COLON = re.compile(r"：|[^\W\d_]\s*:(?!\d)")  # a label's colon, not a clock's
# A name-and-date line has at most this many tokens (name, date, clock: `Posted by Ann
# Lee on March 5, 2024 at 10:15 am` is 12).
BYLINE_MAX_TOKENS = 12
# A line with this many ` | ` cell separators is a table row (a text dump's, too), not a
# byline (`September 10, 2018 | by Catherine` has one).
ROW_MIN_SEPARATORS = 3
# ... counting a run of CJK characters as one word (`用户0 楼主 发表于 2024-3-5 10:15:22`).
RE_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
RE_WORD = re.compile(r"[^\W\d_]")  # a letter of any script: lines without one are counters
# A name-and-date line is the article's byline where bylines stand: before the body's
# second paragraph (after a lead caption) or after its last one. On aeb and web 60 such
# lines stood there and 2 of them were in the gold; mid-text the same shape is an
# embedded post's signature (`— Ann (@ann) March 5, 2024`), which stays.
BYLINE_LEAD_PARAGRAPHS = 1
RE_SIGNATURE_DASH = re.compile(r"^\s*[—–-]")


@dataclass
class Classification:
    blocks: List[Block]
    title: Optional[str] = None
    title_block: Optional[int] = None
    regions: List[Tuple[int, int]] = field(default_factory=list)


def classify(blocks: List[Block], *, title_hints: Sequence[str] = (),
             template: Optional[AbstractSet[int]] = None, language: Optional[str] = None) -> Classification:
    """Label every block: chrome first (the zh and en tables, and the table of the page's
    `language` if there is one), then the body regions, then the title."""
    for block in blocks:
        initial_label(block, language)
    label_menus(blocks)
    label_tocs(blocks)
    label_unit_heads(blocks)
    label_card_lists(blocks)
    regions = body_regions(blocks)
    main = main_container(blocks, regions)
    if main and soften_links(blocks, main):
        regions = body_regions(blocks)
    result = Classification(blocks=blocks, regions=regions)
    lines = find_title(blocks, regions, title_hints)
    for i in lines:
        blocks[i].label, blocks[i].reason = TITLE, "headline"
    if lines:
        result.title = strip_trailing_metadata(join_lines([blocks[i].text for i in lines]))
        result.title_block = lines[-1]
    mark_body(blocks, regions, lines[-1] if lines else None)
    label_edge_bylines(blocks)
    if template:
        strike_template(blocks, template)
    return result


def strike_template(blocks: List[Block], template: AbstractSet[int]) -> None:
    """Site-template lines (`template`: the line_hash of their comparison forms, recurring
    on the site's other pages; templates.template_of) leave the body where they
    are prose (a site-wide notice) or frame it (before its first or after its last
    paragraph); a short template line between paragraphs is a heading that the site's
    menus also name, and stays."""
    for i in strikable(blocks, [i for i, b in enumerate(blocks) if b.label == BODY]):
        if line_hash(key(blocks[i].text)) in template:
            blocks[i].label, blocks[i].reason = CHROME, "site template"


def strikable(blocks: List[Block], body: Sequence[int]) -> List[int]:
    """The body blocks (`body`: their indices) a template strikes when it holds their
    line: the prose ones, and any before the first or after the last of those."""
    goods = [i for i in body if _good_text(blocks[i])]
    if not goods:
        return []
    return [i for i in body if _good_text(blocks[i]) or i < goods[0] or i > goods[-1]]


# Distinct (label, reason) pairs a page's verdicts record (verdicts_of) numbers in one byte
# each; a page of more gives no record (and is classified again). Pages use a dozen or so
# (the reasons are a fixed vocabulary but for "class/id: WORD", "menu (N short list
# items)" and "link density D").
VERDICT_CODES = 256


def verdicts_of(blocks: List[Block], result: Classification, source: int = 0) -> Optional[bytes]:
    """classify's verdicts on a page (each block's label and reason, the title and its
    block, not the regions) as bytes that restore_verdicts puts back on the same blocks:
    a batch's pass 2 starts from them to strike its site template, instead of classifying
    the page again. `source`: the caller's digest of what the blocks were made from,
    checked again by restore_verdicts. None for a page of more than VERDICT_CODES
    distinct verdicts."""
    pairs: Dict[Tuple[str, str], int] = {}
    codes = [pairs.setdefault((b.label, b.reason), len(pairs)) for b in blocks]
    if len(pairs) > VERDICT_CODES:
        return None
    head = [len(blocks), _text_digest(blocks), source, result.title, result.title_block, list(pairs)]
    return json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + bytes(codes)


def restore_verdicts(blocks: List[Block], record: bytes, source: int = 0) -> Optional[Classification]:
    """The Classification verdicts_of recorded, its labels and reasons put back on blocks;
    None, the blocks untouched, when the record does not fit them (another count of
    blocks, another text, another source digest: not the same page, or not segmented
    alike) or is damaged."""
    head, _, codes = record.partition(b"\n")
    try:
        count, digest, recorded, title, title_block, pairs = json.loads(head)
        pairs = [(str(label), str(reason)) for label, reason in pairs]
        verdicts = [pairs[c] for c in codes]
    except (ValueError, TypeError, IndexError):
        return None
    if count != len(blocks) or len(verdicts) != count or recorded != source \
            or digest != _text_digest(blocks):
        return None
    for block, (label, reason) in zip(blocks, verdicts):
        block.label, block.reason = label, reason
    return Classification(blocks=blocks, title=title, title_block=title_block)


def _text_digest(blocks: List[Block]) -> int:
    """A CRC-32 of the blocks' texts, NUL between them (a check that two segmentations
    agree, not a defence against a forger: a batch compares the bytes by sha256 first)."""
    return zlib.crc32("\0".join([b.text for b in blocks]).encode("utf-8", "surrogatepass"))


def initial_label(block: Block, language: Optional[str] = None) -> None:
    """Chrome and metadata that a block shows by itself; '' leaves it to context."""
    text = block.text
    if block.tag == "img":
        block.label, block.reason = "", "image"
    elif block.hidden:
        block.label, block.reason = CHROME, "hidden"
    elif block.structural:
        block.label, block.reason = CHROME, f"inside <{block.structural}>"
    elif block.path and (word := attr_word(block.path)):
        block.label, block.reason = CHROME, f"class/id: {word}"
    elif (verdict := text_verdict(text, language)) is not None:
        block.label, block.reason = verdict
    elif block.link_chars and block.link_density > MAX_LINK_DENSITY:  # none in a text dump
        block.label, block.reason = CHROME, f"link density {block.link_density:.2f}"
    else:
        block.label, block.reason = "", ""


# Distinct (line, language) whose verdict by the text alone is remembered: a site's
# chrome, label and date lines recur on all its pages, so a batch reads them again. Over
# mfa-txt's 3,178 dumps 24.5% of the lines are repeats and 16,384 entries catch all of
# them (docs/speed.md, round 4); ~3 MB. The generated dedup batch repeats its pool's
# paragraphs far more, and a larger memo would flatter it alone.
TEXT_CACHE = 16384


@lru_cache(maxsize=TEXT_CACHE)
def text_verdict(text: str, language: Optional[str] = None) -> Optional[Tuple[str, str]]:
    """(label, reason) that a line's text alone gives (label, 信息公开, byline and date
    lines; no words; thread and related headings; the chrome patterns), or None."""
    if label_line(text):
        return METADATA, "label line"
    if rules.is_official_line(text):
        return METADATA, "信息公开 line"
    if rules.is_byline(text):
        return METADATA, "byline"
    if _is_date_line(text):
        return METADATA, "date line"
    if not RE_WORD.search(text):
        return CHROME, "no words"
    if rules.is_thread_heading(text):
        return CHROME, "pattern: thread"
    if rules.is_related_heading(text):
        return CHROME, "pattern: related"
    # not chrome_reason: this verdict is remembered whole, its memo would only hold it twice
    reason = rules.pattern_reason(text, _prose(text), language)
    return None if reason is None else (CHROME, f"pattern: {reason}")


rules.on_user_chrome(text_verdict.cache_clear)  # verdicts given before the user's patterns are stale


# Distinct DOM paths whose class/id verdict is remembered (a page's blocks share a few
# hundred paths; a site's pages share most of theirs).
PATH_CACHE = 4096


@lru_cache(maxsize=PATH_CACHE)
def attr_word(path: str) -> Optional[str]:
    """The chrome word of the class and id names on a block's path (its last ATTR_STEPS steps)."""
    return rules.attr_chrome_word(path.split("/")[-ATTR_STEPS:])


def label_tocs(blocks: List[Block]) -> None:
    """The list right after an "On This Page" / 目录 line is a table of contents."""
    for i, block in enumerate(blocks):
        if block.reason != "pattern: toc":
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].list_item:
            blocks[j].label, blocks[j].reason = CHROME, "table of contents"
            j += 1


def label_menus(blocks: List[Block]) -> None:
    """Long runs of short list items in a text dump are menus (HTML shows them by links)."""
    i = 0
    while i < len(blocks):
        if not (blocks[i].list_item and not blocks[i].path and not blocks[i].label):
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].list_item and not blocks[j].label:
            j += 1
        sizes = sorted(tokens(b.text) for b in blocks[i:j])
        if j - i >= MENU_RUN_MIN and sizes[len(sizes) // 2] <= MENU_ITEM_MAX_TOKENS:
            for b in blocks[i:j]:
                b.label, b.reason = CHROME, f"menu ({j - i} short list items)"
        i = j


def main_container(blocks: List[Block], regions: List[Tuple[int, int]]) -> str:
    """The DOM path that holds the prose of the main region (HTML only; '' for text)."""
    if not regions or not _any_container(blocks):
        return ""  # a text dump: no weights to sum for it
    best = max(regions, key=lambda r: sum(map(_weight, blocks[r[0]:r[1]])))
    return _common_container(blocks, *best)


def _any_container(blocks: List[Block]) -> bool:
    """Whether some block has a container (an HTML page's do; a text dump's never): without
    one, _common_container is '' for every run."""
    for block in blocks:
        if block.container:
            return True
    return False


def _common_container(blocks: List[Block], start: int, end: int) -> str:
    # the container first: a text dump's blocks have none, and is_good is not asked at all
    paths = [blocks[i].container for i in range(start, end) if blocks[i].container and is_good(blocks[i])]
    if not paths:
        return ""
    prefix = paths[0].split("/")
    for path in paths[1:]:
        steps = path.split("/")
        n = 0
        while n < min(len(prefix), len(steps)) and prefix[n] == steps[n]:
            n += 1
        prefix = prefix[:n]
    return "/".join(prefix) if len(prefix) > MAIN_MIN_DEPTH else ""


def soften_links(blocks: List[Block], main: str) -> bool:
    """Link lists inside the main text's container are part of it (USA.gov pages are
    made of them); outside it they are navigation. Returns whether anything changed."""
    changed = False
    for block in blocks:
        if block.label == CHROME and block.reason.startswith("link density") \
                and (block.path + "/").startswith(main + "/"):
            block.label, block.reason = "", "links inside the main container"
            changed = True
    return changed


def _prose(text: str) -> bool:
    return tokens(text) >= GOOD_MIN_TOKENS and has_sentence(text)


def is_good(block: Block) -> bool:
    """Unlabelled prose: a candidate for the body."""
    return not block.label and block.tag != "img" and good_line(block.text)  # _good_text, one call fewer


def _good_text(block: Block) -> bool:
    return block.tag != "img" and good_line(block.text)


# Distinct lines good_line() remembers: classify asks each block whether it is prose some
# eight times a page (regions, their weights and containers, the title, the body's edges),
# so one look-up stands for a token count's and has_sentence's; the same size as tokens'.
GOOD_CACHE = TOKEN_CACHE


@lru_cache(maxsize=GOOD_CACHE)
def good_line(text: str) -> bool:
    """Prose by its text alone: LONG_MIN_TOKENS tokens, or GOOD_MIN_TOKENS and a sentence."""
    n = tokens(text)
    return n >= LONG_MIN_TOKENS or (n >= GOOD_MIN_TOKENS and has_sentence(text))


def _weight(block: Block) -> int:
    return tokens(block.text) if is_good(block) else 0


def body_regions(blocks: List[Block]) -> List[Tuple[int, int]]:
    """Runs of unlabelled blocks (half-open index ranges) that carry the article."""
    runs, start = [], None
    for i, block in enumerate(blocks):
        if block.label in (CHROME, METADATA) and not block.hidden:  # unseen text divides nothing
            if start is not None:
                runs.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        runs.append((start, len(blocks)))
    scored = [(sum(map(_weight, blocks[s:e])), s, e) for s, e in runs]  # map: no generator's steps
    if not scored or max(scored)[0] == 0:
        return []
    heading = min(_thread_heading(blocks, scored), _forum_replies(blocks))
    contenders = [r for r in scored if r[1] < heading]
    family = _family_weights(blocks, scored)
    best_weight, best_start, best_end = max(contenders, key=lambda r: (
        family[r] - _list_discount(blocks, r), r[0], -r[1]))
    main = _common_container(blocks, best_start, best_end)
    thread = min(heading, _thread_start(blocks, scored, best_end))
    chosen = [(s, e) for w, s, e in scored if (s, e) == (best_start, best_end)
              or s < thread and (w >= SECONDARY_REGION_RATIO * best_weight or main and w)
              and _inside(blocks, s, e, main)]
    return sorted(chosen + _between(blocks, scored, chosen, main))


def _between(blocks: List[Block], scored, chosen: List[Tuple[int, int]], main: str) -> List[Tuple[int, int]]:
    """Runs without a paragraph (headings, short lists, product boxes) that stand between
    two chosen runs, every block of them inside the main container: the article's own."""
    if not main or len(chosen) < 2:
        return []
    first, last = min(s for s, e in chosen), max(e for s, e in chosen)
    return [(s, e) for w, s, e in scored if not w and first < s and e < last and e - s >= BETWEEN_MIN_LINES
            and all(_below(blocks[i], main) for i in range(s, e))
            and sorted(tokens(b.text) for b in blocks[s:e])[(e - s) // 2] >= BETWEEN_MIN_TOKENS]


def _below(block: Block, main: str) -> bool:
    """Inside the main container, with no chrome class/id name on the way down to it."""
    if not (block.container + "/").startswith(main + "/"):
        return False
    return rules.attr_chrome_word(block.path[len(main) + 1:].split("/")) is None


def _same_unit(head: Block, run: List[Block]) -> bool:
    """The run sits in the element that holds its author/time line (a reply beside its
    head), not elsewhere (an article paragraph after an embedded post's signature)."""
    unit = head.path.rsplit("/", 1)[0] + "/"
    return all((b.path + "/").startswith(unit) for b in run if is_good(b))


def _thread_heading(blocks: List[Block], scored) -> int:
    """The first thread heading (`Comments (12)`, `Kommentare`, `Réactions`, `网友评论`)
    below some text: what follows it is the thread. len(blocks) when there is none."""
    first_text = min((s for w, s, e in scored if w), default=len(blocks))
    return next((i for i in range(first_text, len(blocks)) if blocks[i].reason == "pattern: thread"),
                len(blocks))


def _forum_replies(blocks: List[Block]) -> int:
    """Where a forum thread's replies begin: the second post's author/time line when the
    repeated lines name floors (`楼主`, `沙发`, `#5楼`); the first post is the topic.
    len(blocks) when the page is no forum thread."""
    heads = [i for i, b in enumerate(blocks) if b.reason == "repeated author/time line"]
    if len(heads) < THREAD_MIN_UNITS or not any(rules.floor_of(blocks[i].text) for i in heads):
        return len(blocks)
    return heads[1]


def _thread_start(blocks: List[Block], scored, after: int) -> int:
    """Where a comment thread begins after the main run: the first of at
    least THREAD_MIN_UNITS runs that each follow their own author/time line (the repeated
    unit of a comment list). len(blocks) when there is none."""
    dated, prev_end = [], after
    for w, s, e in scored:
        if s < after or not w:
            continue
        heads = [b for b in blocks[prev_end:s] if b.label == METADATA and b.path]
        if heads and _same_unit(heads[-1], blocks[s:e]):
            dated.append(s)
        prev_end = e
    return dated[0] if len(dated) >= THREAD_MIN_UNITS else len(blocks)


def _list_discount(blocks: List[Block], run: Tuple[int, int, int]) -> float:
    """A run made of list items only (a news ticker, a list of teasers) weighs less than
    paragraphs of the same length when the main text is chosen."""
    w, s, e = run
    if not w or any(is_good(b) and not b.list_item for b in blocks[s:e]):
        return 0
    return (1 - LIST_RUN_WEIGHT) * w


def _family_weights(blocks: List[Block], scored) -> Dict[Tuple[int, int, int], int]:
    """Each run's weight with that of the other runs inside its container: an article cut
    into pieces by related boxes outweighs a live ticker beside it that is one run."""
    if not _any_container(blocks):  # no run has a container, so none a family (a text dump)
        return {r: r[0] for r in scored}
    goods = {r: [b for b in blocks[r[1]:r[2]] if is_good(b)] for r in scored if r[0]}
    bounds = {r: _container_bounds(gs) for r, gs in goods.items()}
    out = {r: r[0] for r in scored}
    for run in goods:
        main = _common_container(blocks, run[1], run[2])
        if not main:
            continue
        family = [r for r, (low, high) in bounds.items()
                  if low.startswith(main + "/") and high.startswith(main + "/")]
        paragraphs = sorted(len(goods[r]) for r in family)
        if paragraphs[len(paragraphs) // 2] >= FAMILY_MIN_PARAGRAPHS:
            out[run] = sum(r[0] for r in family)  # else repeated one-paragraph units: teasers, a feed
    return out


def _container_bounds(goods: List[Block]) -> Tuple[str, str]:
    """The lowest and highest `container + "/"` of some blocks: every one of them starts
    with a prefix when these two do (the strings that start with one are a range in sorted
    order), so a family test is two startswith calls a run, not one a block."""
    ends = [b.container + "/" for b in goods]
    return min(ends), max(ends)


def _inside(blocks: List[Block], s: int, e: int, main: str) -> bool:
    """A secondary run of an HTML page must sit in the main run's container (not in a
    related-posts box beside it); text dumps have no containers to check."""
    return not main or all((blocks[i].container + "/").startswith(main + "/")
                           for i in range(s, e) if is_good(blocks[i]))


def find_title(blocks: List[Block], regions: List[Tuple[int, int]],
               hints: Sequence[str]) -> List[int]:
    """The headline's block(s): those matching the page's title hint, the page's one <h1>,
    else (a text dump) the line above the body that looks most like a headline."""
    first_good = _first_good(blocks, regions)
    before = len(blocks) if first_good is None else first_good
    h1 = _single_h1(blocks, before)  # cheap, and it decides unless a hint names a line outright
    hinted, score = _hinted_title(blocks, before, hints, EXACT_HINT if h1 is not None else TITLE_MATCH)
    if hinted and score >= EXACT_HINT:
        return hinted
    if h1 is not None:
        return [h1]
    labelled = None if hints else _labelled_title(blocks, before)
    if labelled is not None:
        return [labelled]
    if hinted or first_good is None or hints:
        return hinted  # with hints and no match, the metadata stage uses the hint itself
    above = _title_above(blocks, first_good)
    return [] if above is None else _headline_group(blocks, above)


def _labelled_title(blocks: List[Block], before: int) -> Optional[int]:
    """A line above the body that names itself the title (`title: …`, `标 题：…`), as
    transcript files and some text dumps print it: the headline, whatever frames it."""
    for i in range(before):
        m = rules.RE_TITLE_LABEL.match(blocks[i].text)
        if m and 0 < tokens(blocks[i].text[m.end():]) <= TITLE_MAX_TOKENS:
            return i
    return None


def _headline_group(blocks: List[Block], at: int) -> List[int]:
    """A text dump's headline set over consecutive lines (no blank line between them)."""
    def joins(i: int) -> bool:
        b = blocks[i]
        return b.group == blocks[at].group >= 0 and _title_like(b) and not b.list_item

    start, end = at, at
    while start > 0 and joins(start - 1) and end - start + 1 < TITLE_MAX_LINES:
        start -= 1
    while end + 1 < len(blocks) and joins(end + 1) and end - start + 1 < TITLE_MAX_LINES:
        end += 1
    return list(range(start, end + 1))


def _single_h1(blocks: List[Block], before: int) -> Optional[int]:
    """The page's one visible <h1> above the text, if it has exactly one (a logo <h1> is
    a link, and a page with several has no single headline)."""
    found = [i for i in range(before) if blocks[i].heading == 1 and not blocks[i].hidden
             and not blocks[i].structural and blocks[i].link_density < MAX_LINK_DENSITY
             and _title_like_text(blocks[i])]
    return found[0] if len(found) == 1 else None


def _first_good(blocks: List[Block], regions: List[Tuple[int, int]]) -> Optional[int]:
    return next((i for s, e in regions for i in range(s, e) if is_good(blocks[i])), None)


def _hinted_title(blocks: List[Block], before: int, hints: Sequence[str],
                  floor: float = TITLE_MATCH) -> Tuple[List[int], float]:
    """The run of one to TITLE_MAX_LINES blocks whose text best matches a title hint
    (a headline set over lines with <br> inside a <p> is several blocks), scoring at least
    `floor`. A higher floor finds the same best run when that run reaches it (the best
    is the first run with the highest score), and lets weaker candidates be cut short."""
    best: List[int] = []
    best_score, best_raw = floor, 0.0
    hint_keys = [k for k in (key(h) for h in hints) if k]
    if not hint_keys:  # nothing to score against (a text dump has no <title>): no run
        return best, best_raw
    for i in range(before):
        if not _hint_candidate(blocks[i]):
            continue
        k, bonus = "", 0.05 if blocks[i].heading else 0.0
        for j in range(i, min(before, i + TITLE_MAX_LINES)):
            if j > i and not (_hint_candidate(blocks[j]) and blocks[j].path == blocks[i].path):
                break
            k += key(blocks[j].text)
            for hk in hint_keys:
                raw = key_similarity(k, hk, best_score - bonus)
                if raw + bonus > best_score or (raw + bonus == best_score and not best):
                    best, best_score, best_raw = list(range(i, j + 1)), raw + bonus, raw
    return best, best_raw


def _hint_candidate(block: Block) -> bool:
    """Menus repeat the page's name as a link: a headline is visible text, not a link."""
    return not block.hidden and not block.structural and block.link_density <= MAX_LINK_DENSITY \
        and 0 < tokens(block.text) <= TITLE_MAX_TOKENS


def _title_above(blocks: List[Block], first_good: int) -> Optional[int]:
    """The best headline-like line between the chrome above the text and its first paragraph.

    A line followed by metadata (来源, a date) scores highest, one followed by prose or a
    toolbar next, a heading element gets a point; ties go to the earliest line."""
    if not any(b.label == CHROME for b in blocks[:first_good]) and _title_like(blocks[0]):
        return 0  # nothing framed the text: a clean document, headline first (our own output)
    best, best_score = None, -1
    for i in range(first_good - 1, max(-1, first_good - 1 - TITLE_LOOKBACK), -1):
        b = blocks[i]
        if _is_boundary(b):
            break
        if not _title_like(b) or b.list_item:
            continue
        score = _follower_score(blocks, i) + (1 if b.heading else 0)
        if score >= best_score:
            best, best_score = i, score
    return best


def _is_boundary(block: Block) -> bool:
    """Chrome that frames the page rather than the article: the headline is below it."""
    if block.label != CHROME:
        return False
    pattern = block.reason[len("pattern: "):] if block.reason.startswith("pattern: ") else ""
    return not (pattern in rules.TOOLBAR_PATTERNS or block.reason == "table of contents")


def _follower_score(blocks: List[Block], i: int) -> int:
    for b in blocks[i + 1:i + 4]:
        if b.tag == "img":
            continue
        if b.label == METADATA or _is_date_line(b.text):
            return 2
        return 1 if is_good(b) or has_sentence(b.text) or b.label == CHROME else 0
    return 0


def join_lines(lines: List[str]) -> str:
    """Headline lines as one: CJK joins without a space, other scripts with one."""
    out = ""
    for line in lines:
        wide = out and (_wide(out[-1]) or _wide(line[0]))
        out = out + line if not out or wide else out + " " + line
    return out


def _wide(ch: str) -> bool:
    return bool(RE_TOKEN.match(ch)) and not ch.isascii() and ch.isalpha()


def strip_trailing_metadata(title: str) -> str:
    """"标题 2023-08-19 来源：解放日报" on one line: the headline is what precedes the date."""
    m = RE_TRAILING_META.search(title)
    if m and tokens(title[:m.start()]) >= 4:
        return title[:m.start()].strip()
    return title


def _title_like_text(block: Block) -> bool:
    n = tokens(block.text)
    return 0 < n <= TITLE_MAX_TOKENS and not block.text.rstrip().endswith(("。", ".", "：", ":"))


def _title_like(block: Block) -> bool:
    if RE_BRACKETED.match(block.text):
        return False  # "（2007年6月29日…会议通过）": a note under the headline
    n = tokens(block.text)
    return 0 < n <= TITLE_MAX_TOKENS and not block.label and block.tag != "img" \
        and not block.text.rstrip().endswith(("。", "：", ":", "；", "!", "！", ",", "，")) \
        and not RE_SENTENCE_PERIOD.search(block.text) \
        and not rules.is_doc_number(block.text)


def _is_date_line(text: str) -> bool:
    """A line that is a date and nothing else (labels like 发布时间 allowed): "报名时间：
    3月7日-4月26日" is text, "2025年06月03日 13时44分" and "November 19, 2019" are dates."""
    if len(text) > DATE_LINE_MAX or not text.isascii() and RE_UNDATED_IDEOGRAPH.search(text):
        return False  # too long, or a word of prose (a cheap test before parse_date's)
    return parse_date(text) is not None and not any(c.isalpha() for c in RE_DATE_WORDS.sub("", text))


def label_card_lists(blocks: List[Block]) -> None:
    """List items that each carry their own heading, repeated CARD_LIST_MIN times or more
    at one DOM path, are cards (a gallery's captioned slides, teasers, a feed), not the
    article's list: every block inside such an item is chrome."""
    heads: Dict[str, int] = {}
    for block in blocks:
        if block.heading and block.list_item and "/li" in block.path:
            heads[block.path] = heads.get(block.path, 0) + 1
    units = {_item_prefix(path) for path, n in heads.items() if n >= CARD_LIST_MIN}
    if not units:
        return
    for block in blocks:
        if block.list_item and _item_prefix(block.path) in units and block.label != METADATA:
            block.label, block.reason = CHROME, "list of cards"


def _item_prefix(path: str) -> str:
    """The path down to the innermost list item (`…/ul.legends/li`)."""
    steps = path.split("/")
    last = max((i for i, step in enumerate(steps) if step == "li" or step.startswith("li.")), default=-1)
    return "/".join(steps[:last + 1])


def label_unit_heads(blocks: List[Block]) -> None:
    """Name-and-date lines repeated at one DOM path (`anna · 12.03.2023`, `Reply from Bob,
    March 5, 2024`) head the units of a comment list: metadata, so each reply is a run of
    its own (body_regions' _thread_start then sees the repeated units)."""
    heads: Dict[str, List[Block]] = {}
    for block in blocks:
        if block.path and not block.label and _is_dated_byline(block.text):
            heads.setdefault(block.path, []).append(block)
    for same in heads.values():
        if len(same) >= THREAD_MIN_UNITS:
            for block in same:
                block.label, block.reason = METADATA, "repeated author/time line"


def _is_dated_byline(text: str) -> bool:
    """A short line of a name and a date (`anna · 12.03.2023 10:15`, `By Ann Lee, March 5,
    2024`): the head of a comment or an article's byline, not text."""
    if len(text) > DATE_LINE_MAX or tokens(RE_CJK_RUN.sub(" 字 ", text)) > BYLINE_MAX_TOKENS or has_sentence(text) \
            or text.count(" | ") >= ROW_MIN_SEPARATORS \
            or RE_LABEL_COLON.search(text):
        return False  # `报名时间：3月7日-4月26日` is a label and its value, in the text
    return parse_date(text) is not None


def label_edge_bylines(blocks: List[Block]) -> None:
    """Name-and-date lines (`By Ann Lee - Nov 19, 2019, 10:31 pm CST`) at the top of the
    body or after its last paragraph are its byline: metadata, not text."""
    body = [i for i, b in enumerate(blocks) if b.label == BODY]
    goods = [i for i in body if _good_text(blocks[i])]
    if not goods:
        return
    lead_end = goods[min(len(goods) - 1, BYLINE_LEAD_PARAGRAPHS)]
    for i in body:
        text = blocks[i].text
        if (i < lead_end or i > goods[-1]) and not blocks[i].table_row and not RE_SIGNATURE_DASH.match(text) \
                and not RE_BRACKETED.match(text) and _is_dated_byline(text):
            blocks[i].label, blocks[i].reason = METADATA, "byline"


def mark_body(blocks: List[Block], regions: List[Tuple[int, int]], title_at: Optional[int]) -> None:
    inside: Set[int] = set()
    for s, e in regions:
        if title_at is not None and s <= title_at < e:
            s = title_at + 1
        inside.update(_trim(blocks, s, e))
    inside.update(_between_title_and_text(blocks, regions, title_at))
    for i, block in enumerate(blocks):
        if i == title_at:
            continue
        if i in inside:
            block.label, block.reason = BODY, "main text" if is_good(block) else "inside main text"
        elif not block.label:
            block.label, block.reason = CHROME, block.reason or "outside main text"


def _between_title_and_text(blocks: List[Block], regions, title_at: Optional[int]) -> List[int]:
    """Lead lines between the headline and the first text run (a summary, a document number)."""
    first_good = _first_good(blocks, regions)
    if title_at is None or first_good is None or not 0 < first_good - title_at <= TITLE_LOOKBACK:
        return []
    return [i for i in range(title_at + 1, first_good)
            if not blocks[i].label and blocks[i].tag != "img"]


def _trim(blocks: List[Block], s: int, e: int) -> Iterable[int]:
    """Drop a leading menu and trailing leftovers from a region."""
    goods = [i for i in range(s, e) if is_good(blocks[i])]
    if not goods:  # a run between two runs of the text (_between): all of it
        return [i for i in range(s, e) if blocks[i].tag != "img" and not blocks[i].hidden]
    first, last = goods[0], goods[-1]
    lead_items = [i for i in range(s, first) if blocks[i].list_item]
    if len(lead_items) >= NAV_LIST_MIN:
        s = lead_items[-1] + 1  # a menu before the prose: keep what follows it
    return [i for i in range(s, _tail_end(blocks, last + 1, e))
            if blocks[i].tag != "img" and not blocks[i].hidden]


def _tail_end(blocks: List[Block], start: int, e: int) -> int:
    """After the last paragraph: a few short lines (signatures, dates) and one short list,
    and any run of lines that are the paragraph's siblings (a list written as <p> lines)."""
    end, lines = _sibling_run(blocks, start, e), 0
    while end < e:
        if blocks[end].list_item:
            run = end
            while run < e and blocks[run].list_item:
                run += 1
            if run - end > TAIL_LIST_MAX:
                break
            end = run
            continue
        lines += 1
        if lines > TRAIL_MAX:
            break
        end += 1
    return end


def _sibling_run(blocks: List[Block], start: int, e: int) -> int:
    """The end of the lines after the last paragraph (blocks[start - 1]) that are its
    siblings: the same element type in the same container (HTML only)."""
    last = blocks[start - 1]
    if not last.path:  # a text: its lines have no element, but nothing after them at all
        return e if e == len(blocks) and e - start > TRAIL_MAX else start  # is a clean text's end
    end = start
    while end < e and blocks[end].tag == last.tag and blocks[end].container == last.container:
        end += 1
    return end if end - start > TRAIL_MAX else start


def readability_opinion(html: str, blocks: List[Block]) -> int:
    """When the rules find no text, ask readability-lxml which blocks carry the article.

    One signal among the others, used where they are silent: blocks whose text stands in
    readability's summary and that no rule called chrome become body. Returns how many."""
    if any(b.label == BODY for b in blocks) or len(html) > READABILITY_MAX_CHARS:
        return 0
    summary = _readability_text(html)
    if len(summary) < READABILITY_MIN_CHARS:
        return 0
    found = 0
    for block in blocks:
        if block.label in ("", CHROME) and not block.reason.startswith(("pattern", "hidden", "inside <")) \
                and len(key(block.text)) >= 2 and key(block.text) in summary:
            block.label, block.reason = BODY, "readability-lxml's main content"
            found += 1
    return found


def _readability_text(html: str) -> str:
    import logging

    # readability logs a traceback for pages it cannot read; its answer is only a signal
    # here, so its logger stays quiet while it runs (and is restored after)
    logger = logging.getLogger("readability.readability")
    quiet = logger.disabled
    logger.disabled = True
    try:
        from lxml import html as lxml_html
        from readability import Document as Readability

        summary = Readability(html).summary(html_partial=True)
        return key(lxml_html.fromstring(summary).text_content())
    except Exception:  # readability raises its own and lxml's errors on odd pages
        return ""
    finally:
        logger.disabled = quiet
