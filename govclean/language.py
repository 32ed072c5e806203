"""Language: a page's language from its script and stopword profile, or its lang attribute when they agree."""
from __future__ import annotations

import re
from typing import Optional

from .rules import TABLES

# The first this many characters of the text decide (a page's opening prose is in its
# language; reading more changes no answer on ../shared/corpus).
SAMPLE_CHARS = 3000
# Scripts: a text is Korean / Japanese / Chinese when this share of its letters is
# Hangul / kana / Han. Japanese prose is a third to a half kana; 0.05 leaves Chinese
# pages that quote a Japanese name Chinese.
HANGUL_SHARE = 0.3
KANA_SHARE = 0.05
HAN_SHARE = 0.3
# Latin-script prose: the language whose stopwords make up at least this share of the
# words, and at least STOPWORD_MIN_HITS of them (a run of English prose is ~40%
# stopwords from its table; a Czech page matches no table above ~5%).
STOPWORD_SHARE = 0.12
STOPWORD_MIN_HITS = 3
# The declared language (<html lang>) stands when detection is unsure or agrees, and
# gives way when the stopword winner leads it by this factor (templates keep lang="en").
OVERRULE_FACTOR = 2.0

RE_LETTER = re.compile(r"[^\W\d_]")
RE_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
RE_KANA = re.compile(r"[\u3040-\u30ff]")
RE_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
RE_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ']+")
# word -> the languages it is a stopword of (one dictionary look-up a word).
STOPWORD_LANGUAGES = {}
for _lang, _table in sorted(TABLES.items()):
    for _word in getattr(_table, "STOPWORDS", ()):
        STOPWORD_LANGUAGES.setdefault(_word, []).append(_lang)


def primary(tag: Optional[str]) -> Optional[str]:
    """`en-US` -> `en`; None for an empty or malformed tag."""
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)", tag or "")
    return m.group(1).lower() if m else None


def detect(text: str, declared: Optional[str] = None) -> Optional[str]:
    """The page's language as a BCP 47 primary tag (`de`, `zh`, `ja`), or None."""
    sample = text[:SAMPLE_CHARS]
    declared = primary(declared)
    if RE_LETTER.search(sample) is None:
        return declared
    by_script = _by_script(sample)
    if by_script:
        return by_script
    scores = _stopword_scores(sample)
    if not scores:
        return declared if declared not in ("zh", "ja", "ko") else None
    best = max(scores, key=lambda lang: (scores[lang], lang))
    if declared and declared != best and scores.get(declared, 0) * OVERRULE_FACTOR >= scores[best]:
        return declared
    return best


SCRIPTS = ((RE_HANGUL, HANGUL_SHARE, "ko"), (RE_KANA, KANA_SHARE, "ja"), (RE_HAN, HAN_SHARE, "zh"))
# The same classes by runs: counting a run's length costs one match, not one a character
# (but scanning text without any is slower than the class alone: a search goes first).
RUNS = {rx: re.compile(f"(?:{rx.pattern})+") for rx in (RE_HANGUL, RE_KANA, RE_HAN, RE_LETTER)}


def count(rx: "re.Pattern[str]", text: str) -> int:
    """How many characters of text the one-character class rx matches (len(rx.findall(text)))."""
    first = rx.search(text)
    return 0 if first is None else sum(map(len, RUNS[rx].findall(text, first.start())))


# Hangul and kana in one class: most samples hold neither, found in one scan, not two.
RE_HANGUL_KANA = re.compile(f"{RE_HANGUL.pattern}|{RE_KANA.pattern}")
# Han is counted first in this share of the sample: when that part alone holds more than
# HAN_SHARE of the whole sample's characters, so does the whole (Chinese prose is ~80% Han,
# so a half decides most Chinese pages and the rest is not counted).
HAN_PREFIX = 0.5


def _by_script(sample: str) -> Optional[str]:
    """ko, ja or zh when that script's share of the letters (the sample holds one) passes
    its bar. The letters, the costliest count, are counted only when it can matter: a
    sample without Hangul, kana or Han has no script answer, and Han alone above
    HAN_SHARE of all the characters is above that share of the letters."""
    if RE_HANGUL_KANA.search(sample) is None:
        bar = HAN_SHARE * len(sample)
        if count(RE_HAN, sample[:int(HAN_PREFIX * len(sample))]) > bar:
            return "zh"  # Han in part of the sample already passes the bar
        counts = [0, 0, count(RE_HAN, sample)]
    else:
        counts = [count(rx, sample) for rx, _, _ in SCRIPTS]
    if not any(counts):
        return None
    if counts[0] == counts[1] == 0 and counts[2] > HAN_SHARE * len(sample):
        return "zh"
    letters = count(RE_LETTER, sample)
    return next((lang for (_, share, lang), n in zip(SCRIPTS, counts) if n > share * letters), None)


def _stopword_scores(sample: str):
    """Share of the words that are each table's stopwords, for tables above the bars."""
    words = RE_LATIN_WORD.findall(sample.lower())
    hits: dict = {}
    for w in words:
        for lang in STOPWORD_LANGUAGES.get(w, ()):
            hits[lang] = hits.get(lang, 0) + 1
    return {lang: n / len(words) for lang, n in hits.items()
            if n >= STOPWORD_MIN_HITS and n >= STOPWORD_SHARE * len(words)}
