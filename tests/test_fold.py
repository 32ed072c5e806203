"""Fold: repeated bodies dropped and counted; similar paragraphs kept."""
from __future__ import annotations

from govclean.fold import fold
from govclean.model import BODY, CHROME, REPEAT, Block

P1 = "第一段正文，介绍会议召开的时间、地点和参加人员的基本情况，内容较长。"
P2 = "第二段正文，说明会议的主要议题和形成的决定，以及下一步工作安排。"
P3 = "第三段正文，强调各单位要抓好落实，确保各项任务按期完成。"


def make(*specs):
    return [Block(index=i, text=t, label=label) for i, (t, label) in enumerate(specs)]


def test_a_second_copy_of_the_body_is_dropped_and_counted():
    bs = make((P1, BODY), (P2, BODY), (P3, BODY), ("长辈版", CHROME), (P1, BODY), (P2, BODY), (P3, BODY))
    assert fold(bs) == 1
    assert [b.label for b in bs[4:]] == [REPEAT] * 3
    assert [b.label for b in bs[:3]] == [BODY] * 3


def test_a_copy_missing_one_paragraph_is_still_a_copy():
    bs = make((P1, BODY), (P2, BODY), (P3, BODY), ("分享到", CHROME), (P1, BODY), (P2, BODY))
    assert fold(bs) == 1


def test_similar_but_different_paragraphs_are_kept():
    other = P1.replace("时间、地点", "背景、目的")
    bs = make((P1, BODY), (P2, BODY), ("图片", CHROME), (other, BODY), (P3, BODY))
    assert fold(bs) == 0
    assert all(b.label == BODY for b in bs if b.text != "图片")


def test_a_summary_repeating_the_first_paragraph_keeps_one():
    bs = make((P1, BODY), (P1, BODY), (P2, BODY), (P3, BODY))
    fold(bs)
    assert [b.label for b in bs] == [BODY, REPEAT, BODY, BODY]


def test_a_hidden_copy_outside_the_body_is_counted():
    bs = make((P1, BODY), (P2, BODY), (P3, BODY), ("上一篇", CHROME), (P1 + P2 + P3, CHROME))
    assert fold(bs) == 1
    assert bs[4].label == REPEAT


def test_short_lines_may_repeat():
    bs = make(("一是", BODY), (P1, BODY), ("一是", BODY), (P2, BODY))
    assert fold(bs) == 0
