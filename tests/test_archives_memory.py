"""A WARC larger than the memory its reader may use is read record by record (streamed)."""
from __future__ import annotations

import json
import subprocess
import sys
import zlib

import pytest

from archivegen import DATE, article

resource = pytest.importorskip("resource")  # POSIX: RLIMIT_AS
pytest.importorskip("warcio")

# The address space the cleaning process may use: a run over the whole corpus as one WARC
# needs under 160 MiB here; 256 MiB leaves room for other platforms' libraries.
LIMIT = 256 << 20
# The record between the two pages: larger than LIMIT, so holding it would fail.
BIG = LIMIT + (64 << 20)
CHUNK = 1 << 20


def _limited():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _record(n: int, url: str, ctype: str, size: int, body=None) -> list:
    """One WARC response record as chunks of bytes: headers, then the payload in CHUNKs."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {size}\r\n\r\n".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {DATE}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + size}\r\n\r\n").encode()
    payload = [body] if body is not None else [bytes(min(CHUNK, size - i)) for i in range(0, size, CHUNK)]
    return [head, http, *payload, b"\r\n\r\n"]


def _write(path, gz: bool) -> None:
    """Two pages with a BIG image between them, written chunk by chunk (never held whole)."""
    first, last = article(1).encode(), article(2).encode()
    records = [("https://e.gov/1.html", "text/html; charset=utf-8", len(first), first),
               ("https://e.gov/big.png", "image/png", BIG, None),
               ("https://e.gov/2.html", "text/html; charset=utf-8", len(last), last)]
    with open(path, "wb") as fh:
        for n, (url, ctype, size, body) in enumerate(records):
            z = zlib.compressobj(1, zlib.DEFLATED, 31) if gz else None  # gzip member per record
            for chunk in _record(n, url, ctype, size, body):
                fh.write(z.compress(chunk) if z else chunk)
            if z:
                fh.write(z.flush())


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_a_warc_larger_than_memory_is_streamed(tmp_path, gz):
    path = tmp_path / ("big.warc.gz" if gz else "big.warc")
    _write(path, gz)
    held = subprocess.run([sys.executable, "-c", f"b = bytearray({BIG})"], preexec_fn=_limited,
                          capture_output=True, text=True)
    assert held.returncode != 0 and "MemoryError" in held.stderr  # the limit binds
    result = subprocess.run([sys.executable, "-m", "govclean", "clean", "-f", "jsonl", "-j", "1",
                             "--dedup", "off", "-v", str(path)], preexec_fn=_limited,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["url"] for d in docs] == ["https://e.gov/1.html", "https://e.gov/2.html"]
    assert "not a page (image/png)" in result.stderr
    if not gz:
        assert path.stat().st_size > LIMIT  # the file itself is larger than memory
