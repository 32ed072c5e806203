"""Pages in any language: titles by agreement, chrome tables per language, dates in each
format, threads and comments out. Every page here is a small fixture written for the test."""
from __future__ import annotations

import pytest

from govclean import clean_page

PROSE = ("This paragraph of the article carries one full sentence with enough words in it "
         "to count as prose for the classifier.")


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f"<html lang='{lang}'><head>{head}</head><body><div class='page'><div class='main'>{body}</div></div></body></html>"


# ---------------------------------------------------------------- titles


def test_the_heading_the_head_agrees_with_beats_a_section_name_in_h1():
    html = page("<h1>Allergies Health Center</h1><div class='art'><h2>Babies Who Eat Peanuts Early</h2>"
                f"<p>{PROSE}</p><p>{PROSE}</p></div>",
                "<title>Babies Who Eat Peanuts Early - Example Health</title>"
                "<meta property='og:title' content='Babies Who Eat Peanuts Early'>")
    assert clean_page(html).title == "Babies Who Eat Peanuts Early"


def test_a_site_name_heading_loses_to_the_longer_headline_both_in_the_title():
    html = page("<h1>Pixblog</h1><div class='art'><h2>Autumn leaves at the camp (2)</h2>"
                f"<p>{PROSE}</p><p>{PROSE}</p></div>",
                "<title>Autumn leaves at the camp (2) @ Steven's home :: Pixblog ::</title>")
    assert clean_page(html).title == "Autumn leaves at the camp (2)"


def test_the_pages_own_curly_quotes_stay_in_the_title():
    html = page("<div class='art'><h1>‘Star Wars’ cuts might be “released”</h1>"
                f"<p>{PROSE}</p><p>{PROSE}</p></div>",
                "<meta property='og:title' content=\"'Star Wars' cuts might be &quot;released&quot;\">")
    assert clean_page(html).title == "‘Star Wars’ cuts might be “released”"



@pytest.mark.parametrize("head, want", [
    ("关于印发某某办法的通知_振兴东北", "关于印发某某办法的通知"),
    ("关于印发某某办法的通知——某某市人民政府", "关于印发某某办法的通知"),
    ("The new bus plan | City of Example", "The new bus plan"),
    ("The new bus plan :: Example Blog ::", "The new bus plan"),
    ("Der neue Busplan - Stadt Beispiel", "Der neue Busplan"),
    ("欲張りなイヌ ＜福娘童話集 きょうのイソップ童話＞", "欲張りなイヌ"),
    ("The new bus plan [Archive of Our Own]", "The new bus plan"),
    ("标 题：关于印发某某办法的通知", "关于印发某某办法的通知"),
    ("Title: The new bus plan", "The new bus plan"),
    ("Titel: Der neue Busplan", "Der neue Busplan"),
    ("关于<em>某某</em>办法的通知", "关于某某办法的通知"),
    ("A <b>bold</b> bus plan", "A bold bus plan"),
])
def test_titles_without_leftovers(head, want):
    from govclean.metadata import clean_title

    assert clean_title(head) == want


def test_a_shown_headline_loses_its_label():
    html = page(f"<div class='art'><p class='t'>Titel: Der neue Busplan</p><p>{PROSE}</p><p>{PROSE} Zwei.</p></div>",
                "<title>Der neue Busplan - Stadt Beispiel</title>", lang="de")
    assert clean_page(html).title == "Der neue Busplan"


# ---------------------------------------------------------------- language and chrome tables

from govclean.language import detect  # noqa: E402

PAGES = {
    "de": ("Der Landkreis hat am Montag die neuen Regeln für die Abfallentsorgung beschlossen, die ab dem Frühjahr für alle Haushalte gelten.",
           "Die Gebühren werden nicht erhöht, und die Abholung wird in den meisten Gemeinden auch weiterhin jede zweite Woche stattfinden.",
           ["Seite drucken", "Teilen", "Impressum", "Datenschutz", "Barrierefreiheit", "Leichte Sprache",
            "Gebärdensprache", "Nach oben", "Zuletzt aktualisiert: 5. März 2024", "Wir verwenden Cookies, um die Website zu verbessern."]),
    "fr": ("Le conseil municipal a adopté lundi un nouveau plan pour les transports de la ville, qui sera mis en place dès le printemps prochain.",
           "Les horaires des bus seront modifiés dans la plupart des quartiers, et les tarifs ne changent pas pour les familles et les étudiants.",
           ["Imprimer", "Partager", "Mentions légales", "Plan du site", "Accessibilité", "Retour en haut de page",
            "Mis à jour le 5 mars 2024", "Nous utilisons des cookies pour améliorer votre expérience."]),
    "es": ("El ayuntamiento ha aprobado este lunes el nuevo plan de movilidad de la ciudad, que entrará en vigor en la próxima primavera.",
           "Los horarios de los autobuses cambiarán en la mayoría de los barrios, y las tarifas no suben para las familias con hijos.",
           ["Imprimir", "Compartir", "Aviso legal", "Mapa del sitio", "Accesibilidad", "Volver arriba",
            "Última actualización: 5 de marzo de 2024", "Utilizamos cookies propias y de terceros."]),
    "it": ("Il consiglio comunale ha approvato lunedì il nuovo piano per i trasporti della città, che entrerà in vigore dalla prossima primavera.",
           "Gli orari degli autobus cambieranno nella maggior parte dei quartieri, e le tariffe non aumentano per le famiglie con figli.",
           ["Stampa", "Condividi", "Note legali", "Mappa del sito", "Accessibilità", "Torna su",
            "Ultimo aggiornamento: 5 marzo 2024", "Questo sito utilizza cookie tecnici e di terze parti."]),
    "nl": ("De gemeenteraad heeft maandag het nieuwe plan voor het vervoer in de stad aangenomen, dat vanaf het voorjaar van kracht wordt.",
           "De dienstregeling van de bussen wordt in de meeste wijken aangepast, maar de tarieven gaan niet omhoog voor gezinnen.",
           ["Afdrukken", "Delen", "Colofon", "Privacy", "Toegankelijkheid", "Naar boven",
            "Laatst gewijzigd: 5 maart 2024", "Wij gebruiken cookies om de website te verbeteren."]),
    "pt": ("A prefeitura aprovou nesta segunda-feira o novo plano de mobilidade da cidade, que entra em vigor a partir da próxima primavera.",
           "Os horários dos ônibus vão mudar na maioria dos bairros, e as tarifas não sobem para as famílias com filhos pequenos.",
           ["Imprimir", "Compartilhar", "Política de privacidade", "Mapa do site", "Acessibilidade", "Voltar ao topo",
            "Atualizado em 5 de março de 2024", "Utilizamos cookies para melhorar a sua experiência."]),
    "ja": ("市は月曜日に、来年の春から市内のすべての家庭に適用される新しいごみの収集についての規則を決めました。",
           "料金は上がらず、ほとんどの地区では、これまでと同じように二週間に一度の収集が続けられることになります。",
           ["本文へ", "このページを印刷する", "サイトマップ", "プライバシーポリシー", "ウェブアクセシビリティ", "ページの先頭へ戻る",
            "最終更新日：2024年3月5日"]),
    "ko": ("시는 월요일에 내년 봄부터 시내의 모든 가정에 적용되는 새로운 쓰레기 수거 규칙을 발표했습니다.",
           "요금은 오르지 않으며, 대부분의 지역에서는 지금처럼 두 주에 한 번씩 수거가 계속될 예정입니다.",
           ["본문 바로가기", "인쇄하기", "공유하기", "개인정보처리방침", "저작권정책", "사이트맵", "맨 위로"]),
}


def _language_page(lang: str) -> str:
    first, second, chrome = PAGES[lang]
    lines = "".join(f"<p>{c}</p>" for c in chrome)
    return (f"<html lang='{lang}'><head><title>Titel</title></head><body><div class='page'><div class='main'>"
            f"<h1>{first[:30]}</h1><p>{first}</p><p>{second}</p><p>{first}{second}</p>{lines}</div></div></body></html>")


def test_the_language_is_told_by_script_and_stopwords():
    for lang, (first, second, _) in PAGES.items():
        assert detect(first + " " + second) == lang, lang
        assert detect(first + " " + second, declared="en-US") == lang, lang  # a template's lang gives way


def test_a_declared_language_no_table_covers_stands_when_detection_is_unsure():
    czech = "West Ham hrozí gigantům, okouzlil i Linekera. Součka je snadné přehlédnout, hraje v záloze."
    assert detect(czech, declared="cs") == "cs"
    assert detect(czech) is None


def test_chrome_in_each_language_leaves_the_body():
    for lang, (first, second, chrome) in PAGES.items():
        doc = clean_page(_language_page(lang))
        assert doc.language == lang
        assert second in doc.text, lang
        left = [c for c in chrome if c in doc.text]
        assert not left, (lang, left)


def test_a_languages_table_applies_to_its_own_pages_only():
    from govclean import rules

    assert rules.chrome_reason("Impressum", False, "de") == "footer"
    assert rules.chrome_reason("Impressum", False, "en") is None
    assert rules.chrome_reason("Aviso legal", False, "es") == "footer"


# ---------------------------------------------------------------- dates


from govclean.dates import parse_date  # noqa: E402
from govclean.sources import url_date  # noqa: E402


@pytest.mark.parametrize("shown, iso", [
    ("5. März 2024", "2024-03-05"), ("am 5. März 2024 um 10:00 Uhr", "2024-03-05"),
    ("5 mars 2024", "2024-03-05"), ("1er mars 2024", "2024-03-01"),
    ("5 de marzo de 2024", "2024-03-05"), ("5 de março de 2024", "2024-03-05"),
    ("5 marzo 2024", "2024-03-05"), ("5 maart 2024", "2024-03-05"),
    ("2024年3月5日", "2024-03-05"), ("令和6年3月5日", "2024-03-05"), ("平成31年4月1日", "2019-04-01"),
    ("令和元年5月1日", "2019-05-01"), ("2024년 3월 5일", "2024-03-05"), ("2024. 3. 5.", "2024-03-05"),
    ("05.03.2024", "2024-03-05"), ("March 5, 2024", "2024-03-05"), ("12 March 2024", "2024-03-12"),
])
def test_dates_in_each_languages_spelling(shown, iso):
    assert parse_date(shown) == iso


@pytest.mark.parametrize("text", ["3 years ago", "Version 2 of 30", "März", "5 Bananen 2024"])
def test_no_date_is_made_up(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("url, iso", [
    ("https://example.org/news/2024/03/05/a-story", "2024-03-05"),
    ("https://example.org/2024-03-05/story.html", "2024-03-05"),
    ("http://www.gov.cn/zhengce/content/t20240305_123.html", "2024-03-05"),
    ("https://example.org/archive/20240305/", "2024-03-05"),
    ("https://example.org/2024/13/05/", None), ("https://example.org/item/1234567890", None),
])
def test_dates_in_urls(url, iso):
    assert url_date(url) == iso


def _dated(head: str = "", body_top: str = "") -> str:
    return page(f"<div class='art'><h1>A headline of the story</h1>{body_top}<p>{PROSE}</p><p>{PROSE}</p></div>",
                "<title>A headline of the story</title>" + head)


def test_json_ld_in_a_cdata_section_and_before_an_edited_published_time():
    ld = ("<script type='application/ld+json'>//<![CDATA[\n{\"@type\": \"NewsArticle\", "
          "\"datePublished\": \"2015-10-15T02:19:15Z\", \"dateModified\": \"2015-12-11\"}\n//]]></script>")
    doc = clean_page(_dated(ld + "<meta property='article:published_time' content='2015-12-11T14:28:34Z'>"))
    assert doc.published.startswith("2015-10-15") and doc.updated == "2015-12-11"


def test_a_time_element_then_the_url():
    doc = clean_page(_dated(body_top="<p class='meta'>By Ann <time datetime='2013-09-11T10:00:00-04:00'>"
                                     "Wednesday</time></p>"))
    assert doc.published.startswith("2013-09-11")
    doc = clean_page(_dated("<link rel='canonical' href='https://example.org/2019/07/02/a-headline'>"))
    assert doc.published == "2019-07-02"


def test_a_time_in_a_comment_or_a_related_list_is_not_the_date():
    doc = clean_page(_dated(body_top="<div class='comments'><time datetime='2020-01-01'>Jan 1</time></div>"))
    assert doc.published is None


def test_the_shown_dateline_wins_over_every_machine_date():
    doc = clean_page(_dated("<meta property='article:published_time' content='2015-12-11T14:28:34Z'>",
                            "<p>Published 3 March 2014</p>"))
    assert doc.published == "2014-03-03"


@pytest.mark.parametrize("line, field, iso", [
    ("Veröffentlicht am 5. März 2024", "published", "2024-03-05"),
    ("Stand: 05.03.2024", "updated", "2024-03-05"),
    ("Publié le 5 mars 2024", "published", "2024-03-05"),
    ("Mis à jour le 6 mars 2024", "updated", "2024-03-06"),
    ("Publicado el 5 de marzo de 2024", "published", "2024-03-05"),
    ("Pubblicato il 5 marzo 2024", "published", "2024-03-05"),
    ("Gepubliceerd op 5 maart 2024", "published", "2024-03-05"),
    ("Atualizado em 5 de março de 2024", "updated", "2024-03-05"),
    ("公開日：令和6年3月5日", "published", "2024-03-05"),
    ("등록일 : 2024.03.05", "published", "2024-03-05"),
])
def test_date_labels_in_each_language(line, field, iso):
    from govclean.labels import label_line

    got = {lv.field: lv.value for lv in label_line(line)}
    assert got.get(field) == iso


def test_the_original_date_wins_over_the_updated_one_shown_first():
    doc = clean_page(_dated(body_top="<p>Mis à jour le 9 avril 2024</p><p>Publié le 5 mars 2024</p>"))
    assert doc.published == "2024-03-05" and doc.updated == "2024-04-09"


def test_a_word_of_another_language_is_no_label_in_prose():
    from govclean.labels import label_line

    assert label_line("Explore a variety of data:") == ()


# ---------------------------------------------------------------- threads and comments

LONG = ("The council met on Monday and agreed the new plan for the city's buses, which will "
        "start in the spring and keep the fares as they are for families.")


@pytest.mark.parametrize("heading", ["Comments (3)", "12 Comments", "Kommentare", "Réactions", "Comentarios",
                                     "Commenti", "Reacties", "Comentários", "网友评论", "32条评论", "网友跟帖",
                                     "コメント", "댓글"])
def test_a_thread_after_its_heading_is_not_the_article(heading):
    replies = "".join(f"<p>Reply number {i}: I think the plan is good and the buses will be much better for everyone here.</p>"
                      for i in range(3))
    html = page(f"<div class='art'><h1>The bus plan</h1><p>{LONG}</p><p>Again, the mayor said the buses will be electric by the year after next.</p>"
                f"<h3>{heading}</h3>{replies}</div>")  # noqa
    doc = clean_page(html)
    assert "Again, the mayor" in doc.text and "Reply number" not in doc.text


def test_a_related_list_heading_mid_article_does_not_end_it():
    html = page(f"<div class='art'><h1>The bus plan</h1><p>{LONG}</p><p class='box'>Leggi anche</p>"
                f"<p>After the box, the council also said that new stops will open in the north of the town next year.</p></div>")
    doc = clean_page(html)
    assert "After the box, the council" in doc.text and "Leggi anche" not in doc.text


def test_repeated_author_and_time_units_are_a_thread_without_any_heading_word():
    units = "".join(f"<div class='u'><p>anna{i} · 12.0{i + 1}.2023 10:1{i}</p>"
                    f"<p>Reply {i} says the plan is good and that the new buses will be better for the whole town.</p></div>"
                    for i in range(4))
    html = page(f"<div class='art'><h1>The bus plan</h1><p>{LONG}</p><p>Again, the mayor said the buses will be electric by the year after next.</p>{units}</div>")
    doc = clean_page(html)
    assert "Again, the mayor" in doc.text and "Reply" not in doc.text


def test_a_list_of_captioned_cards_inside_the_article_is_not_its_text():
    slides = "".join(f"<li><h2>{i}/8 Slide title {i}</h2><p>Caption {i} tells what the picture shows, in a sentence "
                     f"long enough to count as a paragraph of prose here.</p><p class='credits'>Agency</p></li>"
                     for i in range(1, 9))
    steps = "".join(f"<li>Step {i}: mix the flour and the water slowly, then let the dough rest for an hour.</li>"
                    for i in range(1, 6))
    html = page(f"<div class='art'><h1>Seven secrets of hotels</h1><p>{LONG}</p><ol>{steps}</ol>"
                f"<p>Again, the mayor said the buses will be electric by the year after next.</p>"
                f"<div class='gallery'><h2>News in pictures</h2><ul class='legends'>{slides}</ul></div></div>")
    text = clean_page(html).text
    assert "Step 5" in text and "Again, the mayor" in text
    assert "Caption" not in text and "Slide title" not in text


def test_a_dated_citation_after_source_is_no_dateline():
    doc = clean_page(_dated(body_top="<p>Source: Smith, J. 2016-05-01</p>"))
    assert doc.published is None
    doc = clean_page(_dated(body_top="<p>来源：云南日报 2016-08-11</p>"))
    assert doc.published == "2016-08-11"
