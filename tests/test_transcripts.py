"""Transcript files and text dumps that name their fields (`title:`, `url:`, `content:`) and
press-conference turns (`新华社记者：……？`): title, URL and body read from what they name."""
from __future__ import annotations

from govclean import clean_page
from govclean.labels import label_line

OPENING = "12月21日下午，外交部发言人主持例行记者会。发言人首先宣布了两条外事消息，随后回答记者提问。"
QUESTIONS = [
    "中央广播电视总台央视记者：据报道，某国国务院近日任命了新的特别协调员，负责所谓的地区事务。中方对此有何评论？",
    "新华社记者：我们注意到有调查揭露，某国的少数族裔反映其在生活和就业中遭到普遍歧视，很难找到工作。你对此有何评论？",
]
ANSWERS = [
    "这纯属中国内政，不容任何外国势力干涉。我们敦促有关方面恪守承诺，停止借有关问题干涉中国内政。",
    "我注意到有关报道。根据相关报道，当地劳动力市场存在严重的歧视，这种歧视往往导致少数族裔长期失业。",
]


def transcript(title: str, url: str, author: str, paragraphs: list) -> bytes:
    """The layout of a transcript file: four named fields, the content under the last."""
    head = f"title: {title}\nurl: {url}\nauthor: {author}\ncontent: \n"
    return (head + "\n".join(paragraphs) + "\n").encode("utf-8")


def zh_transcript() -> bytes:
    turns = [line for q, a in zip(QUESTIONS, ANSWERS) for line in (q, "发言人：", a)]
    return transcript("2021年12月21日外交部发言人主持例行记者会", "http://www.example.gov.cn/wjb/1017275.htm",
                      "国务院新闻办公室网站", [OPENING, *turns])


def test_named_fields_give_title_url_and_author_not_body():
    doc = clean_page(zh_transcript(), filename="t.txt")
    assert doc.title == "2021年12月21日外交部发言人主持例行记者会"
    assert doc.url == "http://www.example.gov.cn/wjb/1017275.htm"
    assert doc.author == "国务院新闻办公室网站"
    assert "content" not in doc.text and "url:" not in doc.text and "http" not in doc.text


def test_press_questions_are_body_not_label_lines():
    doc = clean_page(zh_transcript(), filename="t.txt")
    assert doc.text.startswith(OPENING)
    for line in QUESTIONS + ANSWERS:
        assert line in doc.text


def test_english_transcript():
    paras = ["The minister opened the briefing at ten in the morning and spoke about the trade talks.",
             "She then took questions from the press about the new tariffs and the next round."]
    doc = clean_page(transcript("Press briefing on trade", "https://www.example.gov/briefing/1",
                                "Press Office", paras), filename="t.txt")
    assert (doc.title, doc.url, doc.author) == ("Press briefing on trade",
                                                 "https://www.example.gov/briefing/1", "Press Office")
    assert doc.text == "\n\n".join(paras)


def test_url_field_that_is_not_an_address_is_ignored():
    data = transcript("Press briefing on trade", "see the press office", "Press Office",
                      ["The minister opened the briefing at ten in the morning and spoke at length."])
    assert clean_page(data, filename="t.txt").url is None


def test_footer_url_line_names_the_site_not_the_page():
    dump = "\n\n".join([
        "Example Agency", "Home | News | Contact",
        "Agency opens new regional office",
        "The agency opened its new regional office on Monday, serving three counties in the north.",
        "Staff will answer questions in person from nine to five on weekdays, and by phone.",
        "URL: https://www.example.gov", "Privacy policy"]) + "\n"
    doc = clean_page(dump.encode(), filename="d.txt")
    assert doc.url is None


def test_speaker_turn_is_not_a_label_line_but_short_values_are():
    assert label_line(QUESTIONS[1]) == ()
    assert label_line("路透社记者：美方呼吁中方释放被拘押的某国公民。中方对此有何回应？") == ()
    assert [lv.field for lv in label_line("记者：张三 李四")] == ["author"]
    assert [lv.field for lv in label_line("来源：新华社")] == ["source"]
    # a date label keeps its line however long and whatever punctuation ends it
    dated = "Published: Tuesday 15 October 2019 at 09:11, as the press office said in its note."
    assert [lv.field for lv in label_line(dated)] == ["published"]
