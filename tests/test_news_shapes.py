"""News-page shapes around an article: bylines, repeated lines, credits, lists at the end,
forum threads. Every page here is a small fixture written for the test."""
from __future__ import annotations

import pytest

from govclean import clean_page
from govclean.write import render

PROSE = ("This paragraph of the article carries one full sentence with enough words in it "
         "to count as prose for the classifier.")
OTHER = ("Another paragraph follows with its own sentence, long enough to be read as the "
         "text of the article by every rule.")

LAST = "The last paragraph ends the article with one more sentence of plain prose in it."


def page(body: str, head: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head><title>Bridge reopens</title>{head}</head><body>"
            f"<div class='page'><div class='main'><h1>Bridge reopens</h1>{body}</div></div></body></html>")


@pytest.mark.parametrize("byline", [
    "By Ann Lee - Nov 19, 2019, 10:31 pm CST",
    "Published Monday, November 18, 2019 8:22AM EST",
    "Associated Press November 19, 2019, 9:02 AM",
    "Nov 18, 2019 at 9:24 pm ET • 2 min read",
])
def test_a_dated_byline_above_the_text_is_not_text(byline):
    html = page(f"<div class='x'>{byline}</div><p>{PROSE}</p><p>{OTHER}</p>")
    doc = clean_page(html)
    assert byline not in doc.text and doc.text.startswith("This paragraph")


def test_a_dated_byline_after_a_lead_caption_or_after_the_text_is_not_text():
    html = page(f"<p>{OTHER}</p><div class='x'>By Ann Lee, March 5, 2024</div><p>{PROSE}</p>"
                f"<p>{LAST}</p><div class='y'>Marcus Lee 2019-11-20 17:27:46</div>")
    text = clean_page(html).text
    assert "Ann Lee" not in text and "Marcus" not in text and text.endswith(LAST)


def test_an_embedded_posts_signature_mid_text_stays():
    sig = "— Ann Lee (@annlee) November 18, 2019"
    html = page(f"<p>{PROSE}</p><p>{OTHER}</p><blockquote><p>{OTHER}</p>{sig}</blockquote>"
                f"<p>{PROSE}</p><p>{OTHER}</p>")
    assert sig in clean_page(html).text


@pytest.mark.parametrize("cls,line", [
    ("article-byline", "By Ann Lee and Bob Stone"),
    ("entry-meta", "Posted by Ann Lee in Transport"),
    ("article__dek", "The bridge is open again after two years of work on its deck."),
    ("image-credit", "Photo: Ann Lee / Example Agency"),
    ("post-subtitle", "A short summary of the story under its headline."),
    ("article-sub-headline", "The retailer earned more than it did a year ago in the quarter."),
    ("blurb", "The two chief executives talk about the city, its bridges and its buses."),
])
def test_the_articles_furniture_by_its_class_name_even_beside_a_content_word(cls, line):
    html = page(f"<div class='{cls}'>{line}</div><p>{PROSE}</p><p>{OTHER}</p>")
    doc = clean_page(html)
    assert line not in doc.text and doc.text.startswith("This paragraph")


def test_a_class_name_that_only_contains_a_furniture_word_is_no_furniture():
    line = "The metadata standard is described in one short line here."
    html = page(f"<p>{PROSE}</p><div class='metadata-note'><p>{line}</p></div><p>{OTHER}</p>")
    assert line in clean_page(html).text


REFRAIN = "Portion containers for this meal: one green, one red, one yellow and a teaspoon."


def test_a_paragraph_the_article_repeats_three_times_or_more_is_kept_each_time():
    meals = [f"Day {d}: the breakfast of this day is eggs with toast and a cup of tea or coffee."
             for d in ("one", "two", "three")]
    body = "".join(f"<p>{m}</p><p>{REFRAIN}</p>" for m in meals)
    text = clean_page(page(f"<p>{PROSE}</p>{body}<p>{OTHER}</p>")).text
    assert text.count(REFRAIN) == 3


def test_a_paragraph_repeated_once_is_still_a_copied_lead():
    text = clean_page(page(f"<p>{PROSE}</p><p>{OTHER}</p><p>{PROSE}</p><p>{LAST}</p>")).text
    assert text.count("This paragraph") == 1


def test_a_caption_shown_in_full_and_truncated_is_kept_once():
    caption = "The mayor speaks with a business owner during a stop on Tuesday in the city centre."
    figure = (f"<div class='cap'><div class='full'>{caption}</div>"
              f"<div class='short'>{caption}</div></div>")
    text = clean_page(page(f"<p>{PROSE}</p>{figure}<p>{OTHER}</p>{figure}<p>{LAST}</p>")).text
    assert text.count("The mayor speaks") == 1


def test_a_list_written_as_paragraph_lines_after_the_text_is_kept_whole():
    dates = [f"June {d} – Raleigh, NC @ Walnut Creek Amphitheatre" for d in range(1, 21)]
    html = page(f"<div class='story'><p>{PROSE}</p><p>{OTHER}</p>"
                + "".join(f"<p>{d}</p>" for d in dates) + "</div>")
    doc = clean_page(html)
    assert all(d in doc.text for d in dates)
    again = clean_page(doc.text.encode(), filename="again.txt")
    assert again.text == doc.text  # the cleaned text cleans the same a second time


def test_short_lines_after_the_text_outside_its_element_are_still_cut_after_a_few():
    lines = [f"Section {d} of the site menu" for d in range(1, 21)]
    html = page(f"<div class='story'><p>{PROSE}</p><p>{OTHER}</p></div>"
                + "".join(f"<div class='m'>{d}</div>" for d in lines))
    text = clean_page(html).text
    assert "Section 1 of" in text and "Section 20 of" not in text


@pytest.mark.parametrize("heading", ["You may also like...", "Explore further", "Most popular",
                                     "Trending now", "Related…"])
def test_a_related_heading_after_the_text_ends_it(heading):
    teasers = "".join(f"<p>Teaser number {i} of the site</p>" for i in range(3))
    html = page(f"<div class='story'><p>{PROSE}</p><p>{LAST}</p><p>{heading}</p>{teasers}</div>")
    text = clean_page(html).text
    assert text.endswith(LAST)


def test_sibling_lines_with_their_own_class_names_still_continue_the_text():
    dates = [f"June {d} – Raleigh, NC @ Walnut Creek Amphitheatre" for d in range(1, 21)]
    html = page(f"<div class='story'><p class='p1'>{PROSE}</p><p class='p1'>{OTHER}</p>"
                + "".join(f"<p>{d}</p>" for d in dates) + "</div>")
    assert all(d in clean_page(html).text for d in dates)


@pytest.mark.parametrize("line", [
    "Photo: Ann Lee, Example Agency", "Photo by Ann Lee/Example Images", "Image copyright Example Images",
    "Image Credit: Example Agency", "Related: The council opens a second bridge",
    "Read more: The council opens a second bridge", "Also on example.com The council opens a bridge",
    "Follow Example News on Twitter and Instagram.", "Advertisement", "Continue Reading Below",
    "5 min read",
])
def test_credit_teaser_follow_and_ad_lines_inside_the_text_are_chrome(line):
    html = page(f"<div class='story'><p>{PROSE}</p><p>{line}</p><p>{OTHER}</p><p>{LAST}</p></div>")
    text = clean_page(html).text
    assert line not in text and text.endswith(LAST)


@pytest.mark.parametrize("line", [
    "Related to each other, the two bridges carry one road over the river and its canal.",
    "Read more about the bridge in the council's own report on its works this year.",
    "A photo of the bridge hangs in the town hall, where the council met on Monday.",
])
def test_prose_that_starts_with_those_words_stays(line):
    html = page(f"<div class='story'><p>{PROSE}</p><p>{line}</p><p>{LAST}</p></div>")
    assert line in clean_page(html).text


def _product(name: str, wrap: str = "") -> str:
    """A product box: its name, features and a price line (a line without words, chrome)."""
    features = "".join(f"<li>{name} feature number {i} that a buyer may want</li>" for i in range(4))
    box = f"<div class='price'>$139.00</div><h2>{name}</h2><ul>{features}</ul><div class='price'>$99.00</div>"
    return f"<div class='{wrap}'><div class='a'><div class='b'>{box}</div></div></div>" if wrap else box


def test_product_boxes_between_the_articles_paragraphs_are_its_text():
    boxes = "".join(_product(n) for n in ("Bridge lamp", "River boat"))
    html = page(f"<div class='story'><p>{PROSE}</p>{boxes}<p>{OTHER}</p></div>")
    text = clean_page(html).text
    assert "River boat feature number 3" in text and text.endswith(OTHER)


def test_a_related_box_between_the_paragraphs_stays_out_by_its_name():
    html = page(f"<div class='story'><p>{PROSE}</p>{_product('River boat', 'related-box')}<p>{OTHER}</p></div>")
    assert "River boat feature" not in clean_page(html).text


# ---------------------------------------------------------------- Chinese forums and comments

ZH = "市政府常务会议研究部署了今年城市公交线路优化工作，会议要求各部门加强协作，确保新线路在春季按时开通，方便群众出行。"
ZH2 = "会议还听取了关于老旧小区改造的汇报，强调要把好事办好，把实事办实，让居民真正得到实惠。"
FLOORS = ["楼主", "沙发", "板凳", "地板", "#5楼", "6楼"]


def _zh_reply(i: int) -> str:
    return f"我觉得这个规划很好，第{i}位网友认为公交线路调整以后上下班方便多了，希望尽快落实到位，点赞支持。"


def _zh_page(body: str) -> str:
    return (f"<html lang='zh-CN'><head><title>公交线路优化</title></head><body><div class='wrap'>"
            f"<h1>公交线路优化</h1>{body}</div></body></html>")


def test_a_forum_threads_first_post_is_the_text_and_the_floors_after_it_are_not():
    posts = "".join(
        f"<div class='plhin'><div class='pi'><div class='authi'><a>用户{i}</a> {FLOORS[i]} 发表于 2024-3-{5 + i} 10:1{i}:22</div></div>"
        f"<div class='t_f'><p>{ZH if i == 0 else _zh_reply(i)}</p>{'<p>' + ZH2 + '</p>' if i == 0 else ''}</div>"
        f"<div class='po'>回复 引用 举报</div></div>" for i in range(6))
    doc = clean_page(_zh_page(f"<div id='postlist'>{posts}</div>"))
    assert doc.text == ZH + "\n\n" + ZH2


def test_comments_under_floor_numbers_with_quotes_and_reply_buttons_are_not_the_text():
    comments = "".join(
        f"<div class='cmt'><div class='cmt-head'>#{i}楼 网友{i} 2024-03-0{i} 12:0{i}</div>"
        f"<div class='cmt-body'><div class='quote'>引用 网友{i - 1} 的回复</div><p>{_zh_reply(i)}</p></div>"
        f"<div class='cmt-op'>回复 支持 反对</div></div>" for i in range(1, 5))
    doc = clean_page(_zh_page(f"<div class='article'><p>{ZH}</p><p>{ZH2}</p></div><div class='box'>{comments}</div>"))
    assert doc.text == ZH + "\n\n" + ZH2


@pytest.mark.parametrize("heading", ["网友回复", "全部跟帖", "热门跟帖", "共有12条评论", "已有 12 条评论",
                                     "12条回复", "读者留言", "发表回复", "评论区", "(36人参与)"])
def test_a_chinese_thread_heading_ends_the_text(heading):
    replies = "".join(f"<div class='item'><p>{_zh_reply(i)}</p></div>" for i in range(1, 4))
    doc = clean_page(_zh_page(f"<div class='article'><p>{ZH}</p><p>{ZH2}</p><h3>{heading}</h3>{replies}</div>"))
    assert doc.text == ZH + "\n\n" + ZH2


def test_a_count_of_items_is_no_thread_heading():
    items = "".join(f"<p>{_zh_reply(i)}</p>" for i in range(1, 4))
    doc = clean_page(_zh_page(f"<div class='article'><p>{ZH}</p><p>12条</p>{items}</div>"))
    assert "第3位网友" in doc.text


# ---------------------------------------------------------------- dates in less common places


def _dated_page(head: str = "", top: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head><title>Bridge reopens</title>{head}</head><body><div class='main'>"
            f"<h1>Bridge reopens</h1>{top}<p>{PROSE}</p><p>{OTHER}</p></div></body></html>")


@pytest.mark.parametrize("head,top,url,iso", [
    ("<meta name='pubdate' content='20240305'>", "", None, "2024-03-05"),
    ("<meta property='article:published' content='2024-03-05'>", "", None, "2024-03-05"),
    ("", "<div class='x' data-published='2024-03-05T10:00:00Z'>5 March</div>", None, "2024-03-05T10:00:00+00:00"),
    ("", "<p>Publié le 25/03/2024 à 10h15</p>", None, "2024-03-25"),
    ("", "<p>Posted: 03/25/2024</p>", None, "2024-03-25"),
    ("", "<div>March 5, 2024 10:15 AM EST</div>", None, "2024-03-05"),
    ("", "<div>Tuesday 5 March 2024</div>", None, "2024-03-05"),
    ("", "", "https://example.org/n1/2024/0305/c1-bridge.html", "2024-03-05"),
])
def test_dates_in_less_common_places(head, top, url, iso):
    assert clean_page(_dated_page(head, top), url=url).published == iso


@pytest.mark.parametrize("head,top", [
    ("", "<span data-date='2024-03-05'>yesterday</span>"),  # any widget's date
    ("", "<p>Publié le 05/03/2024</p>"),  # March 5 or May 3: no date rather than a wrong one
    ("", "<div class='share-bar'>Friday 25 December 2015</div>"),  # a share bar's "today"
    ("", "<p>Air Date: November 19, 2019</p>"),  # another date's label
])
def test_no_date_is_read_from_widgets_ambiguous_forms_or_other_labels(head, top):
    assert clean_page(_dated_page(head, top)).published is None


# ---------------------------------------------------------------- German authority pages

DE = ["Die Stadtverwaltung informiert über die neuen Öffnungszeiten des Bürgeramtes, die ab dem "
      "kommenden Montag für alle Anliegen der Bürgerinnen und Bürger gelten.",
      "Termine können weiterhin online vereinbart werden; wer keinen Termin hat, wird in der offenen "
      "Sprechstunde am Donnerstag bedient, solange die Kapazitäten reichen.",
      "Die Verwaltung bittet darum, alle erforderlichen Unterlagen mitzubringen, damit die Anliegen "
      "zügig bearbeitet werden können und Wartezeiten kurz bleiben."]


def test_a_german_authority_pages_furniture_leaves_only_the_text():
    tools = "".join(f"<div>{t}</div>" for t in ("Artikel drucken", "Seite vorlesen", "Seite weiterempfehlen"))
    html = f"""<html lang='de'><head><title>Neue Öffnungszeiten - Stadt Musterstadt</title></head><body>
<div class='top'><div>Navigation überspringen</div><div>Kontrast</div><div>Schriftgröße</div><div>Leichte Sprache</div></div>
<div class='service'><div>Suchbegriff eingeben</div></div>
<div class='content'><h1>Neue Öffnungszeiten</h1><div class='tools'>{tools}</div>
<p>{DE[0]}</p><div class='bild'><div>Bildnachweis: Stadt Musterstadt</div></div><p>{DE[1]}</p><p>{DE[2]}</p>
<div>Stand: 05.03.2024</div><div>Zurück zur Übersicht</div><div>Folgen Sie uns</div><div>Newsletter abonnieren</div></div>
<div class='foot'><div>Impressum</div><div>Alle akzeptieren</div><div>Nur notwendige Cookies</div></div></body></html>"""
    doc = clean_page(html)
    assert doc.text == "\n\n".join(DE) and doc.updated == "2024-03-05" and doc.published is None


def test_a_dated_table_row_is_no_byline_in_a_page_or_in_its_cleaned_text():
    row = "行政区域 | 芷江侗族自治县 | 公告时间 | 2021年06月10日 17:35"
    cells = "".join(f"<td>{c}</td>" for c in row.split(" | "))
    doc = clean_page(_zh_page(f"<div class='article'><table><tr>{cells}</tr></table><p>{ZH}</p><p>{ZH2}</p></div>"))
    assert row in doc.text
    again = clean_page(render(doc, "text").encode(), filename="again.txt")
    assert (again.title, again.text) == (doc.title, doc.text)
