"""WARC readers compared: records/s of warcio and FastWARC over a generated 10,000-record WARC.

    python benchmarks/warc_readers.py [--records 10000] [--out benchmarks/out]

Writes one gzip-per-record WARC (response records: HTML pages of 2-12 kB, one in ten an
image, like a crawl) with warcio, then times each reader in a fresh interpreter, best of
three: every record's headers parsed and the payload of every HTML response read whole
(what govclean's archive listing and reading do), the rest of the pipeline off.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

PARAGRAPH = ("The county council met on Tuesday to discuss the spring planting programme, "
             "and it agreed to fund three new nurseries before the end of the year. ")


def write_warc(path: str, records: int) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(records):
            image = i % 10 == 9
            ctype = "image/png" if image else "text/html; charset=utf-8"
            body = (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16) if image else (
                f"<html><head><title>Notice {i}</title></head><body><h1>Notice {i}</h1>"
                + "".join(f"<p>{PARAGRAPH * (1 + (i + k) % 5)}</p>" for k in range(6))
                + "</body></html>").encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            rec = writer.create_warc_record(f"https://www.example.gov/notices/{i}.html", "response",
                                            payload=BytesIO(body), http_headers=http)
            writer.write_record(rec)


def read_warcio(path: str) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            rec.rec_headers.get_header("WARC-Target-URI")
            if rec.rec_type == "response" and "html" in (rec.http_headers.get_header("Content-Type") or ""):
                rec.content_stream().read()
            n += 1
    return n


def read_fastwarc(path: str) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, parse_http=True):
            rec.headers.get("WARC-Target-URI")
            if rec.record_type == WarcRecordType.response and "html" in (rec.http_headers.get("Content-Type") or ""):
                rec.reader.read()
            n += 1
    return n


def child(reader: str, path: str) -> None:
    fn = {"warcio": read_warcio, "fastwarc": read_fastwarc}[reader]
    best = None
    for _ in range(3):
        t = time.perf_counter()
        n = fn(path)
        took = time.perf_counter() - t
        best = took if best is None else min(best, took)
    print(json.dumps({"reader": reader, "records": n, "seconds": round(best, 3),
                      "records_per_s": round(n / best)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out"))
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"readers-{args.records}.warc.gz")
    if not os.path.exists(path):
        write_warc(path, args.records)
    print(f"{path}: {os.path.getsize(path)} bytes")
    for reader in ("warcio", "fastwarc"):
        out = subprocess.run([sys.executable, __file__, "--child", reader, path],
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
