"""Small text measures shared by the stages: token counts, normal forms, similarity."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

RE_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A token is one CJK character or one run of letters/digits: the unit the referee counts.
RE_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
RE_SENTENCE_END = re.compile(r"[。！？；.!?;:：]['\"”’）)]?\s*$|[。！？]")
RE_NOT_WORD = re.compile(r"[\W_]+")


def tokens(text: str) -> int:
    return len(RE_TOKEN.findall(text))


def cjk_share(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(RE_CJK.findall(text)) / max(1, letters)


def has_sentence(text: str) -> bool:
    return bool(RE_SENTENCE_END.search(text))


def key(text: str) -> str:
    """A comparison form: NFKC, lower case, no punctuation or spaces."""
    return RE_NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def similarity(a: str, b: str) -> float:
    """Ratio of matching characters between two comparison forms (0..1)."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()
