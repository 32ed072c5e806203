"""Web archives and browser saves as inputs: WARC, WACZ, MHTML, zip, tar (built at test time)."""
from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile

import pytest
from click.testing import CliRunner

from archivegen import DATE, Warc, chunked, mhtml
from batchpages import page
from govclean import clean_page
from govclean.cli import main

pytest.importorskip("warcio")


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def jsonl(result):
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def html(n: int) -> bytes:
    return page(n).encode("utf-8")


@pytest.fixture
def crawl(tmp_path):
    """A crawl: two articles, an image, a redirect, a 404, a request and a metadata record."""
    w = Warc()
    w.response("https://www.example.gov/a/1.html", html(1))
    w.response("https://www.example.gov/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), ctype="image/png")
    w.response("https://www.example.gov/old", b"", status="301 Moved Permanently")
    w.response("https://www.example.gov/missing", b"<html>gone</html>", status="404 Not Found")
    w.record("https://www.example.gov/a/1.html", "request", b"GET /a/1.html HTTP/1.1\r\n\r\n",
             ctype="application/http; msgtype=request")
    w.record("https://www.example.gov/a/1.html", "metadata", b"outlinks: none\n", ctype="text/plain")
    w.response("https://www.example.gov/a/2.html", html(2), date="2024-04-01T00:00:00Z")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(w.bytes())
    return path, w.starts


# ------------------------------------------------------------------ WARC


def test_warc_pages_carry_url_captured_and_record_input(crawl):
    path, starts = crawl
    result = run("clean", "-f", "jsonl", "--dedup", "off", "-v", path)
    assert result.exit_code == 0, result.stderr
    docs = jsonl(result)
    assert [d["url"] for d in docs] == ["https://www.example.gov/a/1.html", "https://www.example.gov/a/2.html"]
    assert [d["captured"] for d in docs] == [DATE, "2024-04-01T00:00:00Z"]
    assert [d["input"] for d in docs] == [f"{path}#{starts[0]}", f"{path}#{starts[6]}"]
    assert docs[0]["title"] == "示例市召开第1次专题工作会议"
    assert "5 skipped as not pages" in result.stderr
    for why in ("image/png", "redirect (HTTP 301)", "HTTP status 404", "request record", "metadata record"):
        assert why in result.stderr


def test_a_plain_warc_named_anything_is_sniffed_by_content(tmp_path):
    w = Warc(gz=False)
    w.response("https://www.example.gov/x.html", html(3))
    path = tmp_path / "crawl.data"
    path.write_bytes(w.bytes())
    docs = jsonl(run("clean", "-f", "jsonl", path))
    assert [d["url"] for d in docs] == ["https://www.example.gov/x.html"]


def test_warcs_in_a_folder_and_in_files_from_are_read(crawl, tmp_path):
    path, _ = crawl
    assert len(jsonl(run("clean", "-f", "jsonl", "--dedup", "off", tmp_path))) == 2
    listing = tmp_path / "list.txt"
    listing.write_text(f"{path}\n")
    assert len(jsonl(run("clean", "-f", "jsonl", "--dedup", "off", "--files-from", listing))) == 2


def test_chunked_and_content_encodings_are_decoded(tmp_path):
    w = Warc()
    w.response("https://e.gov/chunked.html", chunked(html(4)), headers=[("Transfer-Encoding", "chunked")])
    w.response("https://e.gov/gzip.html", gzip.compress(html(5)), headers=[("Content-Encoding", "gzip")])
    brotli = pytest.importorskip("brotli")
    w.response("https://e.gov/br.html", brotli.compress(html(6)), headers=[("Content-Encoding", "br")])
    path = tmp_path / "enc.warc.gz"
    path.write_bytes(w.bytes())
    docs = jsonl(run("clean", "-f", "jsonl", "--dedup", "off", path))
    assert [d["title"] for d in docs] == [f"示例市召开第{n}次专题工作会议" for n in (4, 5, 6)]


def test_a_payload_kept_from_listing_reads_as_one_read_again_at_its_offset(tmp_path, monkeypatch):
    """Listing keeps small WARC payloads (each record inflated once); with no allowance every
    record is read again at its offset: the same documents and the same refusals."""
    from govclean import archives

    w = Warc()
    w.response("https://e.gov/plain.html", html(1))
    w.response("https://e.gov/chunked.html", chunked(html(2)), headers=[("Transfer-Encoding", "chunked")])
    w.response("https://e.gov/gzip.html", gzip.compress(html(3)), headers=[("Content-Encoding", "gzip")])
    w.record("https://e.gov/r.html", "resource", html(4), ctype="text/html")
    w.response("https://e.gov/big.html", html(5) + b"<!--" + b"x" * 30000 + b"-->")
    path = tmp_path / "kept.warc.gz"
    path.write_bytes(w.bytes())
    kept = [x.member for x in archives.list_archive(str(path), archives.WARC, carry=archives.Carry())]
    assert all(m.carried for m in kept) and kept[2].codings == ("", "gzip") and kept[3].codings is None
    tight = archives.Carry(len(html(1)))  # room for the first payload only
    assert [bool(x.member.carried) for x in archives.list_archive(str(path), archives.WARC, carry=tight)] \
        == [True, False, False, False, False]
    args = ("clean", "-f", "jsonl", "--dedup", "off", "--max-bytes", "20000", path)
    once = run(*args)
    monkeypatch.setattr(archives, "CARRY_BYTES", 0)
    again = run(*args)
    assert once.exit_code == again.exit_code == 1
    assert once.stdout == again.stdout and len(jsonl(once)) == 4
    assert once.stderr == again.stderr and "big.html" not in once.stdout and "20000" in once.stderr


def test_the_http_charset_comes_between_bom_and_meta(tmp_path):
    body = "<html><head><meta charset='utf-8'><title>县政府召开春季植树动员会</title></head><body>" \
           "<h1>县政府召开春季植树动员会</h1><p>会议要求各乡镇压实责任，确保今年植树任务按期完成。</p></body></html>"
    gbk = body.encode("gbk")
    w = Warc()
    w.response("https://e.gov/gbk.html", gbk, ctype="text/html; charset=GBK")
    w.response("https://e.gov/bom.html", b"\xef\xbb\xbf" + body.encode("utf-8"), ctype="text/html; charset=GBK")
    path = tmp_path / "cs.warc.gz"
    path.write_bytes(w.bytes())
    docs = jsonl(run("clean", "-f", "jsonl", "--dedup", "off", path))
    assert [d["title"] for d in docs] == ["县政府召开春季植树动员会"] * 2
    assert [d["encoding"] for d in docs] == ["gb18030", "utf-8"]
    assert clean_page(gbk, http_charset="gbk").title == "县政府召开春季植树动员会"
    assert clean_page(gbk, http_charset="gbk").encoding_source == "http"
    # without the header, the meta's wrong utf-8 is doubted and the detector decides
    assert clean_page(gbk).encoding_source == "detected"


def test_resource_records_and_revisits(tmp_path):
    w = Warc()
    original = w.response("https://e.gov/n.html", html(7))
    digest = original.rec_headers.get_header("WARC-Payload-Digest")
    w.record("https://e.gov/r.html", "resource", html(8), ctype="text/html")
    w.revisit("https://e.gov/n.html", digest, "2024-06-01T00:00:00Z")
    w.revisit("https://e.gov/elsewhere.html", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "2024-06-01T00:00:00Z")
    path = tmp_path / "rv.warc.gz"
    path.write_bytes(w.bytes())
    result = run("clean", "-f", "jsonl", "--dedup", "off", "-v", path)
    docs = jsonl(result)
    assert [d["url"] for d in docs] == ["https://e.gov/n.html", "https://e.gov/r.html", "https://e.gov/n.html"]
    assert docs[2]["captured"] == "2024-06-01T00:00:00Z" and docs[2]["text"] == docs[0]["text"]
    assert "revisit whose payload is not in this input" in result.stderr
    assert "1 skipped as not pages" in result.stderr


def test_the_latest_capture_of_one_url_is_canonical(tmp_path):
    w = Warc()
    w.response("https://e.gov/same.html", html(9), date="2024-01-01T00:00:00Z")
    w.response("https://e.gov/same.html", html(9), date="2024-09-01T00:00:00Z")
    w.response("https://e.gov/same.html", html(9), date="2024-05-01T00:00:00Z")
    path = tmp_path / "twice.warc.gz"
    path.write_bytes(w.bytes())
    docs = jsonl(run("clean", "-f", "jsonl", path))
    assert len(docs) == 1
    assert docs[0]["captured"] == "2024-09-01T00:00:00Z"
    assert docs[0]["input"] == f"{path}#{w.starts[1]}"
    assert sorted(d["input"] for d in docs[0]["duplicates"]) == [f"{path}#{w.starts[0]}", f"{path}#{w.starts[2]}"]


def test_output_names_come_from_the_url_and_stay_inside(tmp_path):
    w = Warc()
    w.response("https://www.example.gov/news/2024/a.html", html(10))
    w.response("https://www.example.gov/news/", html(11))
    w.response("https://www.example.gov/news/2024/a.html?page=2", html(12))
    w.response("https://www.example.gov/../../etc/passwd", html(13))
    w.response("https://www.example.gov/news/2024/a.html", html(14))
    path = tmp_path / "n.warc.gz"
    path.write_bytes(w.bytes())
    out = tmp_path / "out"
    assert run("clean", "--dedup", "off", "-o", out, path).exit_code == 0
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*.txt"))
    assert "www.example.gov/news/2024/a.txt" in names and "www.example.gov/news/index.txt" in names
    assert "www.example.gov/news/2024/a.html.txt" in names  # the same URL twice: collision-free
    assert len(names) == 5 and all(not n.startswith("..") and "/../" not in n for n in names)
    again = tmp_path / "again"
    run("clean", "--dedup", "off", "-j", "2", "-o", again, path)
    assert sorted(str(p.relative_to(again)) for p in again.rglob("*.txt")) == names


def test_an_unchanged_archive_is_a_no_op_and_a_grown_one_cleans_only_new_records(tmp_path):
    w = Warc()
    for n in range(3):
        w.response(f"https://e.gov/{n}.html", html(20 + n))
    path = tmp_path / "grow.warc.gz"
    path.write_bytes(w.bytes())
    out = tmp_path / "out"
    first = run("clean", "-v", "-o", out, path)
    assert first.exit_code == 0 and first.stderr.count(": written to ") == 3
    second = run("clean", "-v", "-o", out, path)
    assert second.stderr.count(": written to ") == 0 and "3 skipped as unchanged" in second.stderr
    w.response("https://e.gov/3.html", html(23))
    path.write_bytes(w.bytes())  # appended to, as a crawler does
    third = run("clean", "-v", "-o", out, path)
    assert third.stderr.count(": written to ") == 1 and f": written to {out}/e.gov/3.txt" in third.stderr
    assert "3 skipped as unchanged" in third.stderr


def test_records_of_an_archive_that_shrank_are_removed(tmp_path):
    w = Warc()
    for n in range(2):
        w.response(f"https://e.gov/{n}.html", html(30 + n))
    path = tmp_path / "shrink.warc.gz"
    path.write_bytes(w.bytes())
    out = tmp_path / "out"
    run("clean", "-o", out, path)
    path.write_bytes(w.bytes()[:w.starts[1]])
    result = run("clean", "-v", "-o", out, path)
    assert result.exit_code == 0
    assert not (out / "e.gov" / "1.txt").exists() and (out / "e.gov" / "0.txt").exists()


# ------------------------------------------------------------------ WACZ


def _wacz(path, warcs, datapackage=None, pages=None):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in warcs.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        resources = datapackage if datapackage is not None else list(warcs)
        zf.writestr("datapackage.json", json.dumps({"resources": [{"path": p} for p in resources]}))
        if pages:
            zf.writestr("pages/pages.jsonl", "\n".join(json.dumps(p) for p in pages))


def test_wacz_reads_its_warcs_in_index_order_with_page_titles(tmp_path):
    a, b = Warc(), Warc()
    a.response("https://e.gov/a.html", html(40))
    b.response("https://e.gov/b.html", html(41))
    b.response("https://e.gov/t.txt", b"just a line", ctype="text/plain")
    path = tmp_path / "site.wacz"
    _wacz(path, {"archive/b.warc.gz": b.bytes(), "archive/a.warc.gz": a.bytes()},
          pages=[{"url": "https://e.gov/t.txt", "title": "A listed page"}])
    docs = jsonl(run("clean", "-f", "jsonl", "--dedup", "off", path))
    assert [d["url"] for d in docs] == ["https://e.gov/b.html", "https://e.gov/t.txt", "https://e.gov/a.html"]
    assert docs[0]["input"] == f"{path}!/archive/b.warc.gz#0"
    assert docs[1]["title"] == "A listed page"


def test_a_wacz_naming_a_missing_warc_says_so_and_goes_on(tmp_path):
    a = Warc()
    a.response("https://e.gov/a.html", html(42))
    path = tmp_path / "broken.wacz"
    _wacz(path, {"archive/a.warc.gz": a.bytes()}, datapackage=["archive/gone.warc.gz", "archive/a.warc.gz"])
    result = run("clean", "-f", "jsonl", path)
    assert result.exit_code == 1
    assert f"{path}!/archive/gone.warc.gz: named by the WACZ's datapackage.json but missing" in result.stderr
    assert [d["url"] for d in jsonl(result)] == ["https://e.gov/a.html"]


# ------------------------------------------------------------------ zip and tar


def test_zip_members_are_walked_like_a_folder(tmp_path):
    path = tmp_path / "saves.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("dir/page.html", html(50))
        zf.writestr("dir/page.txt", "示例市召开第51次专题工作会议\n\n" + "会议强调推进工作落实。" * 20)
        zf.writestr("img/logo.png", b"\x89PNG")
        zf.writestr("inner.zip", b"PK\x03\x04")
    result = run("clean", "-f", "jsonl", "--dedup", "off", "-v", path)
    assert result.exit_code == 0
    assert [d["input"] for d in jsonl(result)] == [f"{path}!/dir/page.html", f"{path}!/dir/page.txt"]
    assert "archive inside an archive: not opened" in result.stderr
    out = tmp_path / "out"
    run("clean", "--dedup", "off", "-o", out, path)
    assert (out / "saves" / "dir" / "page.txt").exists()


@pytest.mark.parametrize("mode", ["w", "w:gz"])
def test_tar_members_are_walked_like_a_folder(tmp_path, mode):
    path = tmp_path / ("saves.tar" if mode == "w" else "saves.tar.gz")
    with tarfile.open(path, mode) as tf:
        for name, data in (("a/one.html", html(52)), ("a/two.html", html(53))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    docs = jsonl(run("clean", "-f", "jsonl", "--dedup", "off", path))
    assert [d["input"] for d in docs] == [f"{path}!/a/one.html", f"{path}!/a/two.html"]
    assert docs[1]["title"] == "示例市召开第53次专题工作会议"


# ------------------------------------------------------------------ MHTML


def test_a_tar_gz_is_streamed_not_held(tmp_path):
    """Listing a tar.gz keeps no member bytes; members read in any order come out whole."""
    from govclean import archives

    path = tmp_path / "saves.tar.gz"
    pages = {f"p{n}.html": html(60 + n) for n in range(5)}
    with tarfile.open(path, "w:gz") as tf:
        for name, data in pages.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    listed = list(archives.list_archive(str(path), archives.TARGZ))
    members = [x.member for x in listed]
    assert all(m is not None and m.carried is None for m in members)
    assert sum(len(repr(vars(m))) for m in members) < 2000  # locations, not bytes
    for i in (3, 4, 0, 2, 1, 1):  # forward, backward, again
        assert archives.read_member(members[i], listed[i].name, 10 ** 6) == pages[f"p{i}.html"]
    with pytest.raises(archives.InputError, match="--max-bytes"):
        archives.read_member(members[0], listed[0].name, 10)


def test_mhtml_gives_the_snapshot_part_with_its_url_and_date(tmp_path):
    path = tmp_path / "page.mht"
    path.write_bytes(mhtml(page(60).encode("gbk", "replace").replace(b"utf-8", b"gbk"), charset="gbk"))
    doc = json.loads(run("clean", "-f", "json", path).stdout)
    assert doc["title"] == "示例市召开第60次专题工作会议"
    assert doc["url"] == "https://www.example.gov/news/1.html"
    assert doc["captured"] == DATE
    assert doc["encoding"] == "gb18030"


def test_an_archive_on_standard_input(crawl, tmp_path):
    path, starts = crawl
    import os
    import subprocess
    import sys

    with open(path, "rb") as stdin:  # a real process: its stdin can be peeked at
        result = subprocess.run([sys.executable, "-m", "govclean", "clean", "-f", "jsonl", "--dedup",
                                 "off", "-v", "-"], stdin=stdin, capture_output=True, text=True,
                                env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert [d["input"] for d in jsonl(result)] == [f"-#{starts[0]}", f"-#{starts[6]}"]
    assert "5 skipped as not pages" in result.stderr
    assert not list(tmp_path.glob(".govclean-stdin-*"))  # the copy of stdin is gone
