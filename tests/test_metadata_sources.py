"""Metadata sources, each read by its own function: labels, 信息公开 rows, meta tags, scripts,
breadcrumbs, footers, attachments, titles."""
from __future__ import annotations

import pytest

from govclean.labels import label_line, official_row, truncated
from govclean.metadata import clean_title, language, normal_title
from govclean.segment import parse_html
from govclean.sources import (absolute_url, attachments, breadcrumb, head_meta, json_ld_candidates,
                              script_lines, site_id_code, sponsor, valid_site_id)


def fields(text):
    return [(lv.field, lv.value) for lv in label_line(text)]


@pytest.mark.parametrize("text, want", [
    ("来源:中国科技网·科技日报 发布日期:2018-07-11 00:00", [("source", "中国科技网·科技日报"), ("published", "2018-07-11")]),
    ("发布时间:2018-07-11 00:00  来源:中国科技网·科技日报", [("published", "2018-07-11"), ("source", "中国科技网·科技日报")]),
    ("来 源：湘潭日报·新湘潭客户端 责任编辑：欧阳予慧", [("source", "湘潭日报·新湘潭客户端"), ("editor", "欧阳予慧")]),
    ("来源：珠江商报发布时间：2024-06-25 10:03:27 字号：大中小分享至：", [("source", "珠江商报"), ("published", "2024-06-25T10:03:27")]),
    ("信息来源：洪湖市人民政府　|　发布时间：2018-04-19", [("source", "洪湖市人民政府"), ("published", "2018-04-19")]),
    ("2024-03-03 15:54:07 来源:新疆维吾尔自治区文化和旅游厅 阅读:", [("source", "新疆维吾尔自治区文化和旅游厅"), ("views", "")]),
    ("来源：云南日报          2016-08-11 08:13:00 【字体：大中小】", [("source", "云南日报")]),
    ("【来源： 综合自学习强国、川观新闻、成都体育学院附属体...】 发布日期：2023-07-19", [("source", "综合自学习强国、川观新闻、成都体育学院附属体..."), ("published", "2023-07-19")]),
    ("更新时间：2024-05-01", [("updated", "2024-05-01")]),
    ("作者：张三 浏览次数：120", [("author", "张三"), ("views", "120")]),
    ("Published 12 March 2024", [("published", "2024-03-12")]),
    ("Last updated: 3 April 2024", [("updated", "2024-04-03")]),
    ("Page last reviewed: May 23, 2022", [("updated", "2022-05-23")]),
    ("From: Department for Education", [("source", "Department for Education")]),
])
def test_label_lines(text, want):
    assert fields(text) == want


@pytest.mark.parametrize("text", [
    "开始时间：",  # 时间 after 开始 is another label, not a date label
    "页面生成时间：2024-04-15 14:53:51",
    "会议指出，来源：这句话太长了" + "不是标签行" * 40,
    "Updated the guidance on travel grants",
])
def test_not_label_lines(text):
    assert label_line(text) == [] or all(lv.field != "published" for lv in label_line(text))


def test_truncated_value():
    assert truncated("成都体育学院附属体...") and truncated("附属体…") and not truncated("四川日报")


def test_official_rows_padded_labels_and_cells():
    assert official_row("索   引   号：000014349/2024-00012 | 主题分类：科技") == {
        "index_number": "000014349/2024-00012", "topic": "科技"}
    assert official_row("信息索引： | 360A12-07-2024-0008-1 | 生成日期： | 2024-06-04 | 发文机构： | 教育部办公厅") == {
        "index_number": "360A12-07-2024-0008-1", "issuer": "教育部办公厅"}
    assert official_row("成文日期： | 2024年01月15日 | 发布日期： | 2024年01月18日") == {
        "written": "2024-01-15", "published": "2024-01-18"}


def test_meta_tags_any_case_and_order_without_placeholders():
    root = parse_html('<html><head><META NAME="ArticleTitle" CONTENT="标题">'
                      '<meta content="3300000099" name="siteidcode">'
                      '<meta name="ContentSource" content="{{source}}"><meta name="Author" content="null">'
                      '</head><body></body></html>')
    assert head_meta(root) == {"articletitle": "标题", "siteidcode": "3300000099"}


def test_json_ld():
    root = parse_html('<html><head><script type="application/ld+json">{"@graph": [{"headline": "H",'
                      ' "datePublished": "2024-01-02", "author": [{"name": "A"}]}]}</script></head></html>')
    assert set(json_ld_candidates(root)) >= {("title", "H", "JSON-LD headline"),
                                             ("published", "2024-01-02", "JSON-LD datePublished"),
                                             ("author", "A", "JSON-LD author")}


@pytest.mark.parametrize("html, want", [
    ('<span>来源：<script>var csource = "深圳特区报"; if(csource){document.write(csource);}'
     'else{document.write("市文体旅游局");}</script></span>', "来源：深圳特区报"),
    ("<span><script>var DOCSOURCE='昌平区文化委';if(DOCSOURCE!=''){document.write(\"来源：昌平区文化委\")}"
     "</script></span>", "来源：昌平区文化委"),
    ('<div><script>document.write(\'<span class="tit">来源：</span><span class="con">国际交流合作处</span>\');'
     '</script></div>', "来源： 国际交流合作处"),
    ('<span>来源：<script>var s = document.getElementsByName("ContentSource")[0].content;'
     'document.write(s);</script></span>', "来源：湘潭日报"),
])
def test_script_written_labels(html, want):
    root = parse_html('<html><head><meta name="ContentSource" content="湘潭日报"></head><body>'
                      + html + "</body></html>")
    meta = head_meta(root)
    assert [line for line, _ in script_lines(root, meta)] == [want]


@pytest.mark.parametrize("text, want", [
    ("当前位置: 首页 > 科技动态 > 媒体聚焦", ["首页", "科技动态", "媒体聚焦"]),
    ("您的位置：首页 >> 新闻中心 >> 区县动态", ["首页", "新闻中心", "区县动态"]),
    ("当前位置：首页＞政务公开＞通知公告", ["首页", "政务公开", "通知公告"]),
    ("首页 / 武汉动态", ["首页", "武汉动态"]),
    ("You are here: Home » Benefits » Disability", ["Home", "Benefits", "Disability"]),
    ("[home-1] 首页 / 武汉动态", ["首页", "武汉动态"]),
    ("会议要求各地 > 加强管理", []),
])
def test_breadcrumbs(text, want):
    assert breadcrumb(text) == want


def test_footer_site_id_and_sponsor():
    line = "主办单位:内蒙古自治区科学技术厅 承办单位:内蒙古自治区科学技术厅 政府网站标识码:1500000057"
    assert site_id_code(line) == "1500000057"
    assert sponsor(line) == "内蒙古自治区科学技术厅"
    assert valid_site_id("bm12000001") == "bm12000001"
    assert valid_site_id("12345") is None and valid_site_id("15000000571") is None


def test_attachments_by_type_or_link_text_once_each():
    root = parse_html('<html><body><a href="a.pdf">附件1</a><a href="/x/list.XLSX?v=2">清单</a>'
                      '<a href="download.jsp?id=7">申报表.docx</a><a href="a.pdf">附件1</a>'
                      '<a href="/news/1.html">新闻</a><a href="javascript:void(0)">打印.doc</a></body></html>')
    assert attachments(root, "http://www.example.gov.cn/a/b.html") == [
        {"name": "附件1", "href": "http://www.example.gov.cn/a/a.pdf"},
        {"name": "清单", "href": "http://www.example.gov.cn/x/list.XLSX?v=2"},
        {"name": "申报表.docx", "href": "http://www.example.gov.cn/a/download.jsp?id=7"},
    ]


def test_relative_urls_need_a_base():
    assert absolute_url("/a.html", "http://x.gov.cn/b/c.html") == "http://x.gov.cn/a.html"
    assert absolute_url("/a.html", None) is None
    assert absolute_url("https://x.gov.cn/a", None) == "https://x.gov.cn/a"


@pytest.mark.parametrize("title, site, want", [
    ("绵阳开展“服务企业活动月”系列活动- 四川省人民政府网站", None, "绵阳开展“服务企业活动月”系列活动"),
    ("“从齐白石故乡吹来的风”书画展亮相澳门_湘潭市人民政府网站", None, "“从齐白石故乡吹来的风”书画展亮相澳门"),
    ("Apply for a school travel grant - GOV.UK", None, "Apply for a school travel grant"),
    ("Chat with Us | USAGov", None, "Chat with Us"),
    ("北京市文化和旅游局_行业传真_昌平区举办迎新春书法作品展", None, "昌平区举办迎新春书法作品展"),
    ("从信息社会迈向智能社会_中央网络安全和信息化委员会办公室", None, "从信息社会迈向智能社会"),
    ("关于调整2007　年末国债余额限额的决议", None, "关于调整2007年末国债余额限额的决议"),
])
def test_clean_title(title, site, want):
    assert clean_title(title, site) == want


def test_normal_title_keeps_a_space_between_chinese_phrases():
    assert normal_title("四川省医药健康产业供需对接活动在成都举行\n现场发布") == "四川省医药健康产业供需对接活动在成都举行 现场发布"


def test_language():
    assert language("这是一个中文段落，讲述政府工作。") == "zh"
    assert language("This is an English paragraph about government work.") == "en"
    assert language("12345 !!!") is None
