"""Small text measures shared by the stages: token counts, normal forms, similarity."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Optional, Sequence


class Deferred:
    """A regular expression compiled on its first use: start-up compiles only the patterns
    a run needs (Python compiles a pattern with a CJK range in 1-2 ms). After the first use
    its methods are the compiled pattern's own, looked up as fast."""

    METHODS = ("search", "match", "fullmatch", "split", "findall", "finditer", "sub", "subn",
               "pattern", "flags", "groups", "groupindex")

    def __init__(self, pattern, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):  # reached only before the first use
        if name.startswith("_"):  # not a pattern's (copy and pickle probe for __setstate__)
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attr in self.METHODS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)


# Distinct block texts remembered by tokens() and key(): a page has ~100-2,000 blocks.
TOKEN_CACHE = 8192

RE_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A token is one CJK character or one run of letters/digits: the unit the referee counts.
RE_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
# RE_TOKEN's matches grouped: a run of CJK characters (captured), or any other word.
RE_TOKEN_RUNS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|[^\W_]+")
RE_SENTENCE_END = re.compile(r"[。！？；.!?;:：]['\"”’）)]?\s*$|[。！？]")
RE_NOT_WORD = re.compile(r"[\W_]+")
# What RE_NOT_WORD leaves, run by run: key() joins these (on Chinese lines, whose
# punctuation is a character here and there, a fifth faster than deleting the rest).
RE_WORD_RUN = re.compile(r"[^\W_]+")

# Characters no document text, metadata value or terminal line carries: C0 controls but tab
# and newline (ESC starts terminal escape sequences, BEL rings), DEL, C1 controls (CSI
# U+009B is ESC [ in one character), bidi embeddings, overrides and isolates (U+202A-E,
# U+2066-9: they reorder what follows, file names included), and U+FEFF (a byte order mark
# left inside the text; it is also a zero-width no-break space nobody types on purpose).
# LRM, RLM and ALM (U+200E, U+200F, U+061C) mark direction without overriding it and stay.
RE_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]+")
# Shown escaped on a terminal line and in JSON strings: the above, tab and newline too
# (a name is one line), the line and paragraph separators (YAML and JavaScript read them
# as line breaks) and lone surrogates (undecodable bytes of a file name).
RE_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                        "\ufeff\ud800-\udfff]")
# The same, but for json.dumps output: it escapes C0 itself, and its own newlines are layout.
RE_JSON_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
                             "\ud800-\udfff]")


@lru_cache(maxsize=TOKEN_CACHE)
def tokens(text: str) -> int:
    """CJK characters plus Latin words (cached: the classifier asks about a block often).

    len(RE_TOKEN.findall(text)), counted by runs: RE_TOKEN takes a word's leading CJK
    characters one at a time and the rest of the word at once, so a run of CJK characters
    counts its length and any other word 1. One match a run, not a string a character:
    half the time on Chinese text (text without CJK is counted as before: a Python step a
    word would double the time of English)."""
    if text.isascii() or not RE_CJK.search(text):
        return len(RE_TOKEN.findall(text))
    runs = RE_TOKEN_RUNS.findall(text)  # a CJK run, or '' for another word (one token)
    return len("".join(runs)) + runs.count("")  # sum(len(run) or 1), without a Python step a run


def cjk_share(text: str) -> float:
    letters = sum(1 for c in text if c.isalpha())
    return len(RE_CJK.findall(text)) / max(1, letters)


# RE_SENTENCE_END's parts, for plain string tests: an end mark (and a closing quote or
# bracket) before trailing white space, or a CJK full stop anywhere.
SENTENCE_MARKS = frozenset("。！？；.!?;:：")
SENTENCE_CLOSERS = frozenset("'\"”’）)")
CJK_STOPS = ("。", "！", "？")


def has_sentence(text: str) -> bool:
    """RE_SENTENCE_END.search(text), without the regex's try at every position."""
    end = text.rstrip()  # what RE_SENTENCE_END's \s*$ passes over (rstrip strips \s)
    if end[-1:] in SENTENCE_MARKS or (end[-1:] in SENTENCE_CLOSERS and end[-2:-1] in SENTENCE_MARKS):
        return True
    return "。" in text or "！" in text or "？" in text  # CJK_STOPS, without a generator's steps


@lru_cache(maxsize=TOKEN_CACHE)
def key(text: str) -> str:
    """A comparison form: NFKC, lower case, no punctuation or spaces (cached: classify,
    fold and metadata each compare the same lines)."""
    return "".join(RE_WORD_RUN.findall(nfkc(text).lower()))  # RE_NOT_WORD.sub("", ...)


# The compatibility characters of Chinese prose, replaced by their own NFKD before NFKC:
# over the bodies of 374 of the corpus's text dumps they are all but ~40 of the 53,600
# characters NFKC changes (，：？ alone 52,300). Each costs a scan of the text: a short list.
NFKC_COMMON = "，：？！（）；％－＋\u00a0\u3000"
_COMMON_PARTS = [(char, unicodedata.normalize("NFKD", char)) for char in NFKC_COMMON]


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), the same string, faster on CJK prose. NFKD
    decomposes character by character and then reorders, so replacing a character by its
    own NFKD first changes neither NFKD nor NFKC; once the full-width punctuation is
    replaced, most Chinese text passes NFKC's quick check instead of being decomposed and
    recomposed whole (7x faster over the text dumps' bodies). ASCII is its own NFKC."""
    if text.isascii():
        return text
    for char, parts in _COMMON_PARTS:
        if char in text:
            text = text.replace(char, parts)
    return unicodedata.normalize("NFKC", text)


# What a document's text puts between its paragraphs (api.clean_page).
PARAGRAPH_BREAK = "\n\n"


def body_key(text: str, paragraphs: Optional[Sequence[str]] = None) -> str:
    """key() of a whole body, not cached: a batch normalises each body once or twice, and
    bodies are long (a cache of TOKEN_CACHE of them held 20-40 MB besides the texts).

    When text is `paragraphs` joined by PARAGRAPH_BREAK, their keys (cached: the page's
    cleaning made most of them) are joined instead: NFKC, lower() and RE_NOT_WORD see a
    line break as a boundary (it composes and reorders with nothing, is neither cased nor
    case-ignorable for a final sigma, and is dropped), so the key of the whole is the
    keys of the parts, one after the other."""
    if paragraphs is not None and text == PARAGRAPH_BREAK.join(paragraphs):
        return "".join([key(p) for p in paragraphs])
    return key.__wrapped__(text)


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


def strip_controls(text: str) -> str:
    """Text without the characters of RE_UNSAFE_TEXT (tab and newline stay)."""
    if printable_but_breaks(text):  # holds none of them
        return text
    return RE_UNSAFE_TEXT.sub("", text)


def printable_but_breaks(text: str) -> bool:
    """Whether text is printable but for its line breaks: then it holds no character of
    RE_UNSAFE_TEXT or RE_JSON_ESCAPED, all unprintable (tests/test_prechecks.py). Two C
    passes where the regex steps through the classes at every position: a document's
    text (paragraphs between line breaks) 3x faster."""
    return text.isprintable() or text.replace("\n", "").isprintable()


# Characters shown by their short escape, as Python writes them (a name with a newline
# reads `line\nbreak.html`).
SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(m: "re.Match") -> str:
    short = SHORT_ESCAPES.get(m.group(0))
    if short:
        return short
    code = ord(m.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid in the file system's encoding
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def user_path(path: str) -> str:
    """A path as the user would write it: relative to the working folder when below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def shown(name: str) -> str:
    """A file name (or a message holding one) safe to print on one terminal line: control,
    bidi and undecodable characters written as \\x1b, \\u202e, \\xff."""
    return RE_ESCAPED.sub(_escape_char, name)


def _json_escape(m: "re.Match") -> str:
    return f"\\u{ord(m.group(0)):04x}"


def json_safe(encoded: str) -> str:
    """json.dumps(..., ensure_ascii=False) output with every RE_ESCAPED character written as
    a \\uXXXX escape: the same JSON value, but nothing a terminal or YAML reader acts on."""
    if printable_but_breaks(encoded):  # holds none of them
        return encoded
    return RE_JSON_ESCAPED.sub(_json_escape, encoded)
