"""Metadata precedence on whole pages (tests/data/metadata): one winner per field, losers never
overwrite it, and doc.provenance says where each came from."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from govclean import clean_page
from govclean.write import render

DATA = Path(__file__).parent / "data" / "metadata"


def clean(name, data=None):
    return clean_page(data if data is not None else (DATA / name).read_bytes(), filename=name)


def test_policy_page_official_fields_and_dates_kept_apart():
    doc = clean("zh_policy_page.html")
    assert doc.official == {
        "index_number": "000014349/2024-00012", "topic": "城乡建设、环境保护",
        "issuer": "示例省人民政府办公厅", "written": "2024-01-15", "doc_number": "示政办发〔2024〕3号",
        "published": "2024-01-18", "validity": "有效", "keywords": "绿化"}
    # shown 发布日期 beats the PubDate meta; 成文日期 stays `written`; the generation time is never used
    assert doc.published == "2024-01-18" and doc.provenance["published"] == "label 发布日期"
    assert doc.updated is None
    assert doc.title == "示例省人民政府办公厅关于加强城市绿化管理的通知"
    assert doc.source is None  # the ContentSource meta is an unfilled placeholder, and nothing shows one


def test_policy_page_site_fields_url_and_attachments():
    doc = clean("zh_policy_page.html")
    assert (doc.site, doc.site_id_code, doc.section) == ("示例省人民政府网站", "3300000099", "政策文件")
    assert doc.breadcrumb == ["首页", "政务公开", "政策文件"]
    assert doc.url == "http://www.example-gov.cn/zwgk/zcwj/202401/t123_45.html"
    assert doc.provenance["url"] == "the file's saved-from comment"
    assert [a["href"].rsplit("/", 1)[-1] for a in doc.attachments] == [
        "P020240118.pdf", "list.xlsx", "download.jsp?id=77"]


def test_script_written_source_beats_an_unshown_meta():
    doc = clean("zh_script_source.html")
    assert doc.source == "城西区融媒体中心"  # what the page's script writes, not <meta ContentSource>
    assert doc.provenance["source"].startswith("text an inline script writes")
    # the shown time, in Beijing time; not the PubDate meta, not today's-date widget or 页面生成时间
    assert doc.published == "2023-03-28T09:30:00+08:00"
    assert doc.site_id_code is None  # `网站标识码：1234` is not a valid code
    assert doc.site == "示例市人民政府门户网站" and doc.provenance["site"] == "the site part of <title>"
    assert doc.breadcrumb == ["首页", "新闻中心", "区县动态"]


def test_contentsource_meta_alone_is_not_a_source():
    page = (DATA / "zh_script_source.html").read_text(encoding="utf-8")
    page = page.replace('<span>来源：<script>', '<span><script>').replace(
        "document.write(csource);", "").replace('document.write("示例市人民政府");', "")
    assert clean("x.html", page.encode()).source is None


def test_truncated_source_completed_from_contentsource():
    page = (DATA / "zh_script_source.html").read_text(encoding="utf-8")
    page = page.replace('<span>来源：<script>var csource = "城西区融媒体中心"; if (csource) { document.write(csource); }'
                        ' else { document.write("示例市人民政府"); }</script></span>',
                        "<span>来源：城西区人力资源和社会...</span>")
    doc = clean("x.html", page.encode())
    assert doc.source == "城西区人力资源和社会保障局"


def test_pubdate_meta_used_only_when_no_date_is_shown():
    page = (DATA / "zh_script_source.html").read_text(encoding="utf-8").replace(
        "<span>发布时间：2023-03-28 09:30</span>", "")
    doc = clean("x.html", page.encode())
    assert doc.published == "2023-05-30T08:00:00+08:00" and doc.provenance["published"] == "<meta pubdate>"


def test_govuk_page():
    doc = clean("en_govuk_guidance.html")
    assert doc.title == "Apply for a school travel grant"
    assert (doc.published, doc.updated) == ("2021-09-01", "2024-03-12")  # shown lines beat govuk:* metas
    assert doc.source == "Department for Education"
    assert doc.url == "https://www.gov.uk/guidance/apply-for-a-school-travel-grant"
    assert doc.provenance["url"] == "<link rel=canonical>"
    assert doc.site == "GOV.UK" and doc.language == "en"
    assert doc.attachments == [{"name": "Travel grant application form (PDF, 120KB)",
                                "href": "https://www.gov.uk/media/travel-grant-form.pdf"}]


def test_govuk_metas_when_no_dateline_is_shown():
    page = (DATA / "en_govuk_guidance.html").read_text(encoding="utf-8")
    page = page.replace("<p>Published 1 September 2021</p>", "").replace("<p>Last updated 12 March 2024</p>", "")
    doc = clean("x.html", page.encode())
    assert (doc.published, doc.updated) == ("2021-09-01T10:00:00+01:00", "2024-03-12T14:30:00+00:00")


def test_text_dump_both_dateline_orders():
    doc = clean("zh_dump_two_copies.txt")
    assert (doc.title, doc.published, doc.source) == ("示例市举办科技成果对接会", "2019-06-05", "示例日报")
    assert (doc.site, doc.site_id_code, doc.section) == ("示例市科学技术局", "3301000012", "媒体聚焦")
    assert doc.breadcrumb == ["首页", "科技动态", "媒体聚焦"] and doc.language == "zh"
    second = (DATA / "zh_dump_two_copies.txt").read_text(encoding="utf-8").split("长辈版")[1]
    doc = clean("second.txt", second.encode())
    assert (doc.published, doc.source) == ("2019-06-05", "示例日报")


def test_dateline_nearest_the_headline_wins():
    text = ("标题一号新闻发布\n\n来源：甲日报 发布时间：2024-01-02\n\n"
            + "这是正文第一段，内容足够长，可以被识别为正文，讲述了一件重要的事情。\n\n" * 3
            + "来源：乙日报 发布时间：2023-12-31\n")
    doc = clean("near.txt", text.encode())
    assert (doc.source, doc.published) == ("甲日报", "2024-01-02")


def test_every_field_has_a_provenance():
    doc = clean("zh_policy_page.html")
    for name in ("url", "title", "published", "site", "site_id_code", "section", "breadcrumb"):
        assert doc.provenance.get(name), name


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_carries_official_and_attachments(fmt):
    out = json.loads(render(clean("zh_policy_page.html"), fmt))
    assert out["official"]["doc_number"] == "示政办发〔2024〕3号"
    assert out["attachments"][0]["name"] == "1.城市绿化管理指标.pdf"


def test_markdown_front_matter_and_text_output():
    doc = clean("zh_policy_page.html")
    md = render(doc, "markdown")
    front = md.split("---")[1]
    for needle in ("示例省人民政府办公厅关于加强城市绿化管理的通知", "2024-01-18", "3300000099",
                   "示政办发〔2024〕3号", "P020240118.pdf"):
        assert needle in front, needle
    text = render(doc, "text")
    assert text.startswith(doc.title + "\n\n") and "索引号" not in text and "3300000099" not in text
