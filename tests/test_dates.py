"""Dates: every form seen on government pages, to ISO 8601."""
from __future__ import annotations

import pytest

from govclean.dates import parse_date, with_zone


@pytest.mark.parametrize("text, want", [
    ("2018-07-11", "2018-07-11"),
    ("2018-07-11 00:00", "2018-07-11"),  # midnight is what a CMS prints without a time
    ("2018年7月11日", "2018-07-11"),
    ("2018/07/11", "2018-07-11"),
    ("2018.07.11", "2018-07-11"),
    ("2026-07-12-09:37:43", "2026-07-12T09:37:43"),
    ("2025年06月03日 13时44分", "2025-06-03T13:44:00"),
    ("12 March 2024", "2024-03-12"),
    ("March 12, 2024", "2024-03-12"),
    ("12th Sept. 2024", "2024-09-12"),
    ("二〇一八年七月十一日", "2018-07-11"),
    ("二〇二〇年十二月三十一日", "2020-12-31"),
    ("2021-09-01T10:00:00+01:00", "2021-09-01T10:00:00+01:00"),
    ("2019-09-18T06:23:00Z", "2019-09-18T06:23:00+00:00"),
    ("发布时间：2009-09-30 10:53 来源：北京通信管理局", "2009-09-30T10:53:00"),
])
def test_every_form(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("text", ["", "no date here", "2024-02-30", "2024-13-01", "1888-01-01", "第2024号"])
def test_not_a_date(text):
    assert parse_date(text) is None


def test_zone_only_for_a_time_on_a_chinese_page():
    assert with_zone("2024-03-05T09:30:00", chinese=True) == "2024-03-05T09:30:00+08:00"
    assert with_zone("2024-03-05", chinese=True) == "2024-03-05"
    assert with_zone("2024-03-05T09:30:00", chinese=False) == "2024-03-05T09:30:00"
    assert with_zone("2024-03-05T09:30:00+01:00", chinese=True) == "2024-03-05T09:30:00+01:00"
