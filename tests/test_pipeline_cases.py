"""Golden-file tests: whole pages in tests/data/cases against their expected JSON."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from govclean import clean_page

CASES = Path(__file__).parent / "data" / "cases"
PAGES = sorted(p for p in CASES.iterdir() if p.suffix in (".html", ".txt", ".gz"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_case_matches_expected(page):
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = clean_page(page.read_bytes(), filename=page.name).to_dict()
    for key, value in expected.items():
        assert got[key] == value, key
