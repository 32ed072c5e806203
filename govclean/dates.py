"""Dates: every form seen on government pages -> ISO 8601 (date, or date and time when shown)."""
from __future__ import annotations

import re
from typing import Optional

from .rules import TABLES, ja
from .textutil import Deferred

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
for _table in TABLES.values():  # de, fr, es, it, nl, pt month names (rules/<lang>.py)
    MONTHS.update(getattr(_table, "MONTHS", {}))
# The words a date line may hold besides its date: month names (every table's), English
# weekdays, a clock's am/pm and the commonest time zones (`Tuesday 5 March 2024 10:15 AM EST`).
RE_CALENDAR_WORDS = re.compile(
    r"(?i)\b(?:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
    + r"|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|[ap]\.?m\.?"
    r"|utc|gmt|[ecmp][sd]?t)\b\.?")
ERAS = ja.ERAS  # 令和6年 = 2018 + 6

# Years a government page may show: the web began after 1990, and a year past 2099 is a typo.
MIN_YEAR, MAX_YEAR = 1990, 2099

# 2018-07-11, 2018/07/11, 2018.07.11, 2018年7月11日, then an optional clock:
# 09:37, 09:37:43, 13时44分, 2026-07-12-09:37:43 (a dash between date and clock).
RE_YMD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年년]\s*(\d{1,2})\s*[-/.月월]\s*(\d{1,2})(?!\d)\s*[日일]?"
    r"(?:[\sT-]*(\d{1,2})\s*[:：时點点]\s*(\d{1,2})\s*分?(?:\s*[:：]\s*(\d{1,2})\s*秒?)?(?!\d))?")
RE_CN_YMD = Deferred(r"([〇零○Ｏ0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                       r"\s*([一二三四五六七八九十]{1,3})\s*日")
# 12 March 2024, 5. März 2024, 5 mars 2024, 1er mars 2024, 5 de marzo de 2024, 5 de março de 2024
RE_DMY = re.compile(r"(?i)(?<![\w.])(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s+(?:de\s+)?([^\W\d_]{3,12})\.?,?"
                    r"\s+(?:de\s+|del\s+)?((?:19|20)\d{2})\b")
RE_MDY = re.compile(r"(?i)\b([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b")
# 05.03.2024 (day first: the dotted numeric form of German, Dutch, Nordic pages)
RE_DMY_DOTS = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})(?![\d.]\d)")
# 25/03/2024 or 03/25/2024: read only when one of the two numbers cannot be a month (a
# day past 12); 05/03/2024 is March 5 in Paris and May 3 in Washington, so no date.
RE_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
# 20240305 alone (a <meta pubdate> value), with an optional clock: 20240305101500.
RE_COMPACT = re.compile(r"^\s*((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{4,6})?\s*$")
# 令和6年3月5日, 平成元年4月1日
RE_ERA = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
RE_ISO_TZ = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})")
RE_HAS_ZONE = re.compile(r"(?:[+-]\d{2}:\d{2}|Z)$")
# Every form above holds a digit (RE_CN_YMD: 年): text without either is no date, and most
# lines asked about are not (86-90% in ../shared/corpus zh-gov and en-gov), so this one
# scan spares them the five. A new form without a digit or 年 must extend it.
RE_DATE_POSSIBLE = re.compile(r"[\d年]")
BEIJING = "+08:00"


def parse_date(text: Optional[str]) -> Optional[str]:
    """The first date in text as ISO 8601: 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SS' (naive) or
    with the zone the text gives ('2024-03-12T09:30:00+00:00'); None when there is none."""
    if not text or not RE_DATE_POSSIBLE.search(text):
        return None
    m = RE_ISO_TZ.search(text)
    if m:
        zone = "+00:00" if m.group(3) == "Z" else m.group(3)
        zone = zone if ":" in zone else zone[:3] + ":" + zone[3:]
        clock = m.group(2) if m.group(2).count(":") == 2 else m.group(2) + ":00"
        return f"{m.group(1)}T{clock}{zone}"
    m = RE_YMD.search(text)
    if m:
        return _ymd(*m.groups())
    m = RE_ERA.search(text)
    if m:
        year = ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))
        return _ymd(year, m.group(3), m.group(4))
    m = RE_CN_YMD.search(text)
    if m:
        year = "".join(str(CN_DIGITS[c]) for c in m.group(1))
        return _ymd(year, str(_cn_number(m.group(2))), str(_cn_number(m.group(3))))
    return _named_month(text) or _dotted(text) or _slashed(text) or _compact(text)


def _slashed(text: str) -> Optional[str]:
    m = RE_SLASHED.search(text)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if a > 12 >= b:
        return _ymd(year, str(b), str(a))
    if b > 12 >= a:
        return _ymd(year, str(a), str(b))
    return None  # both could be the month


def _compact(text: str) -> Optional[str]:
    m = RE_COMPACT.match(text)
    return _ymd(*m.groups()) if m else None


def _named_month(text: str) -> Optional[str]:
    """12 March 2024, 12th Mar. 2024, March 12, 2024, and the day-month-year forms of the
    languages in rules/ (5. März 2024, 5 de marzo de 2024)."""
    for rx, (y, mo, d) in ((RE_DMY, (3, 2, 1)), (RE_MDY, (3, 1, 2))):
        for m in rx.finditer(text):
            month = MONTHS.get(m.group(mo).lower())
            if month:
                return _ymd(m.group(y), str(month), m.group(d))
    return None


def _dotted(text: str) -> Optional[str]:
    m = RE_DMY_DOTS.search(text)
    return _ymd(m.group(3), m.group(2), m.group(1)) if m else None


def _cn_number(s: str) -> int:
    """一 .. 三十一 as an int."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS[s[1]]
    if s.endswith("十"):
        return CN_DIGITS[s[0]] * 10
    if len(s) == 3:
        return CN_DIGITS[s[0]] * 10 + CN_DIGITS[s[2]]
    return CN_DIGITS[s[0]]


def _ymd(y, mo, d, h=None, mi=None, s=None) -> Optional[str]:
    year, month, day = int(y), int(mo), int(d)
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= _month_days(year, month)):
        return None
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if h is not None and mi is not None:
        hour, minute, sec = int(h), int(mi), int(s or 0)
        # 00:00 is what CMSs print when no time was entered: not a time shown
        if (hour, minute, sec) != (0, 0, 0) and hour < 24 and minute < 60 and sec < 60:
            out += f"T{hour:02d}:{minute:02d}:{sec:02d}"
    return out


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def with_zone(value: Optional[str], chinese: bool) -> Optional[str]:
    """A time shown on a Chinese government page is Beijing time (+08:00); a date stays a date."""
    if value and "T" in value and chinese and not RE_HAS_ZONE.search(value):
        return value + BEIJING
    return value
