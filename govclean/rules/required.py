"""Pattern facts read from a compiled pattern for cheap tests before a search: the characters every match holds, and case-blind patterns that can run on lowered text."""
from __future__ import annotations

import re
from typing import Callable

from .. import recache

try:  # the regex parser the re module compiles with (private: any surprise means "unknown")
    from re import _parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.9, 3.10
    import sre_parse  # type: ignore[no-redef]

# Characters that re.IGNORECASE matches with an ASCII letter (İ ı for i, ſ for s, the
# Kelvin sign for k): found by trying every code point against every ASCII letter.
ASCII_FOLDS = frozenset((0x130, 0x131, 0x17F, 0x212A))
# A text holds a character that a Latin-letter pattern needs (the folds included).
RE_LATIN = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")
# CJK radicals onwards: kana, Han, Hangul, fullwidth forms, 【】 (and everything above).
CJK_START = 0x2E80
RE_CJK = re.compile("[\u2e80-\U0010ffff]")

Test = Callable[[int, bool], bool]  # (code point, ignorecase) -> the character is of the class


def _latin(code: int, ignorecase: bool) -> bool:
    """An ASCII letter: it and everything re.I equates with it are in RE_LATIN."""
    return chr(code).isascii() and chr(code).isalpha()


def _cjk(code: int, ignorecase: bool) -> bool:
    """A CJK-block character (case-blind patterns aside: Cherokee folds across the bound)."""
    return code >= CJK_START and not ignorecase


# Each fact below is read from the parsed pattern once, then kept between runs by recache.fact
# (the parses cost a one-page run about 25 ms of its start-up).


def needs_latin(rx: "re.Pattern[str]") -> bool:
    """Every match of rx holds a character of RE_LATIN (False when unsure)."""
    return recache.fact("needs_latin", rx, lambda rx: _needs(rx, _latin))


def needs_cjk(rx: "re.Pattern[str]") -> bool:
    """Every match of rx holds a character of RE_CJK (False when unsure)."""
    return recache.fact("needs_cjk", rx, lambda rx: _needs(rx, _cjk))


def _needs(rx: "re.Pattern[str]", test: Test) -> bool:
    try:
        tree = sre_parse.parse(rx.pattern, rx.flags & ~re.UNICODE)
        return _sequence(list(tree), test, bool(rx.flags & re.IGNORECASE))
    except Exception:  # an unknown node or a parser change: the search always runs
        return False


def _sequence(items, test: Test, ignorecase: bool) -> bool:
    """A sequence holds such a character when any of its items must."""
    return any(_item(op, av, test, ignorecase) for op, av in items)


def _item(op, av, test: Test, ignorecase: bool) -> bool:
    c = sre_parse
    if op is c.LITERAL:
        return test(av, ignorecase)
    if op is c.IN:
        return _charset(av, test, ignorecase)
    if op is c.BRANCH:
        return all(_sequence(list(branch), test, ignorecase) for branch in av[1])
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        ignorecase = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence(list(sub), test, ignorecase)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _high, sub = av
        return low >= 1 and _sequence(list(sub), test, ignorecase)
    return False  # anchors, look-arounds, any character, categories: no promise


def _charset(items, test: Test, ignorecase: bool) -> bool:
    """A [class] whose every member is of the class (a negated one never is)."""
    c = sre_parse
    for op, av in items:
        if op is c.LITERAL and test(av, ignorecase):
            continue
        if op is c.RANGE and all(test(code, ignorecase) for code in range(av[0], av[1] + 1)):
            continue
        return False
    return bool(items)


INLINE_IGNORECASE = "(?i)"


def lowered(rx: "re.Pattern[str]") -> "re.Pattern[str] | None":
    """rx without re.I, for ASCII text lowered first: the same matches at the same places
    (ASCII lower() keeps every position, and a case-blind letter matches exactly the ASCII
    text whose lower case it is when the pattern spells it in lower case). None unless rx
    opens with (?i) and spells no upper-case ASCII letter; ~4x faster where it applies."""
    plain = recache.fact("lowered", rx, _lowered)
    return None if plain is None else re.compile(plain)


def _lowered(rx: "re.Pattern[str]") -> "str | None":
    """lowered's pattern text."""
    if not rx.pattern.startswith(INLINE_IGNORECASE) or rx.flags & ~(re.IGNORECASE | re.UNICODE):
        return None
    try:
        plain = re.compile(rx.pattern[len(INLINE_IGNORECASE):])
        ok = not plain.flags & re.IGNORECASE and _lower_only(list(sre_parse.parse(plain.pattern)))
    except Exception:  # an unknown node or a parser change: the case-blind search runs
        return None
    return plain.pattern if ok else None


def _lower_only(items) -> bool:
    """No upper-case ASCII letter, character re.I equates with an ASCII letter (ſ, ı),
    back-reference or inline flag anywhere in the tree."""
    c = sre_parse
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            ok = not _upper_ascii(av) and av not in ASCII_FOLDS
        elif op is c.IN:
            ok = all(_lower_only([item]) for item in av)
        elif op is c.RANGE:
            ok = not any(_upper_ascii(code) or code in ASCII_FOLDS for code in range(av[0], av[1] + 1))
        elif op is c.BRANCH:
            ok = all(_lower_only(list(branch)) for branch in av[1])
        elif op is c.SUBPATTERN:
            ok = not av[1] and not av[2] and _lower_only(list(av[3]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            ok = _lower_only(list(av[2]))
        elif op in (c.ASSERT, c.ASSERT_NOT):
            ok = _lower_only(list(av[1]))
        else:
            ok = op in (c.ANY, c.AT, c.CATEGORY, c.NEGATE)
        if not ok:
            return False
    return True


def _upper_ascii(code: int) -> bool:
    return 0x41 <= code <= 0x5A


# ---------------------------------------------------------------- where a match can begin

CATEGORY_ESCAPES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


class _Unsure(Exception):
    """A node whose first character this reader does not work out."""


def anchored(rx: "re.Pattern[str]") -> bool:
    """rx opens with ^ or \\A (without re.M): a search finds a match at position 0 or none."""
    return recache.fact("anchored", rx, _anchored)


def _anchored(rx: "re.Pattern[str]") -> bool:
    if rx.flags & re.MULTILINE:
        return False
    try:
        tree = list(sre_parse.parse(rx.pattern, rx.flags & ~re.UNICODE))
    except Exception:  # a parser change: no promise
        return False
    return bool(tree) and tree[0][0] is sre_parse.AT \
        and tree[0][1] in (sre_parse.AT_BEGINNING, sre_parse.AT_BEGINNING_STRING)


def first_class(rx: "re.Pattern[str]") -> "re.Pattern[str] | None":
    """A one-character pattern that matches the first character of every match of rx (the
    [classes] and literals a match can begin with, case-blind where rx is), or None when
    rx can match the empty string or holds a node read as unsure (., back-references)."""
    begins = recache.fact("first_class", rx, _first_class)
    return None if begins is None else re.compile(begins)


def _first_class(rx: "re.Pattern[str]") -> "str | None":
    """first_class's pattern text."""
    try:
        tree = list(sre_parse.parse(rx.pattern, rx.flags & ~re.UNICODE))
        parts, nullable = _first(tree, bool(rx.flags & re.IGNORECASE))
    except Exception:  # _Unsure, an unknown node or a parser change: every line is tried
        return None
    if nullable or not parts:
        return None
    return "|".join(sorted(set(parts)))


def _first(items, ignorecase: bool):
    """([one-character patterns], whether the sequence can match the empty string)."""
    parts: list = []
    for op, av in items:
        head, nullable = _first_item(op, av, ignorecase)
        parts += head
        if not nullable:
            return parts, False
    return parts, True


def _first_item(op, av, ignorecase: bool):
    c = sre_parse
    flag = "(?i:" if ignorecase else "(?-i:"
    if op in (c.LITERAL, c.NOT_LITERAL):
        return [flag + "[" + ("^" if op is c.NOT_LITERAL else "") + _code(av) + "])"], False
    if op is c.IN:
        return [flag + "[" + "".join(_class_item(o, a) for o, a in av) + "])"], False
    if op is c.BRANCH:
        firsts = [_first(list(branch), ignorecase) for branch in av[1]]
        return [p for parts, _ in firsts for p in parts], any(n for _, n in firsts)
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        ignorecase = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _first(list(sub), ignorecase)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _high, sub = av
        parts, nullable = _first(list(sub), ignorecase)
        return parts, nullable or low == 0
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _first(list(av), ignorecase)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return [], True  # zero width: they narrow the matches, never widen them
    raise _Unsure(op)


def _class_item(op, av) -> str:
    c = sre_parse
    if op is c.LITERAL:
        return _code(av)
    if op is c.RANGE:
        return _code(av[0]) + "-" + _code(av[1])
    if op is c.NEGATE:
        return "^"
    if op is c.CATEGORY:
        return CATEGORY_ESCAPES[str(av)]
    raise _Unsure(op)


def _code(code: int) -> str:
    return f"\\U{code:08x}"
