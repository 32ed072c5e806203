"""Fold: keep one copy of a body that a page repeats (长辈版 copies, hidden TTS copies, summaries)."""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import List, Set, Tuple

from .model import BODY, REPEAT, Block
from .textutil import key, tokens

# A body run is a repeat when at least this share of its text (by tokens) already stood
# in the body before it. The 长者专区 copies in ../shared/corpus repeat 80-100% of the
# body (they drop a paragraph or change the last one); distinct parts of one article
# share almost nothing, so 0.6 separates them with room on both sides.
REPEAT_SHARE = 0.6
# A single block repeats an earlier one only when it is at least this long (tokens):
# short lines such as "一是" or a signature may legitimately occur twice.
REPEAT_BLOCK_MIN_TOKENS = 8
# A paragraph that recurs at least this many times with distinct text between each two
# of its occurrences is a refrain of the article (an interview's recurring question, a
# meal plan's "Portion Fix Containers: …" line), not a copied summary: a copy of a lead
# stands twice, and copies of a whole body repeat their neighbours too.
REFRAIN_MIN = 3
# A block that holds a whole copy of the body in one piece (a hidden text-to-speech div)
# is a repeat when the body blocks it contains cover this share of the body.
CONTAINED_SHARE = 0.6
# Blocks longer than this (characters) are not searched for contained copies: it bounds
# the substring search on hostile one-line pages; real TTS copies are ~20 kB at most.
CONTAINED_MAX_CHARS = 200_000


def fold(blocks: List[Block]) -> int:
    """Relabel repeated body copies REPEAT; return how many copies were dropped."""
    kept: List[Tuple[str, int]] = []  # (key, tokens) of body blocks kept so far
    seen: Set[str] = set()
    refrains = _refrains(blocks)
    copies = 0
    for run in _body_runs(blocks):
        if kept and _repeat_share(blocks, run, kept) >= REPEAT_SHARE:
            for i in run:
                _mark(blocks[i], "repeats the body above")
            copies += 1
            continue
        for i in run:
            k, n = key(blocks[i].text), tokens(blocks[i].text)
            if k in refrains:
                continue
            if k in seen and n >= REPEAT_BLOCK_MIN_TOKENS:
                _mark(blocks[i], "repeats a paragraph above")  # a summary, a lead
            elif n >= REPEAT_BLOCK_MIN_TOKENS:
                seen.add(k)
                kept.append((k, n))
    return copies + _copies_elsewhere(blocks)


def _refrains(blocks: List[Block]) -> Set[str]:
    """Keys of body paragraphs that recur REFRAIN_MIN times or more, never twice in a row
    from two different elements (a caption shown in full and truncated, a gallery's
    captions and their copies); in a row from one element, the text repeats itself."""
    body = [b for b in blocks if b.label == BODY and tokens(b.text) >= REPEAT_BLOCK_MIN_TOKENS]
    keys = [key(b.text) for b in body]
    if len(keys) - len(set(keys)) < REFRAIN_MIN - 1:
        return set()  # a key REFRAIN_MIN times makes REFRAIN_MIN - 1 repeats: none (a set, not a Counter)
    count = Counter(keys)
    copied = {k for k, prev, b, a in zip(keys[1:], keys, body[1:], body) if k == prev and b.path != a.path}
    return {k for k, c in count.items() if c >= REFRAIN_MIN and k not in copied}


def _repeat_share(blocks: List[Block], run: List[int], kept: List[Tuple[str, int]]) -> float:
    """The share of a run's tokens that earlier body blocks account for, whole or inside
    a longer block (text dumps run a hidden copy's paragraphs together)."""
    joined = "".join(key(blocks[i].text) for i in run)
    weight = sum(tokens(blocks[i].text) for i in run) or 1
    if len(joined) > CONTAINED_MAX_CHARS:
        pieces = {key(blocks[i].text) for i in run}
        return sum(n for k, n in kept if k in pieces) / weight
    return min(1.0, sum(n for k, n in kept if k and k in joined) / weight)


def _body_runs(blocks: List[Block]) -> List[List[int]]:
    """Body blocks grouped into runs that other labels separate."""
    runs: List[List[int]] = []
    current: List[int] = []
    for i, block in enumerate(blocks):
        if block.label == BODY:
            current.append(i)
        elif current and tokens(block.text) > 0 and block.tag != "img":
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _mark(block: Block, reason: str) -> None:
    block.label, block.reason = REPEAT, reason


def _copies_elsewhere(blocks: List[Block]) -> int:
    """Copies of the body outside it (hidden or chrome-labelled): counted, relabelled."""
    body = [(key(b.text), tokens(b.text)) for b in blocks
            if b.label == BODY and tokens(b.text) >= REPEAT_BLOCK_MIN_TOKENS]
    total = sum(n for _, n in body)
    if not total:
        return 0
    body_keys: Set[str] = {k for k, _ in body}
    # body keys by length: only those no longer than a line can stand inside it
    by_length = sorted((len(k), k, n) for k, n in body if k)
    lengths = [m for m, _, _ in by_length]
    covered, run = 0, []
    found = 0
    for i, block in enumerate(blocks + [Block(index=-1, text="", label=BODY)]):
        if block.label == BODY or i == len(blocks):
            found += _close_run(blocks, run, covered, total)
            covered, run = 0, []
            continue
        if block.label == REPEAT:
            continue
        k = key(block.text)
        if k in body_keys:
            covered += tokens(block.text)
            run.append(i)
        elif 2 * REPEAT_BLOCK_MIN_TOKENS < len(k) <= CONTAINED_MAX_CHARS:
            inside = sum(n for _, bk, n in by_length[:bisect_right(lengths, len(k))] if bk in k)
            if inside:
                covered += inside
                run.append(i)
    return found


# The reason of a repeat that was not body (a hidden or chrome copy): every other repeat was.
COPY_ELSEWHERE = "a copy of the body elsewhere in the page"


def _close_run(blocks: List[Block], run: List[int], covered: int, total: int) -> int:
    if not run or covered < CONTAINED_SHARE * total:
        return 0
    for i in run:
        _mark(blocks[i], COPY_ELSEWHERE)
    return max(1, round(covered / total))
