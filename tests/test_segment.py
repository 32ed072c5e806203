"""Segment: HTML blocks with their features, text dumps re-joined."""
from __future__ import annotations

from govclean.load import load_bytes
from govclean.segment import segment, segment_text, wrap_width


def blocks_of(html: str):
    return segment(load_bytes(html.encode(), "a.html")).blocks


def test_html_blocks_carry_features():
    blocks = blocks_of("<html><body><nav><a href='/'>首页</a></nav>"
                       "<div style='display:none'><p>隐藏的文字</p></div>"
                       "<div class='content'><h2>小标题</h2><p>正文<a href='x'>链接</a>。</p></div>"
                       "<table><tr><td>索引号</td><td>0001</td></tr></table></body></html>")
    by_text = {b.text: b for b in blocks}
    assert by_text["首页"].structural == "nav"
    assert by_text["隐藏的文字"].hidden
    assert by_text["小标题"].heading == 2
    assert by_text["正文链接。"].link_chars == 2
    assert by_text["索引号 | 0001"].tag == "tr"


def test_css_rules_of_the_page_hide_classes():
    blocks = blocks_of("<html><head><style>.tts{display:none}</style></head><body>"
                       "<div class='tts'><p>朗读用的副本</p></div><p>正文</p></body></html>")
    assert [b.hidden for b in blocks] == [True, False]


def test_hiding_is_read_from_whole_property_names_and_inside_media_rules():
    css = (".grid{display:flex;backface-visibility:hidden;-webkit-display:none}"
           "@media (min-width:900px){.wide-off{display:none}.frame{width:10px}}.late{visibility:hidden}")
    blocks = blocks_of(f"<html><head><style>/* a {{ */{css}</style></head><body>"
                       "<div class='grid'><p>The article</p></div><p class='wide-off'>Mobile menu</p>"
                       "<p class='frame'>Framed</p><p class='late'>Late rule</p></body></html>")
    assert [(b.text, b.hidden) for b in blocks] == [
        ("The article", False), ("Mobile menu", True), ("Framed", False), ("Late rule", True)]


def test_script_and_style_text_is_not_text():
    blocks = blocks_of("<html><body><script>var a='x';</script><p>可见<style>p{}</style>文字</p></body></html>")
    assert [b.text for b in blocks] == ["可见文字"]


def test_deep_nesting_does_not_recurse():
    html = "<html><body>" + "<div>" * 1500 + "<p>深处的文字</p>" + "</div>" * 1500 + "</body></html>"
    assert any("深处的文字" in b.text for b in blocks_of(html))


def test_hard_wrapped_cjk_rejoins_without_spaces():
    line1 = "一" * 39 + "二"  # 80 columns wide, 40 wide characters
    dump = "\n".join(["标题", "", line1[:-1], "二三四五。", "", "x" * 79, "y" * 79, "z" * 79])
    blocks = segment_text(dump)
    assert blocks[1].text == line1[:-1] + "二三四五。"


def test_hard_wrapped_latin_rejoins_with_spaces():
    words = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
             "omicron pi rho sigma tau upsilon phi chi psi omega ") * 3
    import textwrap
    lines = textwrap.wrap(words, 79)
    blocks = segment_text("\n".join(lines))
    assert len(blocks) == 1
    assert blocks[0].text == " ".join(words.split())


def test_one_line_a_paragraph_dump_is_not_wrapped():
    lines = ["短行一", "这是一个很长的段落" * 20, "短行二"]
    assert wrap_width(lines) is None
    assert [b.text for b in segment_text("\n".join(lines))] == lines


def test_bullets_make_list_items():
    blocks = segment_text("菜单\n  • 首页\n  • 政务公开\n正文")
    assert [(b.text, b.list_item) for b in blocks] == [
        ("菜单", False), ("首页", True), ("政务公开", True), ("正文", False)]


def test_a_stray_end_of_document_mid_page_does_not_end_the_page():
    blocks = blocks_of("<html><body><div>页头</div></html>\n<div class='content'><p>正文在后面。</p></div></body></html>")
    assert [b.text for b in blocks] == ["页头", "正文在后面。"]


def test_display_width_counts_wide_characters_twice_like_unicodedata():
    import random
    import unicodedata

    from govclean.segment import display_width

    rnd = random.Random(11)
    alphabet = "ab ,。中文　ｱＡ가\u0301\t😀é" + "".join(chr(rnd.randrange(0x20, 0x30000)) for _ in range(300))
    for _ in range(300):
        line = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40)))
        expected = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)
        assert display_width(line) == expected
