"""Hostile and broken inputs, generated (never stored): shared by test_hostile and fuzz."""
from __future__ import annotations

import codecs
import gzip
import zlib

PROSE = ("The county council met on Tuesday to discuss the spring planting programme, "
         "and it agreed to fund three new nurseries before the end of the year.")
PROSE_ZH = "县政府召开春季植树造林动员大会，会议要求各乡镇压实责任，确保今年植树任务按期完成。"


def page(body: str, title: str = "Spring planting programme agreed", charset: str = "utf-8") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>"
            f"</head><body><h1>{title}</h1>{body}</body></html>")


GOOD = page(f"<p>{PROSE}</p><p>{PROSE}</p>")
GOOD_ZH = page(f"<p>{PROSE_ZH}</p><p>{PROSE_ZH}</p>", title="春季植树动员会召开", charset="gbk")


def deep(depth: int, opener: str = "<div>", closer: str = "</div>") -> str:
    return page(f"<p>Before the nest. {PROSE}</p>" + opener * depth + f"<p>Deep inside. {PROSE}</p>"
                + closer * depth + f"<p>After the nest. {PROSE}</p>")


def gzip_bomb(expanded: int) -> bytes:
    """gzip of `expanded` zero bytes, built in chunks (a few kB per MB)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    chunk, out, left = b"\0" * (1 << 20), [], expanded
    while left > 0:
        out.append(comp.compress(chunk[:min(left, len(chunk))]))
        left -= len(chunk)
    out.append(comp.flush())
    return b"".join(out)


def xxe(secret_path: str) -> bytes:
    """XHTML whose DOCTYPE declares a file entity, a network entity and billion laughs."""
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [\n'
            f'<!ENTITY secret SYSTEM "file://{secret_path}">\n'
            f'<!ENTITY net SYSTEM "http://127.0.0.1:9/fetched">\n{laughs}\n]>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entity test</title></head>'
            f'<body><h1>Entity test</h1><p>{PROSE} &secret; &net; &lol9;</p></body></html>').encode()


# name -> bytes: every one must give a Document or a one-line InputError, nothing else.
def hostile_inputs(secret_path: str = "/nonexistent/secret") -> dict:
    good = GOOD.encode()
    zh = GOOD_ZH.encode("gb18030")
    return {
        "empty.html": b"",
        "png.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "pdf.html": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)),
        "zip.html": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 2,
        "elf.html": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + bytes(range(256)),
        "truncated.html": good[: len(good) // 2],
        "truncated.html.gz": gzip.compress(good * 20)[:60],
        "deep.html": deep(100_000).encode(),
        "long_line.html": page("<p>" + "word " * 2_000_000 + "</p>").encode(),  # 10 MB, one line
        "nul_controls.html": page(f"<p>{PROSE}\x00\x01\x07\x1b[0m\x7f{PROSE}</p>").encode(),
        "nul_heavy.html": b"\x00" * 4000 + good,
        "bad_utf8.html": good.replace(b"county", b"co\xff\xfe\xc3unty"),
        "bad_gb18030.html": zh.replace("春季".encode("gb18030"), b"\x81\x30\xff\x80"),
        "bad_utf16.html": codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")[:-1] + b"\x00\xd8",
        "bad_utf32.html": codecs.BOM_UTF32_LE + GOOD.encode("utf-32-le") + b"\xff\xff\xff\xff",
        "bad_big5.html": page(f"<p>{PROSE}</p>", charset="big5").encode() + b"\xf9\xfe\xff\x00\x81",
        "bad_shift_jis.html": page(f"<p>{PROSE}</p>", charset="shift_jis").encode() + b"\x81\x00\xa0\xff",
        "lying_charset.html": page(f"<p>{PROSE_ZH}</p>", charset="utf-16").encode("gb18030"),
        "idna_charset.html": page(f"<p>{PROSE}</p>", charset="idna").encode() + b"\xe9",
        "mixed_encodings.html": page(f"<p>{PROSE_ZH}</p>").encode("utf-8") + PROSE_ZH.encode("gb18030")
        + PROSE_ZH.encode("big5", errors="ignore"),
        "rtl_emoji.html": page("<p dir=rtl>هذه فقرة باللغة العربية تتحدث عن برنامج الزراعة في الربيع. "
                               "זוהי פסקה בעברית 🌱🌳👍🏽 על תוכנית השתילה.</p>"
                               f"<p>{PROSE} 🌲\u202e reversed \u202c</p>").encode(),
        "gzip_bomb.html.gz": gzip_bomb(60 * 1024 * 1024),
        "xxe.xhtml": xxe(secret_path),
        "only_whitespace.html": b" \n\t\r\n" * 100,
        "gzip_in_gzip.html.gz": gzip.compress(gzip.compress(good)),
    }
