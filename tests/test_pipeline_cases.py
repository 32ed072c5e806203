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


def test_a_body_repeated_inside_one_block_is_folded():
    """A text dump runs a hidden copy's paragraphs together into one long block."""
    paras = ["第一段正文，介绍会议召开的时间、地点和参加人员的基本情况，内容较长。",
             "第二段正文，说明会议的主要议题和形成的决定，以及下一步工作安排。",
             "第三段正文，强调各单位要抓好落实，确保各项任务按期完成。"]
    dump = "\n\n".join(["示例市人民政府", "当前位置：首页 > 新闻", "示例标题", "来源：示例日报",
                        *paras, "上一篇：旧闻", "主办单位：示例市政府办公室",
                        "".join(paras)]) + "\n"
    doc = clean_page(dump.encode(), filename="x.txt")
    assert doc.text == "\n\n".join(paras)
    assert doc.repeats_removed == 1
