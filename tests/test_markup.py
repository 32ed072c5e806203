"""The compiled markup scans (govclean/_markup.pyx) give what segment's regexes give: on generated
hostile markup, on edge cases of each pattern, and on every corpus page; cap_attributes the same either way."""
from __future__ import annotations

import random

import pytest

from govclean import compiled, segment
from hostile import PROSE, PROSE_ZH

from test_walk import assert_installed_compiled, corpus_html_texts, printed_when_pure

MARKUP = segment._compiled_markup()
needs_markup = pytest.mark.skipif(MARKUP is None, reason="govclean._markup does not load here "
                                  f"({compiled.extension_forms()['govclean._markup'][1]})")
RUN = 2 * segment.MAX_ATTRIBUTES  # RE_LONG_TAG's run


def regex_starts(text: str) -> list:
    return [m.start() for m in segment.RE_LONG_TAG.finditer(text)]


def regex_count(text: str) -> int:
    return len(segment.RE_ANGLE_IN_VALUE.findall(text))


def same_scans(text: str) -> None:
    assert MARKUP.long_tag_starts(text, RUN) == regex_starts(text)
    count = regex_count(text)
    assert MARKUP.angle_value_count(text, segment.ANGLE_VALUE_MAX, 10 ** 9) == count
    assert MARKUP.angle_value_count(text, segment.ANGLE_VALUE_MAX, 3) == min(count, 3)


def cap_both(text: str, limit: int):
    """cap_attributes by the compiled scans and by the regexes."""
    saved = segment._compiled_markup.loaded[:]
    try:
        segment._compiled_markup.loaded[:] = [MARKUP]
        fast = segment.cap_attributes(text, limit)
        segment._compiled_markup.loaded[:] = [None]
        slow = segment.cap_attributes(text, limit)
    finally:
        segment._compiled_markup.loaded[:] = saved
    assert fast == slow
    return fast


# What the patterns read: angle brackets, "=", both quotes, ASCII letters and others,
# str.isspace's white space beyond ASCII (re's \s for str), wide text, long runs.
PIECES = ["<", ">", "=", '"', "'", "= ", "=\u3000'", "=\x1c\"", "=\x85'", "=\n\t\"", "<a", "<Z", "<1",
          "<é", "<\u4e2d", " x=1", ' y="v"', " z='<b>'", ' w="a>b"', "a", "é", "中", "\u3000", " ",
          "x" * 150, "y" * 199, "z" * 200, "q" * 201, "w" * 399, "v" * 400, "u" * 401, PROSE[:60],
          PROSE_ZH[:30], "\U0001f600", "\x00", "</p>", "<script>var s = '<div>';</script>"]


def random_markup(rnd: random.Random, pieces: int) -> str:
    return "".join(rnd.choice(PIECES) for _ in range(pieces))


@needs_markup
@pytest.mark.parametrize("seed", range(8))
def test_generated_markup_scans_the_same(seed):
    rnd = random.Random(seed)
    for _ in range(250):
        same_scans(random_markup(rnd, rnd.randrange(1, 60)))


@needs_markup
def test_the_generator_meets_both_patterns():
    """The generated markup is no empty test: both patterns match in a good share of it."""
    rnd = random.Random(99)
    texts = [random_markup(rnd, 40) for _ in range(200)]
    assert sum(bool(regex_starts(t)) for t in texts) > 20
    assert sum(regex_count(t) > 0 for t in texts) > 100


@needs_markup
@pytest.mark.parametrize("text", [
    "", "<", "<a", "=", '="', '="<', "='>'", '= \u3000 "<', '="' + "x" * 200 + "<", '="' + "x" * 201 + "<",
    '="' + "x" * 199 + '"<', "<a" + "x" * RUN, "<a" + "x" * (RUN - 1), "<a" + "x" * (RUN - 1) + ">",
    "<a" + "x" * RUN + "<b" + "y" * RUN, "<<a" + "x" * RUN, "<a" + "x" * 200 + "\u4e2d" * 300,
    "\u4e2d<a" + "x" * RUN, "\U0001f600<a" + "x" * RUN, '=="<', "=\"'<", "='\"<", '="a=\'<"=\'>',
    "<a" + "=\"<" * 300, ("<div " + " ".join(f"a{i}=\"<{i}>\"" for i in range(300)) + ">") * 2,
])
def test_edge_cases_scan_the_same(text):
    same_scans(text)


@needs_markup
@pytest.mark.parametrize("quoted", [False, True])
def test_cap_attributes_is_the_same_either_way(quoted):
    """Long tags cut and kept, in markup whose values hold < and > (the quoted finder) or not."""
    values = "".join(f' title{i}="<b>{i}</b>"' for i in range(segment.MAX_ATTRIBUTES + 5)) if quoted else ""
    attrs = " ".join(f"a{i}=v" for i in range(segment.MAX_ATTRIBUTES + 50))
    markup = (f"<p{values}>x</p><div {attrs}><p>{PROSE}</p></div><script>if (a<b" + "c" * 500
              + ")</script><p class=\"" + "w " * 300 + f"\">{PROSE_ZH}</p>")
    text, cut = cap_both(markup, segment.MAX_ATTRIBUTES)
    assert cut == (2 if quoted else 1)
    assert len(text) < len(markup)


@needs_markup
@pytest.mark.corpus
def test_every_corpus_page_scans_the_same(shared_dir):
    pages = 0
    for text in corpus_html_texts(shared_dir):
        same_scans(text)
        cap_both(text, segment.MAX_ATTRIBUTES)
        pages += 1
    assert pages > 100


def test_pure_forces_the_regexes():
    assert printed_when_pure("segment._compiled_markup()") == "None"


def test_the_install_runs_the_compiled_scans():
    assert_installed_compiled("govclean._markup", MARKUP)
