"""Pages in any language: titles by agreement, chrome tables per language, dates in each
format, threads and comments out. Every page here is a small fixture written for the test."""
from __future__ import annotations

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
