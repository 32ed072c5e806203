"""Archives built at test time (warcio, zipfile, tarfile, email): good ones and broken ones."""
from __future__ import annotations

import gzip
import io
from email.message import Message as EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

from hostile import PROSE, PROSE_ZH, page

DATE = "2024-03-05T06:07:08Z"


def article(n: int, zh: bool = False) -> str:
    prose = PROSE_ZH if zh else PROSE
    return page(f"<p>Article {n}. {prose}</p><p>{prose} Number {n}.</p><p>{prose}</p>",
                title=f"Notice number {n} on the planting programme")


class Warc:
    """A WARC written record by record with warcio; offsets() says where each began."""

    def __init__(self, gz: bool = True):
        from warcio.warcwriter import WARCWriter

        self.buf = io.BytesIO()
        self.writer = WARCWriter(self.buf, gzip=gz)
        self.starts: List[int] = []

    def response(self, url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
                 status: str = "200 OK", date: str = DATE, headers: Sequence[Tuple[str, str]] = ()):
        from warcio.statusandheaders import StatusAndHeaders

        http = StatusAndHeaders(status, [("Content-Type", ctype), *headers], protocol="HTTP/1.1")
        rec = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                             http_headers=http, warc_headers_dict={"WARC-Date": date})
        return self._write(rec)

    def record(self, url: str, kind: str, body: bytes, ctype: str = "text/html",
               date: str = DATE, extra: Optional[dict] = None):
        headers = {"WARC-Date": date, **(extra or {})}
        rec = self.writer.create_warc_record(url, kind, payload=io.BytesIO(body),
                                             warc_content_type=ctype, warc_headers_dict=headers)
        return self._write(rec)

    def revisit(self, url: str, digest: str, date: str):
        rec = self.writer.create_revisit_record(url, digest, url, DATE,
                                                warc_headers_dict={"WARC-Date": date})
        return self._write(rec)

    def _write(self, rec):
        self.starts.append(self.buf.tell())
        self.writer.write_record(rec)
        return rec

    def bytes(self) -> bytes:
        return self.buf.getvalue()


def corpus_warc(path: Path, pages: Iterable[Path], url_of) -> None:
    """A WARC of saved pages, each a response record with its Content-Type (the acceptance test)."""
    w = Warc()
    for p in pages:
        data = p.read_bytes()
        if p.suffix == ".gz":
            data = gzip.decompress(data)
        kind = "text/plain" if p.name.endswith((".txt", ".txt.gz")) else "text/html"
        w.response(url_of(p), data, ctype=kind)
    path.write_bytes(w.bytes())


def mhtml(html: bytes, url: str = "https://www.example.gov/news/1.html", charset: str = "utf-8",
          encoding: str = "quoted-printable", date: str = "Tue, 05 Mar 2024 14:07:08 +0800",
          html_part: bool = True, close: bool = True) -> bytes:
    """A Chrome-style MHTML save: the page, a stylesheet and an image as parts."""
    outer = MIMEMultipart("related", type="text/html", boundary="----MultipartBoundary--xyz")
    outer["From"] = "<Saved by Blink>"
    outer["Snapshot-Content-Location"] = url
    outer["Subject"] = "saved page"
    outer["Date"] = date
    style = MIMEText("body { color: black }", "css")
    style.replace_header("Content-Type", "text/css")
    style["Content-Location"] = "https://www.example.gov/style.css"
    outer.attach(style)
    if html_part:
        part = EmailMessage()
        part["Content-Type"] = f"text/html; charset={charset}" if charset else "text/html"
        if encoding == "base64":
            import base64
            part.set_payload(base64.encodebytes(html).decode("ascii"))
        else:
            import quopri
            part.set_payload(quopri.encodestring(html).decode("ascii"))
        part["Content-Transfer-Encoding"] = encoding
        part["Content-Location"] = url
        outer.attach(part)
    data = outer.as_bytes()
    if not close:
        data = data[:data.rindex(b"------MultipartBoundary--xyz--")]
    return data


def chunked(body: bytes, size: int = 50) -> bytes:
    out = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
                   for i in range(0, len(body), size))
    return out + b"0\r\n\r\n"
