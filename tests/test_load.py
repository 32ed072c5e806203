"""Load: kind sniffing and decoding decisions."""
from __future__ import annotations

import codecs
import gzip

import pytest

from govclean.errors import InputError
from govclean.load import load_bytes

ZH = "<html><head><meta charset='gb2312'><title>通知</title></head><body><p>关于做好春季防火工作的通知</p></body></html>"


def test_declared_gb2312_decodes_as_gb18030():
    page = load_bytes(ZH.encode("gb18030"), "a.html")
    assert page.encoding == "gb18030"
    assert "春季防火" in page.text


def test_bom_wins_over_declared_charset():
    page = load_bytes(codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), "a.html")
    assert page.encoding == "utf-16-le"
    assert "春季防火" in page.text
    assert any("BOM wins" in n for n in page.notes)


def test_valid_utf8_overrides_a_stale_legacy_meta():
    page = load_bytes(ZH.encode("utf-8"), "a.html")
    assert page.encoding == "utf-8"
    assert "春季防火" in page.text


def test_undeclared_gbk_text_is_detected():
    text = "关于做好春季防火工作的通知。各乡镇人民政府，县直各有关单位：为切实做好今年春季森林防火工作，现将有关事项通知如下。" * 3
    page = load_bytes(text.encode("gbk"), "a.txt")
    assert page.kind == "text"
    assert "森林防火" in page.text


def test_html_is_sniffed_whatever_the_name():
    assert load_bytes(ZH.encode(), "page.txt").kind == "html"
    assert load_bytes("plain words\nmore words".encode(), "page.html").kind == "text"


def test_gzip_is_opened():
    page = load_bytes(gzip.compress(ZH.encode("utf-8")), "a.html.gz")
    assert "春季防火" in page.text


def test_saved_from_comment_gives_the_url():
    html = "<!DOCTYPE html>\n<!-- saved from url=(0030)http://www.example.gov.cn/a.html -->\n<html><body><p>x</p></body></html>"
    assert load_bytes(html.encode(), "a.html").url == "http://www.example.gov.cn/a.html"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
    (b"%PDF-1.7\n" + b"\x00\x01" * 100, "PDF"),
    (b"\x00\x01\x02\x03" * 200, "binary"),
    (b"\x1f\x8b\x08\x00broken", "gzip"),
    (b"   \n\n  ", "no text"),
])
def test_bad_input_is_refused_with_a_reason(data, words):
    with pytest.raises(InputError) as err:
        load_bytes(data, "bad.html")
    assert words in str(err.value)
    assert str(err.value).startswith("bad.html: ")


def test_size_limit_applies_after_decompression():
    bomb = gzip.compress(b"<html>" + b"a" * 2_000_000)
    with pytest.raises(InputError, match="limit"):
        load_bytes(bomb, "bomb.html.gz", max_bytes=1_000_000)


@pytest.mark.parametrize("name", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_found_by_its_nul_bytes(name):
    page = load_bytes(ZH.replace("gb2312", "x").encode(name), "a.html")
    assert page.encoding == name and "春季防火" in page.text


def test_text_with_few_nul_bytes_is_not_utf16():
    page = load_bytes(("通知\x00" + "关于做好春季防火工作的通知。" * 20).encode("utf-8"), "a.txt")
    assert page.encoding == "utf-8"
