"""Writers: text, Markdown (front matter, headings, lists, tables), JSON, atomic files."""
from __future__ import annotations

import json
import os

import pytest

from govclean.errors import OutputError
from govclean.model import BODY, Block, Document
from govclean.write import atomic_write, render


def doc():
    d = Document(input="a.html", title="标题", published="2024-01-02", source="示例日报",
                 text="第一段。\n\n小标题\n\n甲\n\n乙\n\n项目 | 金额\n\n电脑 | 100")
    d.headings = ["小标题"]
    d.blocks = [Block(0, "第一段。", label=BODY), Block(1, "小标题", label=BODY, heading=2),
                Block(2, "甲", label=BODY, list_item=True), Block(3, "乙", label=BODY, list_item=True),
                Block(4, "项目 | 金额", label=BODY, tag="tr"), Block(5, "电脑 | 100", label=BODY, tag="tr")]
    return d


def test_text_is_title_blank_line_body():
    assert render(doc(), "text").startswith("标题\n\n第一段。\n\n小标题")


def test_markdown_keeps_structure():
    md = render(doc(), "markdown")
    assert md.startswith('---\ntitle: "标题"\n')
    assert 'source: "示例日报"' in md
    assert "\n## 小标题\n" in md
    assert "\n- 甲\n- 乙\n" in md
    assert "| 项目 | 金额 |\n| --- | --- |\n| 电脑 | 100 |" in md


def test_json_and_jsonl_agree():
    d = doc()
    assert json.loads(render(d, "json")) == json.loads(render(d, "jsonl"))
    assert render(d, "jsonl").count("\n") == 1


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render(doc(), "pdf")


def test_atomic_write_leaves_nothing_behind_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out" / "a.json"

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match="No space left"):
        atomic_write(str(target), "x")
    assert list((tmp_path / "out").iterdir()) == []
