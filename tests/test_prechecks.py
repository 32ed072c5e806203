"""The cheap tests that let the hot paths skip work never skip a line the full work would catch."""
from __future__ import annotations

import pytest

from govclean.labels import RE_LABEL, RE_LABEL_END, label_line
from govclean.rules import en, zh

WORDS = sorted({w for table in (zh, en) for _, words in table.LABEL_WORDS for w in words})
ENDINGS = ["：", ":", " : ", "】：", " 】 ：", "]:", "\u3000："]


@pytest.mark.parametrize("ending", ENDINGS)
def test_every_label_word_passes_the_label_end_test(ending):
    for word in WORDS:
        for shown in {word, word.upper(), word.title()}:
            line = f"【{shown}{ending}2024-03-05"
            if RE_LABEL.search(line):
                assert RE_LABEL_END.search(line), line


def test_label_end_test_rejects_lines_without_a_label_colon():
    assert not RE_LABEL_END.search("首页 > 新闻中心 > 政务要闻")
    assert not RE_LABEL_END.search("比分 3:2")  # a colon after a character no label ends with
    assert label_line("首页：新闻中心") == ()


def test_label_lines_are_still_read():
    assert [lv.field for lv in label_line("来源：新华社  发布时间：2024-03-05")] == ["source", "published"]
