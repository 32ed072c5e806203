"""Classify: chrome patterns, regions, headline choice, readability as a fallback signal."""
from __future__ import annotations

from govclean import clean_page
from govclean.classify import classify
from govclean.model import BODY, CHROME, METADATA, TITLE, Block
from govclean.templates import template_of


def blocks(*texts, **features):
    return [Block(index=i, text=t, **features) for i, t in enumerate(texts)]


PARA = "会议要求，各单位要切实提高政治站位，把思想和行动统一到上级决策部署上来，确保各项任务落到实处。"


def labels(bs):
    return [b.label for b in bs]


def test_toolbars_and_footers_are_chrome_and_the_body_is_kept():
    bs = blocks("当前位置：首页 > 新闻", "示例标题", "来源：示例日报 发布时间：2024-01-02",
                "【字体：大 中 小】", PARA, PARA.replace("会议", "大会"), "【打印本页】【关闭窗口】",
                "主办单位：示例市人民政府办公室", "网站标识码：1234567890 京ICP备12345678号")
    result = classify(bs)
    assert labels(bs) == [CHROME, TITLE, METADATA, CHROME, BODY, BODY, CHROME, CHROME, CHROME]
    assert result.title == "示例标题"


def test_a_pattern_word_inside_prose_does_not_make_it_chrome():
    prose = "参训人员在平台报名时需同时缴费，可使用微信扫一扫完成支付，报名信息和缴费信息一并提交。"
    bs = blocks("标题", "来源：本网", PARA, prose, PARA.replace("会议", "大会"))
    classify(bs)
    assert bs[3].label == BODY


def test_the_headline_above_metadata_wins_over_a_document_number():
    bs = blocks("首页 > 通知公告", "关于开展春季植树活动的通知", "发布日期：2024-03-01",
                "示政办函〔2024〕12号", "各区县人民政府：", PARA, PARA.replace("会议", "大会"))
    result = classify(bs)
    assert result.title == "关于开展春季植树活动的通知"
    assert bs[3].label == BODY and bs[4].label == BODY


def test_a_title_hint_matches_a_headline_split_over_lines():
    bs = blocks("全国人民代表大会常务委员会", "关于批准某项决议", PARA, PARA.replace("会议", "大会"),
                path="html/body/div/p")
    result = classify(bs, title_hints=["全国人民代表大会常务委员会关于批准某项决议_中国政府网"])
    assert result.title == "全国人民代表大会常务委员会关于批准某项决议"
    assert labels(bs)[:2] == [TITLE, TITLE]


def test_menus_in_text_dumps_are_chrome():
    items = ["首页", "机构", "政务公开", "政务服务", "互动交流", "专题专栏", "数据开放", "走进本市"]
    bs = [Block(index=i, text=t, list_item=True, tag="li") for i, t in enumerate(items)]
    bs += blocks("标题", PARA)
    for i, b in enumerate(bs):
        b.index = i
    classify(bs)
    assert all(b.label == CHROME for b in bs[:8])
    assert bs[-1].label == BODY


def test_site_template_lines_frame_the_body_but_headings_stay():
    bs = blocks("示例市人民政府门户网站", "标题", "来源：本网", "通知公告", PARA, "工作动态",
                PARA.replace("会议", "大会"), "联系我们：示例市人民政府办公室")
    classify(bs, template=template_of(["通知公告", "工作动态", "联系我们示例市人民政府办公室"]))
    assert bs[3].reason == "site template"  # before the first paragraph
    assert bs[5].label == BODY  # a heading the site's menus also name
    assert bs[7].label == CHROME


def test_readability_speaks_when_the_rules_find_no_text():
    lines = "".join(f"<p>第{i}行的诗句写在这里，写得比较长一些，又有一些逗号，不以句号结尾</p>" for i in range(12))
    html = f"<html><body><div class='menu'><a href='/'>首页</a></div><div class='poem'>{lines}</div></body></html>"
    doc = clean_page(html.encode(), filename="poem.html")
    assert "第3行的诗句" in doc.text
    assert "首页" not in doc.text
    assert any(b.reason == "readability-lxml's main content" for b in doc.blocks)


def test_readability_failing_on_a_page_prints_nothing():
    """readability logs a traceback for pages it cannot read; govclean keeps it quiet (run
    apart: pytest's own log capture would hide what a user's terminal shows)."""
    import subprocess
    import sys

    code = ("from govclean import clean_page; "
            "d = clean_page(b'<!DOCTYPE html><!-- saved page: nothing but a comment -->', filename='x.html'); "
            "print(repr(d.text))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "''"
    assert out.stderr == ""


def test_a_short_run_inside_the_articles_container_stays_after_a_related_box():
    para = "This paragraph of the article carries a full sentence with enough words in it."
    html = ("<html><body><nav><a href='/'>Home</a></nav><div class='page'><div class='story'><h1>Headline here</h1>"
            + f"<p>{para} One.</p><p>{para} Two.</p><p>{para} Three.</p><p>{para} Four.</p>"
            + "<div class='related-box'><h3><a href='/x'>Another story entirely</a></h3></div>"
            + f"<p>{para} Five, after the box.</p></div></div>"
            + f"<div class='sidebar-widget'><p>{para} Sidebar.</p></div></body></html>")
    doc = clean_page(html)
    assert "Five, after the box." in doc.text
    assert "Another story" not in doc.text and "Sidebar." not in doc.text


def _sentences(tag: str, n: int) -> str:
    return "".join(f"<p>{tag} paragraph {i} holds one complete sentence of ordinary article prose, long enough to count.</p>"
                   for i in range(n))


def test_an_article_cut_by_boxes_outweighs_a_ticker_that_is_one_run():
    box = "<div class='promo-box'><h3><a href='/y'>Read this other story</a></h3></div>"
    article = "".join(_sentences(f"Article{k}", 3) + box for k in range(4))
    html = ("<html><body><div class='page'><div class='left'><div class='article'>"
            f"<h1>The headline</h1>{article}</div></div>"
            f"<div class='right'><div class='ticker'>{_sentences('Ticker', 8)}</div></div></div></body></html>")
    text = clean_page(html).text
    assert "Article0 paragraph 0" in text and "Article3 paragraph 2" in text
    assert "Ticker" not in text


def test_repeated_one_paragraph_teasers_do_not_outweigh_the_article():
    teasers = "".join(f"<div class='card'><h3><a href='/t{i}'>Teaser title {i}</a></h3>"
                      f"<div class='desc'><p>Teaser {i} summary sentence with a few more words in it here.</p></div></div>"
                      for i in range(12))
    html = ("<html><body><div class='page'><div class='main'><div class='story'><h1>The headline</h1>"
            f"{_sentences('Story', 5)}</div></div><div class='more'><div class='cards'>{teasers}</div></div></div></body></html>")
    text = clean_page(html).text
    assert "Story paragraph 4" in text and "Teaser" not in text


def test_heading_anchor_ids_are_not_widget_classes():
    from govclean.rules import attr_chrome_word

    assert attr_chrome_word(["div.section.sharing-mutable-history-between-developers"]) is None
    assert attr_chrome_word(["div.example-3-related-work-notes"]) is None
    assert attr_chrome_word(["div.share-bar"]) == "share"
    assert attr_chrome_word(["div.post.comment-list"]) == "comment"


def test_a_ticker_of_list_items_does_not_outweigh_a_shorter_article():
    items = "".join(f"<li>Breaking item {i} tells a whole story in one long line, with a full sentence "
                    f"of words that a reader would only skim on the way to the article.</li>" for i in range(8))
    paras = "".join(f"<p>Article paragraph {i} is the story itself, told in a full sentence with enough words "
                    f"for a reader who came to read it from the top to the end.</p>" for i in range(6))
    html = ("<html><body><div class='page'><div class='left'><div class='ticker'><ul>" + items + "</ul></div>"
            "<div class='teasers-x'><a href='/x'>More</a></div>"
            "<div class='story'><h2>The headline</h2>" + paras + "</div></div></div></body></html>")
    text = clean_page(html).text
    assert "Article paragraph 5" in text and "Breaking item" not in text
