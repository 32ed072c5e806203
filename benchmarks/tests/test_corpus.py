"""Decoding and listing of corpus pages."""
import codecs
import gzip

import corpus


def test_bom_wins_over_meta_charset():
    page = '<meta charset="gbk"><p>中文</p>'
    data = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    assert corpus.decode(data) == (page, "utf-16")


def test_gbk_label_decodes_as_gb18030():
    data = '<meta http-equiv="Content-Type" content="text/html; charset=GB2312"><p>政府</p>'
    text, encoding = corpus.decode(data.encode("gb18030"))
    assert encoding == "gb18030"
    assert "政府" in text


def test_undeclared_utf8_is_recognised():
    assert corpus.decode("<p>公告</p>".encode("utf-8")) == ("<p>公告</p>", "utf-8")


def test_undeclared_legacy_bytes_fall_back_to_a_detector():
    text, _ = corpus.decode(("<p>" + "关于印发政府信息公开工作要点的通知" * 20 + "</p>").encode("gbk"))
    assert "政府信息公开" in text


def test_gzip_files_are_unpacked(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<p>hi</p>"))
    assert corpus.read_bytes(path) == b"<p>hi</p>"


def test_group_listing_and_relative_paths(tmp_path):
    folder = tmp_path / "corpus" / "aeb"
    folder.mkdir(parents=True)
    for name in ["b.html.gz", "a.html.gz", "notes.txt"]:
        (folder / name).write_bytes(b"")
    files = corpus.group_files(tmp_path, "aeb")
    assert [corpus.relpath(tmp_path, f) for f in files] == ["aeb/a.html.gz", "aeb/b.html.gz"]
    assert corpus.is_text_group("zh-gov-txt") and not corpus.is_text_group("aeb")
