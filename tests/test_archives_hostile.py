"""Broken archives, generated: one line naming the archive and the record or member, the rest goes on, exit 1."""
from __future__ import annotations

import io
import tarfile
import zipfile

import pytest
from click.testing import CliRunner

from archivegen import Warc, mhtml
from batchpages import page
from govclean.cli import main

pytest.importorskip("warcio")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def urls(result):
    import json

    return [json.loads(line)["url"] for line in result.stdout.splitlines() if line.strip()]


def crawl(n=4, gz=True):
    w = Warc(gz=gz)
    for i in range(n):
        w.response(f"https://e.gov/{i}.html", page(70 + i).encode())
    return w


def failure_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith("govclean: ") and ": " in line[10:]
            and "inputs read" not in line]


def check(result, name, problem, survivors):
    assert result.exit_code == 1
    lines = failure_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"govclean: {name}: ") and problem in lines[0], lines[0]
    assert urls(result) == [f"https://e.gov/{i}.html" for i in survivors]


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_a_truncated_final_record(tmp_path, gz):
    w = crawl(gz=gz)
    path = tmp_path / "t.warc"
    path.write_bytes(w.bytes()[:-200])
    check(run("clean", "-f", "jsonl", "--dedup", "off", path), f"{path}#{w.starts[3]}",
          "truncated record", [0, 1, 2])


def test_a_gzip_member_broken_in_the_middle(tmp_path):
    w = crawl()
    data = bytearray(w.bytes())
    middle = (w.starts[1] + w.starts[2]) // 2
    data[middle:middle + 40] = b"\xff" * 40
    path = tmp_path / "b.warc.gz"
    path.write_bytes(bytes(data))
    check(run("clean", "-f", "jsonl", "--dedup", "off", path), f"{path}#{w.starts[1]}",
          "broken", [0, 2, 3])


@pytest.mark.parametrize("change", ["longer", "shorter"])
def test_a_wrong_content_length(tmp_path, change):
    w = crawl(gz=False)
    data = w.bytes()
    head_end = data.index(b"\r\n\r\n", w.starts[1])
    header = data[w.starts[1]:head_end]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    wrong = length + 300 if change == "longer" else length - 300
    fixed = header.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % wrong)
    path = tmp_path / "cl.warc"
    path.write_bytes(data[:w.starts[1]] + fixed + data[head_end:])
    check(run("clean", "-f", "jsonl", "--dedup", "off", path), f"{path}#{w.starts[1]}",
          "Content-Length", [0, 2, 3])


def test_a_warc_header_without_its_blank_line(tmp_path):
    w = crawl(gz=False)
    data = w.bytes()
    head_end = data.index(b"\r\n\r\n", w.starts[1])
    path = tmp_path / "nb.warc"
    path.write_bytes(data[:head_end] + b"\r\n" + data[head_end + 4:])
    check(run("clean", "-f", "jsonl", "--dedup", "off", path), f"{path}#{w.starts[1]}",
          "blank line", [0, 2, 3])


def test_a_record_over_max_bytes(tmp_path):
    w = Warc()
    w.response("https://e.gov/0.html", page(80).encode())
    w.response("https://e.gov/1.html", page(81, paragraphs=200).encode())
    w.response("https://e.gov/2.html", page(82).encode())
    path = tmp_path / "big.warc.gz"
    path.write_bytes(w.bytes())
    check(run("clean", "-f", "jsonl", "--dedup", "off", "--max-bytes", 20000, path),
          f"{path}#{w.starts[1]}", "--max-bytes", [0, 2])


def test_zip_bombs_are_refused_by_ratio_and_by_total(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.html", page(83))
        zf.writestr("b.html", b"\0" * (50 * 1024 * 1024))
    result = run("clean", "-f", "jsonl", "--dedup", "off", path)
    assert result.exit_code == 1
    assert f"govclean: {path}!/b.html: inflates" in result.stderr and "zip bomb" in result.stderr
    assert len(result.stdout.splitlines()) == 1
    from govclean import archives

    total = tmp_path / "total.zip"
    with zipfile.ZipFile(total, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.html", page(84))
    small = archives.ZIP_MAX_TOTAL
    try:
        archives.ZIP_MAX_TOTAL = 100
        result = run("clean", "-f", "jsonl", total)
    finally:
        archives.ZIP_MAX_TOTAL = small
    assert result.exit_code == 1 and f"govclean: {total}: zip declares" in result.stderr


@pytest.mark.parametrize("suffix,problem", [(".zip", "broken zip ("), (".wacz", "broken WACZ (zip: ")])
def test_a_zip_or_wacz_that_is_not_a_zip_is_one_line(tmp_path, suffix, problem):
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(b"PK\x03\x04" + b"not a zip at all" * 4)
    good = tmp_path / "good.warc.gz"
    good.write_bytes(crawl(2).bytes())
    check(run("clean", "-f", "jsonl", "--dedup", "off", bad, good), str(bad), problem, [0, 1])


def test_member_names_with_dotdot_or_absolute_paths_are_never_read(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ok.html", page(85))
        zf.writestr("../escape.html", page(86))
        zf.writestr("/etc/abs.html", page(87))
    out = tmp_path / "out"
    result = run("clean", "--dedup", "off", "-o", out, path)
    assert result.exit_code == 1
    assert f"govclean: {path}!/../escape.html: unsafe member name" in result.stderr
    assert f"govclean: {path}!//etc/abs.html: unsafe member name" in result.stderr
    assert sorted(p.name for p in out.rglob("*.txt")) == ["ok.txt"]
    assert not (tmp_path / "escape.txt").exists()
    tpath = tmp_path / "evil.tar"
    with tarfile.open(tpath, "w") as tf:
        for name in ("../../up.html", "fine.html"):
            data = page(88).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    result = run("clean", "-f", "jsonl", tpath)
    assert result.exit_code == 1 and f"govclean: {tpath}!/../../up.html: unsafe member name" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_mhtml_without_html_and_with_an_unclosed_boundary(tmp_path):
    none = tmp_path / "none.mhtml"
    none.write_bytes(mhtml(b"", html_part=False))
    cut = tmp_path / "cut.mhtml"
    cut.write_bytes(mhtml(page(89).encode(), close=False))
    good = tmp_path / "good.mhtml"
    good.write_bytes(mhtml(page(90).encode()))
    result = run("clean", "-f", "jsonl", "--dedup", "off", tmp_path)
    assert result.exit_code == 1
    assert f"govclean: {none}: MHTML save with no HTML part" in result.stderr
    assert f"govclean: {cut}: MHTML whose MIME boundary never closes" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_an_arc_file_is_refused_with_a_clear_line(tmp_path):
    import gzip

    path = tmp_path / "old.arc.gz"
    path.write_bytes(gzip.compress(b"filedesc://old.arc 0.0.0.0 20040101000000 text/plain 76\n"))
    result = run("clean", path)
    assert result.exit_code == 1 and f"govclean: {path}: ARC file" in result.stderr
