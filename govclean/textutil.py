"""Small text measures shared by the stages: token counts, normal forms, similarity."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Distinct block texts remembered by tokens() and key(): a page has ~100-2,000 blocks.
TOKEN_CACHE = 8192

RE_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A token is one CJK character or one run of letters/digits: the unit the referee counts.
RE_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
RE_SENTENCE_END = re.compile(r"[。！？；.!?;:：]['\"”’）)]?\s*$|[。！？]")
RE_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=TOKEN_CACHE)
def tokens(text: str) -> int:
    """CJK characters plus Latin words (cached: the classifier asks about a block often)."""
    return len(RE_TOKEN.findall(text))


def cjk_share(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(RE_CJK.findall(text)) / max(1, letters)


def has_sentence(text: str) -> bool:
    return bool(RE_SENTENCE_END.search(text))


@lru_cache(maxsize=TOKEN_CACHE)
def key(text: str) -> str:
    """A comparison form: NFKC, lower case, no punctuation or spaces (cached: classify,
    fold and metadata each compare the same lines)."""
    return RE_NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def similarity(a: str, b: str, floor: float = 0.0) -> float:
    """Ratio of matching characters between two comparison forms (0..1).

    Below `floor` the exact value does not matter: cheap upper bounds answer 0 first."""
    return key_similarity(key(a), key(b), floor)


def key_similarity(ka: str, kb: str, floor: float = 0.0) -> float:
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    if 2 * min(len(ka), len(kb)) / (len(ka) + len(kb)) < floor:
        return 0.0
    matcher = SequenceMatcher(None, ka, kb, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def line_hash(text_key: str) -> int:
    """A stable 64-bit hash of a comparison form (unlike hash(), the same in every process):
    site templates and surveys keep these instead of the lines themselves."""
    return int.from_bytes(hashlib.blake2b(text_key.encode("utf-8"), digest_size=8).digest(), "little")
