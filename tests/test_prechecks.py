"""The cheap tests that let the hot paths skip work never skip a line the full work would catch."""
from __future__ import annotations

import pytest

from govclean.labels import RE_LABEL, RE_LABEL_END, label_line
from govclean.rules import en, zh

WORDS = sorted({w for table in (zh, en) for _, words in table.LABEL_WORDS for w in words})
ENDINGS = ["：", ":", " : ", "】：", " 】 ：", "]:", "\u3000："]


@pytest.mark.parametrize("ending", ENDINGS)
def test_every_label_word_passes_the_label_end_test(ending):
    for word in WORDS:
        for shown in {word, word.upper(), word.title()}:
            line = f"【{shown}{ending}2024-03-05"
            if RE_LABEL.search(line):
                assert RE_LABEL_END.search(line), line


def test_label_end_test_rejects_lines_without_a_label_colon():
    assert not RE_LABEL_END.search("首页 > 新闻中心 > 政务要闻")
    assert not RE_LABEL_END.search("比分 3:2")  # a colon after a character no label ends with
    assert label_line("首页：新闻中心") == ()


def test_label_lines_are_still_read():
    assert [lv.field for lv in label_line("来源：新华社  发布时间：2024-03-05")] == ["source", "published"]


# -------------------------------------------------- load: control characters

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from govclean.load import RE_CONTROL, _may_hold_controls, load_bytes  # noqa: E402

PIECES = st.sampled_from([b"a", b"\xe4\xb8\xad", b"\xc2\xa0", b"\xc2\x85", b"\xc2", b"\x80", b"\x00",
                          b"\x1f", b"\x7f", b"\x0c", b"\t", b"\xef\xbf\xbd", b"\xff", b"\xe4\xb8"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=64), st.lists(PIECES, max_size=24).map(b"".join)))
def test_utf8_bytes_without_control_bytes_decode_without_control_characters(data):
    if not _may_hold_controls(data, "utf-8"):
        assert RE_CONTROL.search(data.decode("utf-8", errors="replace")) is None, data


def test_other_encodings_always_take_the_full_pass():
    assert _may_hold_controls(b"plain", "gb18030") and _may_hold_controls(b"plain", "cp1252")


TEXT_PIECES = st.sampled_from(["a", "中", "\x00", "\x1f", "\x7f", "\x85", "\x9f", "\xa0", "\t", "\n", "\x0c",
                               "\r", "\x0b", "\ufffd", "\ud800", "\udcff", "\U0001f600", "\u2028", "\xc2"])


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(max_size=32), st.lists(TEXT_PIECES, max_size=16).map("".join)),
       st.sampled_from(["gb18030", "utf-16-le", "cp1252"]))
def test_text_from_another_encoding_is_tested_by_its_utf8_form(text, encoding):
    from govclean.load import _controls_possible

    assert _controls_possible(b"", text, encoding) == (RE_CONTROL.search(text) is not None)


def test_control_characters_are_still_dropped():
    page = load_bytes("<html><body><p>a\x01b\u0085c</p></body></html>".encode("utf-8"), "x.html")
    assert "a" in page.text and "\x01" not in page.text and "\u0085" not in page.text
    assert any("control characters" in n for n in page.notes)


# -------------------------------------------------- classify: the <h1> before the hint search

from govclean.classify import EXACT_HINT, _hinted_title  # noqa: E402
from govclean.model import Block  # noqa: E402

LINES = st.lists(st.text(alphabet="abcde 国务院", min_size=1, max_size=12), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(LINES, st.lists(st.text(alphabet="abcde 国务院", min_size=1, max_size=14), max_size=3),
       st.lists(st.booleans(), min_size=6, max_size=6))
def test_a_raised_floor_finds_the_same_exact_match(lines, hints, headings):
    blocks = [Block(i, t, heading=int(h), path="/p" if i % 2 else "/q") for i, (t, h) in enumerate(zip(lines, headings))]
    full, full_score = _hinted_title(blocks, len(blocks), hints)
    raised, raised_score = _hinted_title(blocks, len(blocks), hints, EXACT_HINT)
    if full and full_score >= EXACT_HINT:
        assert (raised, raised_score) == (full, full_score)
    else:
        assert not (raised and raised_score >= EXACT_HINT)


# -------------------------------------------------- sources: footer lines

import re  # noqa: E402

from govclean import sources  # noqa: E402


def _label_alternatives(pattern: "re.Pattern[str]"):
    return re.match(r"\(\?:([^()]*)\)", pattern.pattern).group(1).split("|")


@pytest.mark.parametrize("regex, word", [(sources.RE_SITE_ID, sources.SITE_ID_WORD),
                                         (sources.RE_SPONSOR, sources.SPONSOR_WORD)])
def test_footer_prechecks_name_a_word_every_label_holds(regex, word):
    labels = _label_alternatives(regex)
    assert labels and all(word in label for label in labels), labels


def test_footer_lines_are_still_read():
    assert sources.site_id_code("网站标识码：5100000062 蜀ICP备") == "5100000062"
    assert sources.sponsor("主办单位：四川省人民政府办公厅 承办单位：…") == "四川省人民政府办公厅"
    assert sources.site_id_code("标识 5100000062") is None


# -------------------------------------------------- load: SingleFile's comment

from govclean.load import RE_SINGLEFILE_URL, SINGLEFILE_MARK, _fold_like_re_i, _saved_from  # noqa: E402

ODD_CASES = "\u0130\u0131\u017f\u212a\u00e9\u00df"  # İ ı ſ K é ß
MARK = "Page saved with SingleFile"


def _spellings(ch: str) -> list:
    """Every character among the odd ones and ch's cases that re.I takes for ch."""
    return sorted({c for c in ch + ch.upper() + ch.lower() + ODD_CASES if re.fullmatch(re.escape(ch), c, re.I)})


@settings(max_examples=300, deadline=None)
@given(st.tuples(*[st.sampled_from(_spellings(c)) for c in MARK]))
def test_singlefile_precheck_never_misses_what_the_regex_finds(letters):
    head = f"<!-- 中文 {''.join(letters)}\n url: https://x.gov.cn/a -->"
    assert RE_SINGLEFILE_URL.search(head)  # every spelling here is one the regex accepts
    assert SINGLEFILE_MARK in _fold_like_re_i(head), letters


def test_the_odd_spellings_are_exercised():
    assert "\u0131" in _spellings("i") and "\u0130" in _spellings("i") and "\u017f" in _spellings("s")


def test_singlefile_pages_still_give_their_url_and_date():
    head = "<!--\n Page saved with SingleFile \n url: https://x.gov.cn/a \n saved date: Mon Jan 01 2024\n-->"
    assert _saved_from(head) == ("https://x.gov.cn/a", "Mon Jan 01 2024")
    assert _saved_from("<!-- PAGE SAVED WİTH SİNGLEFİLE url: https://y/ -->")[0] == "https://y/"
    assert _saved_from("<html><body>nothing saved here</body></html>") == (None, None)


# -------------------------------------------------- dates

from govclean.dates import RE_CN_YMD, RE_DMY, RE_ISO_TZ, RE_MDY, RE_YMD, parse_date  # noqa: E402

DATE_PATTERNS = (RE_ISO_TZ, RE_YMD, RE_CN_YMD, RE_DMY, RE_MDY)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789２０年月日二〇一九十 -/.:TZ+March OctthstMayuneJ,", max_size=30))
def test_text_without_a_digit_or_nian_matches_no_date_pattern(text):
    if not any(c.isdigit() for c in text) and "年" not in text:
        assert not any(rx.search(text) for rx in DATE_PATTERNS), text
        assert parse_date(text) is None


def test_dates_are_still_read():
    assert parse_date("二〇二四年三月五日") == "2024-03-05"
    assert parse_date("12 March 2024") == "2024-03-12"
    assert parse_date("2024-03-05T09:30:00Z") == "2024-03-05T09:30:00+00:00"


# -------------------------------------------------- segment: hiding CSS rules

from govclean.segment import RE_CSS_BRACE, RE_HIDDEN_STYLE, _hiding_selectors, _top_level_rules  # noqa: E402

CSS_PIECES = st.sampled_from(["{", "}", "@media x", ".a", "#b", ",", " display:none", "DISPLAY : NONE",
                              "visibility:hidden", "VISIBİLİTY:hıdden", "diſplay:none", "x-display:none",
                              "/*", "*/", ";", "color:red", " ", "\n", "hidden", "nOnE", "İ", "@x{", "AΣ", "Σ"])


def _full_scan(css):
    return sorted(sel for sel, decl in _top_level_rules(css) if RE_HIDDEN_STYLE.search(decl))


@settings(max_examples=1500, deadline=None)
@given(st.lists(CSS_PIECES, max_size=16).map("".join))
def test_hiding_selectors_are_those_of_a_full_scan(css):
    assert sorted(_hiding_selectors(css)) == _full_scan(css)


def test_hiding_rules_are_still_found():
    css = ".x{color:red} @media print{.a, #b {display:none}} .c{top:0} .d{ VISIBILITY : hidden }"
    assert sorted(_hiding_selectors(css)) == _full_scan(css) == [" .d", ".a, #b "]


# -------------------------------------------------- language: letters counted only where they matter

from govclean import language  # noqa: E402

SCRIPT_PIECES = st.sampled_from(["中", "文", "한", "か", "カ", "a", "word ", " ", "1", "。", "²", "\u9fff",
                                 "\ufa6e", "_", "-", "the ", "und ", "国务院关于印发通知", "，。；：",
                                 "Latin words only here "])  # long runs: Han in half the sample decides, or not


def _script_by_counts(sample):
    """The script test as it read before the shortcut: every count made."""
    letters = len(language.RE_LETTER.findall(sample))
    if not letters:
        return "no letters"
    for rx, share, lang in ((language.RE_HANGUL, language.HANGUL_SHARE, "ko"),
                            (language.RE_KANA, language.KANA_SHARE, "ja"),
                            (language.RE_HAN, language.HAN_SHARE, "zh")):
        if len(rx.findall(sample)) > share * letters:
            return lang
    return None


@settings(max_examples=1500, deadline=None)
@given(st.lists(SCRIPT_PIECES, max_size=30).map("".join))
def test_script_answer_is_that_of_every_count(sample):
    if language.RE_LETTER.search(sample):  # detect() answers samples without letters before
        assert language._by_script(sample) == _script_by_counts(sample), sample


def test_chinese_prose_is_still_zh():
    assert language.detect("国务院关于印发通知的决定，各省人民政府执行。") == "zh"
    assert language.detect("東京都の公式サイトです。お知らせ") == "ja"


# -------------------------------------------------- rules: the characters a pattern needs

import re  # noqa: E402

from govclean import rules  # noqa: E402
from govclean.rules import required  # noqa: E402

ALL_RULES = [rule for table in rules.TABLES.values() for rule in rules._compile(table)]


@pytest.mark.parametrize("pattern, latin, wide", [
    ("(?i)share|print", True, False), ("share|1", False, False), ("a?", False, False),
    ("[a-z]+x?", True, False), ("[^x]", False, False), ("分享|打印", False, True),
    ("(?i)©|打印", False, False), ("©|打印", False, False), ("【打印】|分享", False, True), ("(?i)\u212a", False, False), ("^\\s*(?:a|b)\\s*$", True, False),
    ("(?i:ab)|(?-i:c)", True, False), ("x{0,3}", False, False), ("中{2}", False, True),
])
def test_needs_reads_patterns(pattern, latin, wide):
    rx = re.compile(pattern)
    assert (required.needs_latin(rx), required.needs_cjk(rx)) == (latin, wide)


def test_re_latin_holds_every_fold_of_an_ascii_letter():
    for code in range(0x80, 0x110000):
        if re.fullmatch("(?i)[a-z]", chr(code)):
            assert required.RE_LATIN.match(chr(code)), hex(code)


CHROME_PIECES = st.sampled_from(["分享到", "打印", "share this page", "ſhare this page", "SHARE", "©",
                                 "Copyright", "2024", " ", "：", "首页", ">", "版权所有", "cookies",
                                 "we use cookies", "email", "\u212aontakt", "İmprint", "a", "位置", "é", "—", "»"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(CHROME_PIECES, max_size=8).map("".join), st.booleans())
def test_a_skipped_rule_could_not_have_matched(text, drop_latin):
    if drop_latin:  # lines without a Latin letter: the case where English rules are skipped
        text = required.RE_LATIN.sub("", text)
    for name, rx, strong, needs, _ in ALL_RULES:
        skipped = needs != rules.NEEDS_NOTHING and not rules.NEEDED[needs].search(text)
        if skipped:
            assert rx.search(text) is None, (name, text)


# -------------------------------------------------- segment: possessive repeats

from govclean import segment  # noqa: E402

GREEDY_ANGLE_IN_VALUE = re.compile(r"""=\s*(?:"[^"<>]{0,200}[<>]|'[^'<>]{0,200}[<>])""")
MARKUP_PIECES = st.sampled_from(["=", '"', "'", "<", ">", " ", "\n", "a", "a" * 60, "a" * 199, "x=", '="'])


@settings(max_examples=1500, deadline=None)
@given(st.lists(MARKUP_PIECES, max_size=20).map("".join))
def test_angle_in_value_matches_as_the_greedy_pattern_did(markup):
    assert segment.RE_ANGLE_IN_VALUE.findall(markup) == GREEDY_ANGLE_IN_VALUE.findall(markup)


def _clean_by_regex(text):
    """segment._clean as it read before the split() shortcut for ASCII lines."""
    import unicodedata

    from govclean.textutil import strip_controls
    if not text.isascii():
        text = segment.RE_ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    if not text.isprintable():
        text = strip_controls(text)
    return segment.RE_WS.sub(" ", text).strip()


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u3000\u2028\u200bab.中")),
               max_size=24))
def test_clean_splits_ascii_lines_as_the_regex_did(text):
    assert segment._clean(text) == _clean_by_regex(text)


@pytest.mark.parametrize("pattern, usable", [
    ("(?i)share|print", True), ("(?i)Share", False), ("(?i)[A-Z]x", False), ("(?i)ſhare", False),
    ("share", False), ("(?i)(?-i:a)b", False), ("(?i)^\\s*(a|b\\d)\\b[^x]", True), ("(?i)(a)\\1", False),
])
def test_lowered_form_only_where_it_matches_alike(pattern, usable):
    assert (required.lowered(re.compile(pattern)) is not None) == usable


LOWERED = [(rx, low) for _, rx, _, _, low in ALL_RULES if low is not None]
ASCII_PIECES = st.sampled_from(["Share this page", "SHARE", "share on Facebook", "We use cookies",
                                "Accept All Cookies", "Privacy Policy", "Skip to main content", " ",
                                "menu", "Print", "An official website of the United States government",
                                "x", "2024", ":", "\t", "Kontakt", "Impressum", "Partager", "Compartir"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(ASCII_PIECES, max_size=6).map("".join))
def test_lowered_forms_match_where_the_case_blind_ones_do(text):
    for rx, low in LOWERED:
        a, b = rx.search(text), low.search(text.lower())
        assert (a and a.span()) == (b and b.span()), (rx.pattern, text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(SCRIPT_PIECES, max_size=30).map("".join))
def test_counting_by_runs_counts_every_character(sample):
    for rx in language.RUNS:
        assert language.count(rx, sample) == len(rx.findall(sample))


# -------------------------------------------------- sources: links and attachments

from govclean import sources  # noqa: E402

HREF_PIECES = st.sampled_from(["http://", "https://", "HTTP://", "javascript:", "java\tscript:", " ", ":",
                               "a.pdf", ".PDF", ".ſ", "x", "/", "?q=1.doc", "#", "\n", ".docx ", "data:"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(HREF_PIECES, max_size=6).map("".join))
def test_link_shortcuts_answer_as_the_regexes(href):
    m = sources.RE_SCHEME.match(sources.RE_URL_IGNORED.sub("", href))
    assert sources.safe_link(href) == (m is None or m.group(1).lower() in sources.SAFE_SCHEMES)
    if "." in href:
        assert bool(sources.RE_ATTACHMENT.match(href, href.rfind("."))) == bool(sources.RE_ATTACHMENT.search(href))
        assert bool(sources.RE_ATTACHMENT_NAME.match(href, href.rfind("."))) \
            == bool(sources.RE_ATTACHMENT_NAME.search(href))


TITLE_PAGES = [
    "<html><head><title>a</title></head><body><title>b</title></body></html>",
    "<html><body><svg><title>icon</title></svg><p>x</p></body></html>",
    "<html><head><meta charset=utf-8></head><body><title>late</title></body></html>",
    "<title>only</title><p>text",
    "<p>no title at all</p>",
    "<html><head><noscript><title>inner</title></noscript><title>outer</title></head></html>",
]


@pytest.mark.parametrize("markup", TITLE_PAGES)
def test_first_title_is_the_whole_tree_search(markup):
    root = segment.parse_html(markup)
    assert sources.first_title(root) is root.find(".//title") or \
        sources.first_title(root) == root.find(".//title")


# -------------------------------------------------- labels: the label regex where a label can begin

from govclean import labels  # noqa: E402

LABEL_WORD_PIECES = sorted({w for t in rules.TABLES.values() for _, ws in t.LABEL_WORDS for w in ws})
LINE_PIECES = st.one_of(st.sampled_from(LABEL_WORD_PIECES), st.sampled_from(
    ["：", ":", " ", "【", "】", "[", "]", "|", "2024-03-05", "新华社", "x", "\u3000", "ſ", "İ", "(", "，",
     "中央广播电视总台央视", "Veröffentlichungsdatum", "\t", "\xa0", "chat service from Monday ", "Last  ", "\x1c"]))


@settings(max_examples=2000, deadline=None)
@given(st.lists(LINE_PIECES, max_size=8).map("".join), st.booleans())
def test_label_matches_are_the_finditer_matches(line, upper):
    line = line.upper() if upper else line
    expected = [m.span() for m in labels.RE_LABEL.finditer(line)]
    assert [m.span() for m in labels.label_matches(line)] == expected
    first = labels.RE_LABEL.search(line)
    assert [m.span() for m in labels.label_matches(line, first_only=True)] == ([first.span()] if first else [])


@settings(max_examples=1500, deadline=None)
@given(st.lists(CSS_PIECES, max_size=10).map("".join))
def test_may_hide_is_false_only_where_the_regex_finds_nothing(style):
    if not segment._may_hide(style):
        assert segment.RE_HIDDEN_STYLE.search(style) is None, style


def _hidden_as_before(attrs, ident, hidden_css):
    """segment._hidden as it read before the class and id names were split apart."""
    if attrs.get("hidden") is not None or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    style = attrs.get("style")
    if style and segment.RE_HIDDEN_STYLE.search(style):
        return True
    if any(w in segment.HIDDEN_CLASSES for w in ident):
        return True
    if hidden_css:
        classes = (attrs.get("class") or "").split()
        return any("." + c in hidden_css for c in classes) or ("#" + (attrs.get("id") or "")) in hidden_css
    return False


NAMES = st.sampled_from(["a", "b", "hide", "x-y", "a.b", "", " ", "Hidden", "sr-only"])


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.sampled_from(["class", "id", "style", "hidden", "aria-hidden"]),
                       st.lists(NAMES, max_size=3).map(" ".join)),
       st.sets(st.sampled_from([".a", "#b", ".hide", "#x-y", ".b"])))
def test_hidden_answers_as_before(attrs, hidden_css):
    ident = segment._ident(attrs)
    assert segment._hidden(attrs, ident, segment._HiddenNames.of(hidden_css)) == \
        _hidden_as_before(attrs, ident, hidden_css)


# -------------------------------------------------- textutil: sentences without the regex

from govclean import textutil  # noqa: E402

SENTENCE_PIECES = st.sampled_from(list("。！？；.!?;:：'\"”’）)a中 \n\t\u3000\xa0x") + ["", "abc", "U.S."])


@settings(max_examples=3000, deadline=None)
@given(st.lists(SENTENCE_PIECES, max_size=8).map("".join))
def test_has_sentence_answers_as_the_regex(text):
    assert textutil.has_sentence(text) == bool(textutil.RE_SENTENCE_END.search(text))


# -------------------------------------------------- classify: a run's containers by their bounds

from govclean.classify import _container_bounds  # noqa: E402
from govclean.model import Block  # noqa: E402

STEPS = st.lists(st.sampled_from(["div", "div.a", "div.ab", "p", "li", "x"]), min_size=1, max_size=4).map("/".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(STEPS, min_size=1, max_size=6), STEPS)
def test_bounds_start_with_a_prefix_when_every_container_does(containers, main):
    goods = [Block(i, "t", container=c) for i, c in enumerate(containers)]
    low, high = _container_bounds(goods)
    every = all((b.container + "/").startswith(main + "/") for b in goods)
    assert every == (low.startswith(main + "/") and high.startswith(main + "/"))


# -------------------------------------------------- textutil: NFKC after the decomposition table

import sys  # noqa: E402
import unicodedata  # noqa: E402

from govclean.textutil import NFKC_COMMON, nfkc  # noqa: E402

# Neighbours that compose or reorder with what they follow or precede: an acute accent,
# a kana voicing mark, a Hangul leading consonant and vowel, a cedilla (a different class).
MARKS = ["\u0301", "\u3099", "\u1100", "\u1161", "\u0327"]


def test_nfkc_common_characters_are_their_own_nfkd_under_nfkc():
    for char in NFKC_COMMON:
        parts = unicodedata.normalize("NFKD", char)
        assert parts != char and unicodedata.normalize("NFKC", char) == parts


def test_nfkc_is_unicodedata_nfkc_for_every_code_point_beside_the_replaced_characters():
    for code in range(sys.maxunicode + 1):
        if code > 0xFFFF and code % 97:  # the astral planes sampled, the BMP whole
            continue
        char, common = chr(code), NFKC_COMMON[code % len(NFKC_COMMON)]
        mark = MARKS[code % len(MARKS)]
        for text in (char + common, common + char, char + common + mark, common + mark + char + mark):
            assert nfkc(text) == unicodedata.normalize("NFKC", text), hex(code)


TEXT = st.text(st.one_of(st.characters(), st.sampled_from(list(NFKC_COMMON + "。ＡＢ１２ﬁ①㎡가각é") + MARKS)),
               max_size=40)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_nfkc_matches_unicodedata_on_mixed_text(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


# -------------------------------------------------- segment: wrap_width's sliding count

from collections import Counter  # noqa: E402

from govclean.segment import WRAP_MIN_LINES, WRAP_SLACK, WRAP_WIDTHS, display_width, wrap_width  # noqa: E402


def wrap_width_by_definition(lines):
    """The widest-supported terminal width, each width's lines counted afresh."""
    widths = Counter(display_width(line.rstrip()) for line in lines)
    best, best_count = None, 0
    for w in WRAP_WIDTHS:
        count = sum(widths[x] for x in range(w - WRAP_SLACK, w + 1))
        longer = sum(c for x, c in widths.items() if x > w)
        if count >= WRAP_MIN_LINES and count > best_count and longer <= count:
            best, best_count = w, count
    return best


LINE = st.builds(lambda n, wide: "x" * n + "中" * wide, st.integers(0, 140), st.integers(0, 3))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(LINE, st.sampled_from(["x" * 76, "x" * 79, "x" * 80, "x" * 132])), max_size=30))
def test_wrap_width_is_the_width_by_definition(lines):
    assert wrap_width(lines) == wrap_width_by_definition(lines)


# -------------------------------------------------- segment: widths measured only near the candidates

from govclean.segment import _width_near_wraps  # noqa: E402

# Lines of every mix of narrow and wide characters around the bounds (a wide line of 27-29
# characters is 54-58 columns, a narrow line of 132-134 is at the top).
MIXED_LINE = st.builds(lambda n, wide: ("x" * n + "中" * wide)[:200], st.integers(0, 140), st.integers(0, 70))


@settings(max_examples=600, deadline=None)
@given(MIXED_LINE)
def test_width_near_wraps_is_on_the_same_side_of_every_candidate(line):
    exact, near = display_width(line), _width_near_wraps(line)
    if WRAP_WIDTHS[0] - WRAP_SLACK - 1 <= exact <= WRAP_WIDTHS[-1]:
        assert near == exact
    for w in range(WRAP_WIDTHS[0] - WRAP_SLACK - 1, WRAP_WIDTHS[-1] + 1):
        assert (near > w) == (exact > w) and (near == w) == (exact == w)


@settings(max_examples=300, deadline=None)
@given(st.lists(MIXED_LINE, max_size=30))
def test_wrap_width_with_wide_lines_is_the_width_by_definition(lines):
    assert wrap_width(lines) == wrap_width_by_definition(lines)


# -------------------------------------------------- textutil: tokens counted by runs

from govclean.textutil import RE_TOKEN, tokens  # noqa: E402

# CJK at the ranges' edges (U+4DBF, U+9FFF and U+FAFF are or were unassigned: not \w),
# Latin, digits, the underscore, a combining mark, kana and Hangul (word characters outside
# the ranges), punctuation and spaces.
TOKEN_TEXT = st.text(st.sampled_from(list("中文\u3400\u4dbf\u4e00\u9fff\uf900\ufaffab9_é\u0301かの한 ，。.-\u3000")),
                     max_size=60)


@settings(max_examples=800, deadline=None)
@given(TOKEN_TEXT)
def test_tokens_by_runs_count_every_token_match(text):
    tokens.cache_clear()
    assert tokens(text) == len(RE_TOKEN.findall(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_tokens_by_runs_on_any_text(text):
    tokens.cache_clear()
    assert tokens(text) == len(RE_TOKEN.findall(text))


# -------------------------------------------------- templates: pages a template cannot change

from govclean import clean_page  # noqa: E402
from govclean.model import document_to_bytes  # noqa: E402
from govclean.templates import survey, template_of, template_strikes  # noqa: E402

# Lines a text dump is made of: its head, a site's chrome, a site-wide notice that reads as
# prose, a heading, paragraphs.
DUMP_HEAD = ["title: 示例市召开专题工作会议", "url: http://www.example.gov.cn/a/1.htm",
             "author: 示例市人民政府", "content: "]
DUMP_CHROME = ["首页 | 新闻 | 政务公开 | 互动交流", "当前位置：首页 > 新闻中心 > 政务要闻",
               "字号：[大 中 小]  【打印本页】【关闭窗口】", "分享到：微信 微博  扫一扫在手机打开当前页",
               "主办单位：示例市人民政府办公室  网站标识码 3300000001  浙ICP备12345678号"]
DUMP_NOTICE = "请广大市民注意防范电信诈骗，遇到可疑情况及时拨打电话报警，共同维护社会安全稳定。"
DUMP_HEADING = "一、工作进展"
# paragraphs of different lengths (lines of one width would read as a hard-wrapped paragraph)
DUMP_BODY = ["会议强调，" + "，".join(["统筹推进各项工作", "落实安全生产责任", "提升服务质量和效率",
                                     "加强监督检查", "保障项目资金"][:1 + i % 5]) + f"，确保第{i}批任务按期完成。"
             for i in range(6)]


@st.composite
def dumps_and_templates(draw):
    """A text dump of some of those lines, and a template of some of them (and of lines the
    page does not hold)."""
    chrome = draw(st.lists(st.sampled_from(DUMP_CHROME), unique=True, max_size=5))
    body = DUMP_BODY[:draw(st.integers(1, 6))]
    middle = body[:1] + ([DUMP_HEADING] if draw(st.booleans()) else []) + body[1:]
    notice = [DUMP_NOTICE] if draw(st.booleans()) else []
    lines = DUMP_HEAD + chrome[:2] + middle + notice + chrome[2:]
    template = draw(st.lists(st.sampled_from(lines + ["其他网站的栏目"]), unique=True, max_size=6))
    return "\n".join(lines) + "\n", template


@settings(max_examples=150, deadline=None)
@given(dumps_and_templates())
def test_a_template_that_strikes_no_body_line_leaves_the_document_as_it_was(case):
    text, lines = case
    alone = clean_page(text, filename="d.txt")
    template = template_of(lines)
    with_template = clean_page(text, filename="d.txt", template=template)
    if not template_strikes(survey(alone), template):
        assert document_to_bytes(with_template) == document_to_bytes(alone)


def test_a_template_that_strikes_a_body_line_is_applied():
    text = "\n".join(DUMP_HEAD + DUMP_BODY[:3] + [DUMP_NOTICE]) + "\n"
    alone = clean_page(text, filename="d.txt")
    assert DUMP_NOTICE in alone.text
    template = template_of([DUMP_NOTICE, DUMP_HEAD[2]])
    assert template_strikes(survey(alone), template)
    assert DUMP_NOTICE not in clean_page(text, filename="d.txt", template=template).text
    assert not template_strikes(survey(alone), template_of([DUMP_HEAD[2], "其他网站的栏目"]))


# -------------------------------------------------- segment: display_width's surely wide runs

import sys  # noqa: E402
import unicodedata  # noqa: E402

from govclean.segment import RE_SURELY_WIDE  # noqa: E402


def _class_ranges(pattern: str):
    body = pattern[1:pattern.index("]")]
    return [(ord(body[i]), ord(body[i + 2])) for i in range(0, len(body), 3)]


def test_every_surely_wide_character_is_wide_here():
    ranges = _class_ranges(RE_SURELY_WIDE.pattern)
    assert len(ranges) >= 8
    for low, high in ranges:
        for code in range(low, high + 1):
            assert unicodedata.east_asian_width(chr(code)) in ("W", "F"), hex(code)
    assert RE_SURELY_WIDE.fullmatch("中文，。「」かなカナ한글ＡＢ￥")
    assert sys.version_info >= (3, 9)


WIDTH_TEXT = st.text(st.one_of(st.sampled_from(list("中文，。“”—·a 1\u3000\u303f\u3097\u3248ｱ€")),
                               st.characters(max_codepoint=0x10FFFF)), max_size=60)


@settings(max_examples=500, deadline=None)
@given(WIDTH_TEXT)
def test_display_width_is_the_east_asian_width_sum(text):
    expected = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
    assert display_width(text) == expected


# -------------------------------------------------- rules: prose tried at the start alone

from govclean import rules  # noqa: E402
from govclean.rules import (_CHROME, CHROME_LINE_MAX, NEEDED, NEEDS_NOTHING, STRONG_LINE_MAX,  # noqa: E402
                            _language_chrome, chrome_reason)


def chrome_reason_by_search(text, prose=False, language=None):
    """chrome_reason as it was: every rule searched, a prose match counted at 0 only."""
    for name, rx, strong, needs, _ in _CHROME + _language_chrome(language or ""):
        if not (len(text) <= CHROME_LINE_MAX or strong and len(text) <= STRONG_LINE_MAX):
            continue
        if needs != NEEDS_NOTHING and not NEEDED[needs].search(text):
            continue
        m = rx.search(text)
        if m and (strong or not prose or m.start() == 0):
            return name
    return None


# pieces of chrome lines (of the zh, en and de tables), prose, spaces and punctuation
CHROME_PIECES = ["打印本页", "关闭窗口", "分享到", "扫一扫", "当前位置：", "首页 > ", "版权所有", "网站标识码",
                 "主办单位", "字号：", "[大 中 小]", "上一篇：", "相关新闻", "访问量：12", "无障碍", "今天是2024年",
                 "Share this page", "print", "We use cookies", "Skip to main content", "Menu", "Related: ",
                 "Drucken", "Teilen", "Copyright", "© ", "(c) 2024", "ICP备", "English",
                 "会议强调，统筹推进各项工作", "落实安全生产责任", "。", "，", "：", " ", "  ", "\u3000", "\n",
                 "the meeting said", ".", "x" * 90, "中" * 70]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(CHROME_PIECES), max_size=8), st.booleans(),
       st.sampled_from([None, "zh", "en", "de", "fr"]))
def test_chrome_reason_tries_prose_at_the_start_as_search_did(pieces, prose, language):
    text = "".join(pieces)
    assert chrome_reason.__wrapped__(text, prose, language) == chrome_reason_by_search(text, prose, language)


def test_prose_mentioning_chrome_words_in_passing_is_not_chrome():
    line = "会议要求，各单位要在手机打开政务服务页面，扫一扫即可办理。"
    assert chrome_reason.__wrapped__(line, True) is None
    assert chrome_reason.__wrapped__(line, False) == "share"
    assert chrome_reason.__wrapped__("扫一扫在手机打开当前页，会议要求各单位及时办理。", True) == "share"
    assert rules.chrome_reason.__wrapped__("版权所有：示例市人民政府，" + "会议强调要落实责任。" * 3, True) == "footer-id"


# -------------------------------------------------- labels: the label words in one search

from govclean.labels import LABEL_WORDS_FOLDED, RE_LABEL_WORD_FOLDED  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LABEL_WORDS_FOLDED), st.sampled_from(["：", " ", "会议", "x", ".", "\\", "("]),
                          st.text(max_size=3)), max_size=8))
def test_label_word_search_finds_what_any_word_test_finds(pieces):
    line = "".join(pieces).lower()
    assert (RE_LABEL_WORD_FOLDED.search(line) is not None) == any(w in line for w in LABEL_WORDS_FOLDED)


def test_label_word_search_sees_every_word_alone():
    assert all(RE_LABEL_WORD_FOLDED.search(f"…{w}…") for w in LABEL_WORDS_FOLDED)


# -------------------------------------------------- model: kept documents at a faster zlib level

import zlib  # noqa: E402

from govclean.model import document_from_bytes  # noqa: E402


def test_a_document_kept_at_the_old_zlib_level_reads_back_the_same():
    doc = clean_page("\n".join(DUMP_HEAD + DUMP_BODY) + "\n", filename="d.txt")
    blob = document_to_bytes(doc)
    old = zlib.compress(zlib.decompress(blob), 6)  # an index written before the change
    assert old != blob
    assert document_to_bytes(document_from_bytes(old)) == blob
    assert document_from_bytes(blob).text == doc.text and doc.text


# -------------------------------------------------- textutil: a body's key from its paragraphs' keys

from govclean.textutil import PARAGRAPH_BREAK, body_key, key  # noqa: E402

# characters whose normal form, case or removal depends on their neighbours: final sigma,
# combining marks, Hangul jamo that compose, ligatures and compatibility forms, dotted I
PARAGRAPH_TEXT = st.text(st.sampled_from(list("ΣσΑαa \u0301\u0338\u1100\u1161\u11a8ﬁ①ßİ中，。\n_-'")), max_size=12)


@settings(max_examples=600, deadline=None)
@given(st.lists(PARAGRAPH_TEXT, max_size=6))
def test_body_key_from_paragraph_keys_is_the_key_of_the_whole(paragraphs):
    text = PARAGRAPH_BREAK.join(paragraphs)
    assert body_key(text, paragraphs) == key.__wrapped__(text) == body_key(text)


def test_body_key_ignores_paragraphs_the_text_is_not_made_of():
    assert body_key("ΑΣ\n\nb", ["ΑΣ b"]) == key.__wrapped__("ΑΣ\n\nb")
    assert body_key("ΑΣ\n\nb", ["ΑΣ", "b"]) == "ας" + "b"

# -------------------------------------------------- rules: class/id verdicts by step

from govclean import rules  # noqa: E402


def _attr_word_as_before(steps):
    """rules.attr_chrome_word as it read before its steps were judged (and remembered) one by one."""
    for step in steps:
        names = [n for n in step.lower().split(".")[1:] if not rules.RE_SLUG.fullmatch(n)]
        parts = set(rules.RE_ATTR_PART.split(" ".join(names))) - {""}
        strong = [w for w in rules.STRONG_ATTR_WORDS for p in parts if w in p]
        if strong:
            return strong[0]
        slot = parts & rules.SLOT_ATTR_WORDS
        if slot:
            return sorted(slot)[0]
        if any(a in parts and b in parts for a, b in rules.SLOT_ATTR_PAIRS):
            return "subheadline"
        hit = parts & rules.CHROME_ATTR_WORDS
        if hit and not parts & rules.CONTENT_ATTR_WORDS:
            return sorted(hit)[0]
    return None


STEP_PIECES = st.sampled_from(["div", "li", "ul", ".", ".nav", ".main", ".content", ".Related", ".sub",
                               "-", "_", "head", "title", ".byline", "menu", "x", "a-b-c-d", ".İ", " "])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(STEP_PIECES, max_size=6).map("".join), min_size=1, max_size=3))
def test_attr_words_judged_by_step_are_those_of_the_whole_path(steps):
    rules.step_chrome_word.cache_clear()
    assert rules.attr_chrome_word(steps) == _attr_word_as_before(steps)
    assert rules.attr_chrome_word(steps) == _attr_word_as_before(steps)  # remembered verdicts too


def test_attr_words_are_still_found():
    assert rules.attr_chrome_word(["div.main", "ul.nav-list", "li"]) == "nav"
    assert rules.attr_chrome_word(["div.article-content", "div.nav"]) == "nav"
    assert rules.attr_chrome_word(["div.content.nav", "p"]) is None  # a content word beside it


# -------------------------------------------------- metadata: the headings the first title picks read

from govclean.metadata import TOP_HEADINGS, headlines  # noqa: E402

HEADLINE_TEXTS = st.sampled_from(["国务院通知", "Health News", "本站首页", "来源：新华社", "a。", "x", "Home | About",
                                  "关于印发某某办法的通知", "  ", "Latest updates on the program"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(HEADLINE_TEXTS, st.integers(0, 6), st.sampled_from(["/h1", "/h2", "/ul/li", ""]),
                          st.sampled_from(["", "body", "chrome"]), st.booleans()), max_size=12))
def test_top_headlines_are_the_full_list_filtered_by_heading(rows):
    blocks = [Block(i, t, heading=h, path=p, label=label, hidden=hidden)
              for i, (t, h, p, label, hidden) in enumerate(rows)]
    as_tuples = lambda lines: [(h.index, h.text, h.heading) for h in lines]  # noqa: E731
    full = [h for h in headlines(blocks) if h.heading in TOP_HEADINGS]
    assert as_tuples(headlines(blocks, top_only=True)) == as_tuples(full)


# -------------------------------------------------- segment: the hiding style regex without re.I

import string  # noqa: E402

# RE_HIDDEN_STYLE as it was written with re.I: the form the faster spelling must match alike.
RE_HIDDEN_STYLE_I = re.compile(r"(?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)


def test_ascii_folds_are_every_character_re_i_matches_for_a_letter():
    extra = {c: set() for c in string.ascii_lowercase}
    for code in range(0x80, 0x110000):
        if re.fullmatch("(?i)[a-z]", chr(code)):
            for letter in string.ascii_lowercase:
                if re.fullmatch("(?i)" + letter, chr(code)):
                    extra[letter].add(chr(code))
    assert {c: "".join(sorted(s)) for c, s in extra.items() if s} == \
        {c: "".join(sorted(s)) for c, s in segment.ASCII_FOLDS.items()}
    for word in ("display", "none", "visibility", "hidden", "kiss"):
        blind = re.compile(segment.case_blind(word))
        for variant in (word, word.upper(), word.title(), word.replace("i", "\u0130"),
                        word.replace("i", "\u0131").replace("s", "\u017f").replace("k", "\u212a")):
            assert bool(blind.fullmatch(variant)) == bool(re.fullmatch(word, variant, re.I)), variant


HIDING_PIECES = st.sampled_from(["display", "DISPLAY", "dısplay", "diſplay", "dİsplay", "visibility",
                                 "VISIBİLİTY", "viſibılity", "none", "NONE", "nOnE", "hidden", "HIDDEN",
                                 "hıdden", ":", " : ", "\n", "-", "x", "_", "é", "中", ";", "{", "d", "v",
                                 "\u212a", "İ", "Σ", "backface-", "1"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(HIDING_PIECES, max_size=10).map("".join), st.integers(0, 12), st.integers(0, 80))
def test_hidden_style_regex_matches_as_the_case_blind_one(text, pos, endpos):
    assert [m.span() for m in segment.RE_HIDDEN_STYLE.finditer(text)] == \
        [m.span() for m in RE_HIDDEN_STYLE_I.finditer(text)]
    found, before = segment.RE_HIDDEN_STYLE.search(text, pos, endpos), RE_HIDDEN_STYLE_I.search(text, pos, endpos)
    assert (found and found.span()) == (before and before.span())


def test_hiding_styles_are_still_found():
    for style in ("display:none", "color:red; DISPLAY : NONE", "visibility:hidden", "x;diſplay:none"):
        assert segment.RE_HIDDEN_STYLE.search(style), style
    for style in ("backface-visibility:hidden", "x-display:none", "display:block", "_display:none"):
        assert not segment.RE_HIDDEN_STYLE.search(style), style


# -------------------------------------------------- segment: one pass for zero-width and control characters

from govclean.textutil import RE_UNSAFE_TEXT  # noqa: E402


def test_zero_width_or_unsafe_is_both_classes_and_all_unprintable():
    for code in range(0x110000):
        ch = chr(code)
        either = bool(segment.RE_ZERO_WIDTH.match(ch) or RE_UNSAFE_TEXT.match(ch))
        assert bool(segment.RE_ZERO_WIDTH_OR_UNSAFE.match(ch)) == either, hex(code)
        if either:
            assert not ch.isprintable(), hex(code)


def _clean_as_before(text):
    """segment._clean as it read with one pass for each kind of character."""
    if not text.isascii():
        text = segment.RE_ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    if not text.isprintable():
        text = RE_UNSAFE_TEXT.sub("", text)
    if text.isascii():
        return " ".join(text.split())
    return segment.RE_WS.sub(" ", text).strip()


CLEAN_PIECES = st.sampled_from(["a", "中文", " ", "  ", "\n", "\t", "\r", "\x0b", "\x0c", "\x00", "\x1b", "\x85",
                                "\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\xa0", "\u3000",
                                "e\u0301", "\u2028", "\u00e9", "x\u200by"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(CLEAN_PIECES, max_size=10).map("".join))
def test_clean_gives_what_the_two_passes_gave(text):
    assert segment._clean(text) == _clean_as_before(text)


# -------------------------------------------------- segment: hiding words found in an ASCII-lowered sheet

def test_no_other_character_lowers_to_a_letter_of_the_hiding_words():
    letters = set("".join(segment.HIDING_WORDS))
    for code in range(0x80, 0x110000):
        assert not letters & set(chr(code).lower()), hex(code)


@settings(max_examples=1500, deadline=None)
@given(st.lists(CSS_PIECES | st.sampled_from(["宋体", "\uf0a7", "\ud7ff", "NONE", "ℕone", "ǅ", "x" * 5]),
                max_size=16).map("".join))
def test_ascii_lowered_keeps_positions_and_hiding_words(css):
    low = segment._ascii_lowered(css)
    assert len(low) == len(css)
    if len(css.lower()) == len(css):
        for word, raw in zip(segment.HIDING_WORDS, segment.HIDING_BYTES):
            assert [i for i in range(len(css)) if css.lower().startswith(word, i)] == \
                [i for i in range(len(css)) if low.startswith(raw, i)]
    assert sorted(_hiding_selectors(css)) == _full_scan(css)


def test_isspace_is_what_strip_strips():  # load_bytes: `not text or text.isspace()` for `not text.strip()`
    for code in range(0x110000):
        assert (chr(code).strip() == "") == chr(code).isspace(), hex(code)


# -------------------------------------------------- segment: the bytes pre-scan before RE_HIDDEN_STYLE

@settings(max_examples=3000, deadline=None)
@given(st.lists(HIDING_PIECES | st.sampled_from(["\u3000", "\xa0", "\x1c", "\t", "Y", "y", "N", "H", "{", "}"]),
                max_size=12).map("".join))
def test_bytes_prescan_passes_wherever_the_style_regex_matches(decl):
    if segment.RE_HIDDEN_STYLE.search(decl):
        assert segment.RE_MAY_HIDE_BYTES.search(segment._ascii_lowered(decl)), decl


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="{}none dden;:xyAB", max_size=40), st.integers(0, 45))
def test_next_brace_is_the_brace_regex_match(css, at):
    m = RE_CSS_BRACE.search(css, at)
    assert segment._next_brace(css.encode("ascii"), at) == (m.start() if m else -1)


def test_a_long_image_inside_a_rule_is_still_read():
    css = ".a{background:url(data:image/png;base64," + "QUJDRG5vbmV4" * 2000 + ")}.b{display:none}"
    assert sorted(_hiding_selectors(css)) == _full_scan(css) == [".b"]


# -------------------------------------------------- segment: a one-line flush keeps its link characters

@settings(max_examples=3000, deadline=None)
@given(st.integers(0, 2_000_000), st.integers(1, 2_000_000))
def test_a_line_that_is_the_whole_flush_takes_all_its_link_characters(link_chars, length):
    assert round(link_chars * length / max(1, length)) == link_chars


def test_link_characters_of_one_line_blocks_are_kept():
    blocks = segment.segment_html("<html><body><p>see <a href='x'>the link here</a> now</p>"
                                  "<li><a href='y'>menu</a></li></body></html>").blocks
    assert [(b.text, b.link_chars) for b in blocks] == [("see the link here now", 13), ("menu", 4)]
# -------------------------------------------------- rules: only the rules a line's first character allows

ALL_LANGUAGE_RULES = [(name, rx) for table in rules.TABLES.values() for name, rx, *_ in rules._compile(table)]


@pytest.mark.parametrize("pattern, begins, outside", [
    (r"^\s*(上一篇|下篇)", "上下 \t\u3000", "中a"), (r"(?i)^\s*share", "sSſ \n", "t中"),
    (r"(?i)\u212aontakt|©", "kK\u212a©", "o"), (r"[^\W\d_]+x", "aé中", "1_ "), (r"\d{2}年", "1٣", "a年"),
    (r"(?:a?b|c)d", "abc", "d"), (r"(?=x)[a-z]", "ax", "1"), (r"(?-i:A)b", "A", "a"), (r"[^ab]c", "c中", "ab"),
])
def test_first_class_holds_the_first_characters_of_matches(pattern, begins, outside):
    cls = required.first_class(re.compile(pattern))
    assert all(cls.match(c) for c in begins), pattern
    assert not any(cls.match(c) for c in outside), pattern


@pytest.mark.parametrize("pattern", [r"a?", r"(?:x|)", r".b", r"(a?)\1b", r"\s*$"])
def test_first_class_is_unsure_where_any_line_could_match(pattern):
    assert required.first_class(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern, anchored", [
    (r"^\s*a", True), (r"\Aa", True), (r"(?i)^a|b", False), (r"a|^b", False), (r"(?m)^a", False), (r"x^", False),
])
def test_anchored_reads_a_leading_caret(pattern, anchored):
    assert required.anchored(re.compile(pattern)) == anchored


@pytest.mark.parametrize("name, rx", ALL_LANGUAGE_RULES, ids=[f"{i}-{n}" for i, (n, _) in enumerate(ALL_LANGUAGE_RULES)])
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_a_rule_matches_only_lines_its_first_class_allows(name, rx, data):
    """A rule's matches begin with a character of its first_class (hypothesis writes lines
    that hold a match, from the pattern itself), and an anchored rule matches at 0 or not at all."""
    line = data.draw(st.from_regex(rx))
    m = rx.match(line)
    if m and required.first_class(rx) is not None:
        assert required.first_class(rx).match(line[0]), (name, line)
    if required.anchored(rx):
        assert (rx.search(line) is not None) == (m is not None), (name, line)


LEADING_PIECES = st.sampled_from(["", " ", "\u3000", "S", "s", "ſ", "\u212a", "İ", "©", "(", "[", "【", ">", "»",
                                  "1", "上", "分", "版", "会"])


@settings(max_examples=800, deadline=None)
@given(LEADING_PIECES, st.lists(st.sampled_from(CHROME_PIECES), max_size=6), st.booleans(),
       st.sampled_from([None, "zh", "en", "de", "fr", "es", "it", "nl", "pt", "ja", "ko"]))
def test_chrome_reason_by_candidates_is_every_rule_in_turn(lead, pieces, prose, language):
    text = lead + "".join(pieces)
    rules.clear_candidates()  # the candidates worked out afresh, and from what earlier lines left
    assert chrome_reason.__wrapped__(text, prose, language) == chrome_reason_by_search(text, prose, language)
    assert chrome_reason.__wrapped__(text, prose, language) == chrome_reason_by_search(text, prose, language)


def test_rules_of_a_line_starting_with_no_rules_first_character_are_the_unanchored():
    rules.clear_candidates()
    tried = rules._candidates("会议强调要落实责任", False, None)
    assert tried and all(not rules._starts(rx)[0] for _, rx, *_ in tried)
    assert len(rules._candidates("上一篇：会议", False, None)) == len(tried) + 1  # prev-next
    assert rules._candidates("会" * (rules.STRONG_LINE_MAX + 1), False, None) == []


# -------------------------------------------------- labels: 信息公开 rows after a cheap search

from govclean.labels import OFFICIAL_LABELS, RE_OFFICIAL, RE_OFFICIAL_END, official_row  # noqa: E402

OFFICIAL_PIECES = st.one_of(st.sampled_from([w for _, ws in OFFICIAL_LABELS for w in ws]), st.sampled_from(
    ["：", ":", "|", "｜", " ", "\u3000", "索 引 号", "2024-03-05", "市政府办公室", "x", "\t"]))


@settings(max_examples=1500, deadline=None)
@given(st.lists(OFFICIAL_PIECES, max_size=8).map("".join))
def test_official_rows_are_only_skipped_where_no_field_matches(text):
    if not RE_OFFICIAL_END.search(text):
        assert RE_OFFICIAL.search(text) is None, text
        assert official_row(text) == {}


def test_official_rows_are_still_read():
    assert official_row("索 引 号：123 | 主题分类：综合政务") == {"index_number": "123", "topic": "综合政务"}


def test_post_tools_rule_does_not_backtrack_on_a_long_toolbar_line():
    """`回复 回复 … x`: the rule once let two white-space runs split the same spaces (2^n
    ways to fail; 20 repeats took 0.27 s, 39 (118 characters, under CHROME_LINE_MAX) would take days). A child process with a
    generous bound, so a regression fails instead of hanging the suite."""
    import subprocess
    import sys

    code = "from govclean.rules import chrome_reason; assert chrome_reason('回复 ' * 39 + 'x') is None"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# -------------------------------------------------- round 5 (text dumps): labels' field by lastgroup

from govclean.labels import group_field  # noqa: E402


def _field_by_groupdict(m) -> str:
    """What label_line and official_row read before: the first group that took part."""
    return next(k for k, v in m.groupdict().items() if v).rsplit("_", 1)[0]


def test_the_field_of_every_label_word_is_its_matchs_lastgroup():
    seen = 0
    for word in WORDS:
        for shown in {word, word.upper(), word.title()}:
            for line in (f"【{shown}】：2024", f"x {shown} : y", f"{shown}：来源"):
                for m in RE_LABEL.finditer(line):
                    assert group_field(m) == _field_by_groupdict(m), line
                    seen += 1
    assert seen > len(WORDS)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(OFFICIAL_PIECES, st.sampled_from(WORDS)), max_size=8).map("".join))
def test_the_field_of_mixed_label_and_official_rows_is_their_lastgroup(text):
    for rx in (RE_LABEL, RE_OFFICIAL):
        for m in rx.finditer(text):
            assert group_field(m) == _field_by_groupdict(m), text


# -------------------------------------------------- round 5: key() by its word runs, controls by isprintable

from govclean.textutil import (RE_JSON_ESCAPED, RE_NOT_WORD, json_safe, key,  # noqa: E402
                               printable_but_breaks, strip_controls)

KEY_PIECES = st.sampled_from(["a", "Ab", "中文", "，", "：", "_", " ", "\n", "ǅ", "İ", "Σ", "ς", "e\u0301",
                              "\u3000", "\xa0", "ｆｕｌｌ", "①", "ﬁ", "\u0307", "·", "1", "٣", "-", "\u200b"])


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(max_size=24), st.lists(KEY_PIECES, max_size=12).map("".join)))
def test_key_by_word_runs_is_the_deletion_of_the_rest(text):
    from govclean.textutil import nfkc

    assert key.__wrapped__(text) == RE_NOT_WORD.sub("", nfkc(text).lower())


def test_every_character_strip_controls_or_json_safe_change_is_unprintable():
    for code in range(0x110000):
        ch = chr(code)
        if RE_UNSAFE_TEXT.match(ch) or RE_JSON_ESCAPED.match(ch):
            assert not ch.isprintable() and ch != "\n", hex(code)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(max_size=24), st.lists(TEXT_PIECES, max_size=16).map("".join),
                 st.lists(CLEAN_PIECES, max_size=10).map("".join)))
def test_printable_text_is_left_as_the_regexes_leave_it(text):
    from govclean.textutil import _json_escape

    assert strip_controls(text) == RE_UNSAFE_TEXT.sub("", text)
    assert json_safe(text) == RE_JSON_ESCAPED.sub(_json_escape, text)
    if printable_but_breaks(text):
        assert RE_UNSAFE_TEXT.search(text) is None and RE_JSON_ESCAPED.search(text) is None


CJK_CLEAN_PIECES = st.sampled_from(["中文", "，", " ", "  ", "\u3000", "\xa0", "。", "a", "\t", "e\u0301", "\u200b"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(CJK_CLEAN_PIECES, max_size=12).map("".join))
def test_clean_of_printable_cjk_lines_gives_what_the_regex_gave(text):
    assert segment._clean(text) == _clean_as_before(text)


def test_a_block_without_link_text_is_never_chrome_by_link_density():
    from govclean.classify import MAX_LINK_DENSITY

    for text in ("", "a", "首页 | 新闻", "x" * 500):
        assert Block(index=0, text=text, link_chars=0).link_density <= MAX_LINK_DENSITY
    assert Block(index=0, text="ab", link_chars=2).link_density > MAX_LINK_DENSITY



# -------------------------------------------------- round 5: a title hint's search without a hint

def _hinted_title_by_loop(blocks, before, hints, floor):
    """classify._hinted_title as it read before it returned at once without a hint key."""
    from govclean.classify import TITLE_MAX_LINES, _hint_candidate
    from govclean.textutil import key, key_similarity

    best, best_score, best_raw = [], floor, 0.0
    hint_keys = [k for k in (key(h) for h in hints) if k]
    for i in range(before):
        if not _hint_candidate(blocks[i]):
            continue
        k, bonus = "", 0.05 if blocks[i].heading else 0.0
        for j in range(i, min(before, i + TITLE_MAX_LINES)):
            if j > i and not (_hint_candidate(blocks[j]) and blocks[j].path == blocks[i].path):
                break
            k += key(blocks[j].text)
            for hk in hint_keys:
                raw = key_similarity(k, hk, best_score - bonus)
                if raw + bonus > best_score or (raw + bonus == best_score and not best):
                    best, best_score, best_raw = list(range(i, j + 1)), raw + bonus, raw
    return best, best_raw


HINT_LINES = st.sampled_from(["外交部发言人答记者问", "Press briefing", "", "首页", "  ", "——", "title: x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(HINT_LINES, min_size=1, max_size=8), st.lists(HINT_LINES, max_size=2),
       st.sampled_from([0.8, 0.95]))
def test_hinted_title_without_a_hint_key_is_the_loops_answer(lines, hints, floor):
    from govclean.classify import _hinted_title

    blocks = [Block(index=i, text=t, heading=i % 2) for i, t in enumerate(lines)]
    assert _hinted_title(blocks, len(blocks), hints, floor) == \
        _hinted_title_by_loop(blocks, len(blocks), hints, floor)


# -------------------------------------------------- round 5: a dump's line tried for bullets and images by its first character

from govclean.segment import (BULLET_FIRSTS, RE_BULLET, RE_BULLET_ONLY, RE_IMAGE_PLACEHOLDER,  # noqa: E402
                              RE_INLINE_IMAGE, segment_text)

LINE_PIECES = st.sampled_from(["•", "○", "◆", "-", "*", "+", "·", "1", "12", "٣", "５", ".", ")", " ", "  ", "\t",
                               "\u3000", "\xa0", "\x1c", "[", "]", "[img]", "[1]", "[ ]", "a", "中文", "x.png", "—"])


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(max_size=16), st.lists(LINE_PIECES, max_size=8).map("".join)))
def test_bullet_and_image_lines_pass_their_first_character_tests(line):
    line = line.rstrip()
    first = line.lstrip()[:1]
    assert bool(first) == bool(line.strip())
    if RE_BULLET.match(line) or RE_BULLET_ONLY.match(line):
        assert first in BULLET_FIRSTS or first.isdecimal(), line
    if RE_IMAGE_PLACEHOLDER.match(line):
        assert first == "[", line
    if RE_INLINE_IMAGE.search(line):
        assert "[" in line, line


def test_bullets_and_images_of_a_dump_are_still_read():
    blocks = segment_text("• 一\n  ５. 二\n[logo.png]\n[szf_timeic] 时间：2024\n\n○\nplain")
    assert [(b.tag, b.text) for b in blocks] == [("li", "一"), ("li", "二"), ("img", "[logo.png]"),
                                                 ("p", "时间：2024"), ("p", "plain")]


# -------------------------------------------------- round 5: wrap_width's early answer

WIDE_LINE = st.builds(lambda n, wide: "x" * n + "中" * wide, st.integers(0, 70), st.integers(0, 90))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(WIDE_LINE, MIXED_LINE, st.sampled_from(["x" * 57, "x" * 56, "x" * 132, "x" * 133])),
                max_size=12))
def test_wrap_width_when_wide_lines_outnumber_the_candidates_is_the_width_by_definition(lines):
    assert wrap_width(lines) == wrap_width_by_definition(lines)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "[home-1]", " ", "首页", ">", "当前位置：", "Home", "x"]), max_size=8).map("".join))
def test_breadcrumb_placeholders_are_only_sought_in_lines_with_a_bracket(text):
    from govclean.sources import RE_PLACEHOLDER_LEAD, breadcrumb

    if "[" not in text:
        assert RE_PLACEHOLDER_LEAD.search(text) is None
    assert breadcrumb(text) == breadcrumb_ungated(text)


def breadcrumb_ungated(text):
    """sources.breadcrumb as it read before the bracket test: the placeholder lead always
    sought (once: applying it to its own result again would strip a second placeholder)."""
    import re

    from govclean.sources import (BREADCRUMB_MAX, RE_BREADCRUMB_HOME, RE_BREADCRUMB_LEAD,
                                  RE_BREADCRUMB_SPLIT, RE_PLACEHOLDER_LEAD)

    if len(text) > BREADCRUMB_MAX:
        return []
    text = RE_PLACEHOLDER_LEAD.sub("", text)
    lead = RE_BREADCRUMB_LEAD.match(text)
    if not (lead or RE_BREADCRUMB_HOME.match(text)):
        return []
    rest = text[lead.end():] if lead else text
    crumbs = [c.strip(" \u3000:：") for c in RE_BREADCRUMB_SPLIT.split(rest)]
    crumbs = [re.sub(r"^\[[^\]]*\]\s*", "", c) for c in crumbs if c.strip(" \u3000:：")]
    crumbs = [c for c in crumbs if c]
    return crumbs if len(crumbs) >= 2 else []


# -------------------------------------------------- round 7: text dumps' lines

from collections import Counter  # noqa: E402

from govclean import classify, fold, labels, segment  # noqa: E402

# first characters: those some rule or heading begins with, and others (CJK prose, Latin,
# digits, white space, brackets)
FIRSTS = sorted(set("打关分扫当首版网主字上相访无今SspWMRDTC©(IE评留相关R" "会落中the.x 　\n[【（1٣"))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(FIRSTS), st.sampled_from([None, "zh", "en", "de", "fr", "ja"]))
def test_the_remembered_first_character_test_is_the_alternation_s(first, language):
    rules.clear_candidates()
    assert rules._may_begin(first, language) == (rules._any_begins(language).match(first) is not None)
    assert rules._begins[(first, language)] == rules._may_begin(first, language)  # remembered as given


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(CHROME_PIECES), max_size=8), st.booleans(),
       st.sampled_from([None, "zh", "en", "de"]))
def test_pattern_reason_with_remembered_first_characters_is_the_search_s(pieces, prose, language):
    text = "".join(pieces)
    first = rules.pattern_reason(text, prose, language)  # the memo filled (or not) by this line
    assert first == rules.pattern_reason(text, prose, language) == chrome_reason_by_search(text, prose, language)


HEADING_PIECES = ["评论", "网友评论", "发表评论", "相关新闻", "相关阅读", "Comments", "comments", "Related articles",
                  "Kommentare", "Leggi anche", "Réactions", "(12)", "（3）", " 12 ", "1. ", ":", "：", "…", "...",
                  " ", "\u3000", "会议强调", "the", "x", "中"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(HEADING_PIECES), max_size=5).map("".join))
def test_heading_tests_with_their_first_character_test_are_the_patterns(text):
    rules.clear_candidates()
    for _ in range(2):  # the first character's answer worked out, then remembered
        assert rules.is_thread_heading(text) == (len(text) <= CHROME_LINE_MAX
                                                 and bool(rules.RE_THREAD_HEADING.match(text)))
        assert rules.is_related_heading(text) == (len(text) <= CHROME_LINE_MAX
                                                  and bool(rules.RE_RELATED_HEADING.match(text)))


def is_date_line_as_before(text):
    """classify._is_date_line without its ideograph test."""
    from govclean.dates import parse_date

    if len(text) > classify.DATE_LINE_MAX:
        return False
    return parse_date(text) is not None and not any(c.isalpha() for c in classify.RE_DATE_WORDS.sub("", text))


DATE_PIECES = ["2025年", "06月", "03日", "13时", "44分", "星期三", "周五", "发布时间：", "更新日期:", "2024-03-05",
               "10:15", "November 19, 2019", "Published ", "on ", "am", " ", "会", "议", "召", "开", "年", "月",
               "日", "时", "间", "一", "〇", "二〇二四年", "中", "x", "T", "Z"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=8).map("".join))
def test_date_lines_with_the_ideograph_test_are_those_by_definition(text):
    assert classify._is_date_line(text) == is_date_line_as_before(text)


def test_every_undated_ideograph_is_a_letter_no_date_word_removes():
    pattern = classify.RE_UNDATED_IDEOGRAPH
    ideographs = [chr(c) for c in range(0x4E00, 0x9FA6)]
    undated = [c for c in ideographs if pattern.search(c)]
    assert len(undated) == len(ideographs) - len(set(classify.DATE_WORDS) & set(ideographs)) > 20000
    assert all(c.isalpha() for c in undated)
    assert classify.RE_DATE_WORDS.sub("", "".join(undated)) == "".join(undated)
    assert not pattern.search("2025年06月03日 星期二 13时44分 发布时间 更新日期")
    assert classify._is_date_line("2025年06月03日 13时44分") and not classify._is_date_line("2025年06月03日开会")


def label_line_as_before(text):
    """labels.label_line as it read before: the speaker's turn told after every value is cleaned."""
    from govclean.labels import (DATE_FIELDS, EN_DATELINE_INITIALS, LABEL_LINE_MAX, LABEL_PREFIX_MAX,
                                 RE_COMPOUND_LEFT, RE_EN_DATELINE, RE_GENERATED, RE_LABEL_WORD_FOLDED,
                                 SPEAKER_TURN_MIN, LabelValue, clean_value, group_field, has_sentence,
                                 label_matches, parse_date)

    if len(text) > LABEL_LINE_MAX:
        return ()
    colon = ":" in text or "：" in text
    m = RE_EN_DATELINE.match(text) if text.lstrip()[:1] in EN_DATELINE_INITIALS \
        and any(c.isdigit() for c in text) else None
    if m and parse_date(text[m.end():]):
        name = "updated" if m.group("updated") else "published"
        return (LabelValue(name, m.group(0).strip(), parse_date(text[m.end():]) or "", text[m.end():]),)
    if not colon or not RE_LABEL_END.search(text) or RE_GENERATED.search(text):
        return ()
    if not RE_LABEL_WORD_FOLDED.search(text.lower()):
        return ()
    matches = label_matches(text)
    if not matches or len(text[:matches[0].start()].strip()) > LABEL_PREFIX_MAX \
            or RE_COMPOUND_LEFT.search(text[:matches[0].start()]) and matches[0].group(0).isascii():
        return ()
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        name = group_field(m)
        raw = text[m.end():end]
        out.append(LabelValue(name, m.group(0).strip().strip(" \u3000:：【】[]"), clean_value(name, raw), raw.strip()))
    if len(out) == 1 and out[0].field not in DATE_FIELDS and len(out[0].raw) > SPEAKER_TURN_MIN \
            and has_sentence(out[0].raw):
        return ()
    return tuple(out)


SPEAKER_PIECES = ["记者：", "新华社记者：", "来源：", "发布时间：", "作者：", "责任编辑：", "央视记者：据报道，",
                  "我们注意到", "请问中方对此有何评论？", "2024-03-05", "。", "？", " ", "新华社", "王一凡", "x" * 20,
                  "Published 5 March 2024", "Source: ", "a long answer follows here."]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(SPEAKER_PIECES), max_size=6).map("".join))
def test_a_speaker_s_turn_told_before_its_value_is_cleaned_is_the_label_line_as_before(text):
    assert labels.label_line.__wrapped__(text) == label_line_as_before(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["会议强调", "，", "。", "各单位要落实责任", "Skip", " the meeting said.", "x"]),
                max_size=14).map("".join), st.sampled_from(["p", "img", "li"]))
def test_good_line_is_the_token_and_sentence_test(text, tag):
    from govclean.model import Block
    from govclean.textutil import has_sentence, tokens

    n = tokens(text)
    expected = tag != "img" and (n >= classify.LONG_MIN_TOKENS or (n >= classify.GOOD_MIN_TOKENS and has_sentence(text)))
    assert classify._good_text(Block(index=0, text=text, tag=tag)) == expected
    assert classify.is_good(Block(index=0, text=text, tag=tag)) == expected


@settings(max_examples=1500, deadline=None)
@given(st.one_of(WIDE_LINE, MIXED_LINE, st.sampled_from(["x" * 133, "中" * 67, "x" * 20, "“中”" * 20])),
       st.one_of(WIDE_LINE, MIXED_LINE, st.sampled_from(["word", "中", "x" * 80])), st.sampled_from(WRAP_WIDTHS))
def test_wrapped_given_the_measured_width_is_wrapped_measuring_it(prev, line, width):
    prev, line = prev.rstrip(), line.strip()
    if prev and line:
        measured = segment._width_near_wraps(prev)
        assert segment._wrapped(prev, line, width, measured) == segment._wrapped(prev, line, width)


def refrains_by_counter(blocks):
    """fold._refrains as it read before its early answer."""
    from govclean.model import BODY
    from govclean.textutil import key, tokens

    body = [b for b in blocks if b.label == BODY and tokens(b.text) >= fold.REPEAT_BLOCK_MIN_TOKENS]
    keys = [key(b.text) for b in body]
    count = Counter(keys)
    copied = {k for k, prev, b, a in zip(keys[1:], keys, body[1:], body) if k == prev and b.path != a.path}
    return {k for k, c in count.items() if c >= fold.REFRAIN_MIN and k not in copied}


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["问：请问中方对此有何评论？", "答：我们注意到有关报道。",
                                           "答：我们注意到有关报道 。", "会议强调要落实安全生产责任。", "短句"]),
                          st.sampled_from(["body", "chrome"]), st.sampled_from(["", "p", "div/p"])), max_size=10))
def test_refrains_with_the_early_answer_are_the_counted_ones(rows):
    from govclean.model import Block

    blocks = [Block(index=i, text=t, label=label, path=path) for i, (t, label, path) in enumerate(rows)]
    assert fold._refrains(blocks) == refrains_by_counter(blocks)


def family_weights_as_before(blocks, scored):
    """classify._family_weights without its answer for pages without containers."""
    goods = {r: [b for b in blocks[r[1]:r[2]] if classify.is_good(b)] for r in scored if r[0]}
    bounds = {r: classify._container_bounds(gs) for r, gs in goods.items()}
    out = {r: r[0] for r in scored}
    for run in goods:
        main = classify._common_container(blocks, run[1], run[2])
        if not main:
            continue
        family = [r for r, (low, high) in bounds.items() if low.startswith(main + "/") and high.startswith(main + "/")]
        paragraphs = sorted(len(goods[r]) for r in family)
        if paragraphs[len(paragraphs) // 2] >= classify.FAMILY_MIN_PARAGRAPHS:
            out[run] = sum(r[0] for r in family)
    return out


PARAGRAPHS = ["会议强调，各单位要落实安全生产责任，统筹推进各项工作，确保取得实效。",
              "The meeting said that every office must keep its records for at least ten years.",
              "首页", "打印本页", "来源：新华社", "一、总体要求", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=14),
       st.lists(st.sampled_from(["html/body/div.main/div.text", "html/body/div.main/div.side", "html/body/div"]),
                min_size=14, max_size=14))
def test_pages_without_containers_have_no_main_container_nor_families(paragraphs, containers):
    from govclean.model import Block

    dump = classify.classify(segment.segment_text("\n\n".join(paragraphs)) or [Block(index=0, text="x")])
    assert all(not b.container for b in dump.blocks)
    for blocks in (dump.blocks, [Block(index=i, text=b.text, container=c, path=c + "/p")  # an HTML page's
                                 for i, (b, c) in enumerate(zip(dump.blocks, containers))]):
        for b in blocks:
            b.label = ""
        regions = classify.body_regions(blocks)
        scored = [(sum(map(classify._weight, blocks[s:e])), s, e) for s, e in regions]
        assert classify._family_weights(blocks, scored) == family_weights_as_before(blocks, scored)
        expected = "" if not regions else classify._common_container(
            blocks, *max(regions, key=lambda r: sum(map(classify._weight, blocks[r[0]:r[1]]))))
        assert classify.main_container(blocks, regions) == expected


SPAN_PIECES = ["url", "url: ", "http://www.example.gov.cn/a/b.htm", "记者", "：", ":", "来源", "来 源", "发布时间",
               "Published", "Source", "SOURCE", " ", "\u3000", "【", "】", "[", "]", "·", "｜", "ſource", "KELVIN",
               "新华社", "2024-03-05", "by", "时间", "x"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(SPAN_PIECES), max_size=8).map("".join))
def test_the_remembered_span_answers_as_the_label_regex_at_each_start(text):
    labels.clear_spans()
    for _ in range(2):  # worked out, then remembered
        for at in range(len(text)):
            colon = labels.RE_COLON.search(text, at)
            if colon is not None:
                assert labels._may_match(text, at, colon.start()) == (labels.RE_LABEL.match(text, at) is not None)
    assert labels.label_matches(text) and [m.span() for m in labels.label_matches(text)] == \
        [m.span() for m in labels.RE_LABEL.finditer(text)] or not list(labels.RE_LABEL.finditer(text))
