"""Required characters: which class of character every match of a compiled pattern must hold (a cheap test before the search)."""
from __future__ import annotations

import re
from typing import Callable

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


def needs_latin(rx: "re.Pattern[str]") -> bool:
    """Every match of rx holds a character of RE_LATIN (False when unsure)."""
    return _needs(rx, _latin)


def needs_cjk(rx: "re.Pattern[str]") -> bool:
    """Every match of rx holds a character of RE_CJK (False when unsure)."""
    return _needs(rx, _cjk)


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
