"""Archives: the pages inside WARC, WACZ, zip, tar and MHTML inputs, listed and read one record at a time."""
from __future__ import annotations

import io
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import urlsplit

from .errors import InputError
from .sniff import SNIFF_BYTES, TAR, TARGZ, WACZ, WARC, ZIP, _inflate_head, sniff, sniff_bytes

# Input naming: a WARC record is ARCHIVE#OFFSET (its byte offset in the file as stored,
# compressed), a member of a zip or tar is ARCHIVE!/MEMBER, a record of a WARC inside a
# WACZ is ARCHIVE!/archive/NAME.warc.gz#OFFSET.
RECORD_SEP = "#"
MEMBER_SEP = "!/"

# File names a folder walk picks up as archives (content decides what they are).
ARCHIVE_EXTENSIONS = (".warc", ".warc.gz", ".wacz", ".zip", ".tar", ".tgz", ".tar.gz", ".arc.gz")

# A zip member may inflate to at most this many times its stored size: the 3,639 pages of
# ../shared/corpus deflate 1.2-20x (median 2x, measured with zlib level 9); deflate cannot
# exceed ~1,030x, which is where bombs sit (1 MiB of one byte: 1,008x). 500 leaves 25 times
# the corpus's largest ratio for padded pages.
ZIP_MAX_RATIO = 500
# All members of one zip together may declare at most this much: ten times the largest
# saved-page collection we expect (a national harvest of 1 GB of pages), and the bound
# that keeps a bomb of many small members (42.zip) from being walked at all.
ZIP_MAX_TOTAL = 10 * 1024 ** 3
# Resynchronising after a broken record reads this much at a time looking for the next one.
RESYNC_CHUNK = 1 << 20
# A batch keeps the payloads of the WARC records it lists, up to this many bytes in all, so
# that each of them is inflated and parsed once (listing must inflate every record anyway,
# to find the next); the records after that are read again at their offset when cleaned.
# 8 MiB holds the 148 corpus pages of benchmarks/archives.py (6.4 MB) and adds at most
# 8 MiB to the peak memory of a batch, whatever the size of its archives.
CARRY_BYTES = 8 * 1024 * 1024

# Content types that are pages; missing ones are left to load's sniffing.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
RE_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # RFC 9110 token
RE_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_:.\-]+)""", re.I)


@dataclass
class Member:
    """Where one page is inside an archive, and what the archive says about it."""

    archive: str  # the archive's path on disk
    kind: str  # WARC, WACZ, ZIP, TAR, TARGZ
    locator: str  # WARC: the offset; zip/tar: the member name; WACZ: inner!offset
    url: Optional[str] = None
    captured: Optional[str] = None  # ISO 8601, UTC
    charset: Optional[str] = None  # the HTTP Content-Type charset
    title: Optional[str] = None  # WACZ pages.jsonl
    offset: int = 0  # WARC record / tar member data offset
    size: int = 0  # tar member size
    carried: Optional[bytes] = None  # WARC: the payload kept from listing (Carry), read once
    codings: Optional[Tuple[str, str]] = None  # WARC: (Transfer-Encoding, Content-Encoding); None: no HTTP


@dataclass
class Listed:
    """One thing found inside an archive: a page (member), something skipped, or a problem."""

    name: str  # ARCHIVE#OFFSET or ARCHIVE!/MEMBER
    member: Optional[Member] = None
    skipped: Optional[str] = None
    problem: Optional[str] = None


class Carry:
    """What a batch may still keep of the WARC payloads it lists (CARRY_BYTES at first)."""

    def __init__(self, left: Optional[int] = None):
        self.left = CARRY_BYTES if left is None else left


# ------------------------------------------------------------------ listing


def list_archive(path: str, kind: str, shown: Optional[str] = None,
                 carry: Optional[Carry] = None) -> Iterator[Listed]:
    """Everything inside an archive, in its order: pages, skips and problems (named after
    `shown`, the archive as the user gave it, when that is not its path); WARC payloads
    kept with their pages while `carry` allows."""
    for listed in _list(path, kind, carry or Carry(0)):
        if shown is not None:
            listed.name = shown + listed.name[len(path):]
        yield listed


def _list(path: str, kind: str, carry: Carry) -> Iterator[Listed]:
    import importlib.util

    if kind in (WARC, WACZ) and importlib.util.find_spec("warcio") is None:
        yield Listed(path, problem="reading WARC needs warcio: pip install 'govclean[archives]'")
    elif kind == "arc":
        yield Listed(path, problem="ARC file (the WARC predecessor): not read; convert it to WARC")
    elif kind == WARC:
        with open(path, "rb") as fh:
            yield from _list_warc(fh, path, path, lambda off: Member(path, WARC, str(off), offset=off), carry)
    elif kind == WACZ:
        yield from _list_wacz(path, carry)
    elif kind == ZIP:
        yield from _list_zip(path)
    else:
        yield from _list_tar(path, kind)


def _list_warc(fh, name: str, archive_name: str, make, carry: Carry) -> Iterator[Listed]:
    """The records of one WARC; a broken record is reported and reading resumes at the
    next record header found after it."""
    state = _WarcState(carry)
    pos, gz = 0, _is_gzip(fh)
    while pos is not None:
        fh.seek(pos)
        failed_at = None
        try:
            for listed in _warc_records(fh, name, make, state):
                yield listed
                if listed.problem is not None and listed.skipped is None:
                    failed_at = state.last_offset
                    break
        except Exception as exc:  # warcio raises many kinds on broken bytes
            failed_at = state.next_offset
            yield Listed(f"{name}{RECORD_SEP}{failed_at}", problem=f"broken WARC record ({_why(exc)})")
        pos = None if failed_at is None else _resync(fh, failed_at + 1, gz)
    for listed in state.unresolved():
        yield listed


def _why(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


class _WarcState:
    """What reading a WARC remembers: where it is, and the payloads revisits may point at."""

    def __init__(self, carry: Carry):
        self.carry = carry
        self.last_offset = 0
        self.next_offset = 0
        self.by_digest: Dict[str, Tuple[int, Optional[str]]] = {}
        self.by_capture: Dict[Tuple[str, str], Tuple[int, Optional[str]]] = {}
        self.waiting: List[Tuple[str, Member, str, str]] = []

    def unresolved(self) -> Iterator[Listed]:
        for name, member, digest, key in self.waiting:
            hit = self.by_digest.get(digest) or self.by_capture.get(key)
            if hit is None:
                yield Listed(name, skipped="revisit whose payload is not in this input")
            else:
                member.offset, member.charset = hit[0], member.charset or hit[1]
                yield Listed(name, member=member)


def _archive_iterator():
    """warcio's ArchiveIterator, imported without fsspec: warcio.utils imports fsspec when it
    is installed (the cluster extra brings it), 0.1-0.16 s, only to open paths by URL, which
    govclean never asks of it (it hands warcio open files). A process that already holds
    fsspec (an s3:// input) keeps it."""
    if "warcio.archiveiterator" not in sys.modules and "fsspec" not in sys.modules:
        sys.modules["fsspec"] = None  # type: ignore[assignment]  # import fsspec: ImportError
        try:
            import warcio.archiveiterator
        finally:
            del sys.modules["fsspec"]
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator


def _warc_records(fh, name: str, make, state: _WarcState) -> Iterator[Listed]:
    ArchiveIterator = _archive_iterator()

    class _Quiet(ArchiveIterator):
        INC_RECORD = ""  # warcio's stderr warning on a bad Content-Length: counted instead

    it = _Quiet(fh, check_digests=False)
    for rec in it:
        errors, offset = it.err_count, it.offset
        state.last_offset = offset
        where = f"{name}{RECORD_SEP}{offset}"
        problem, payload = _bad_header(rec), None
        if problem is None:
            left, payload = _drain(rec, state.carry.left)
            if left:
                problem = f"truncated record ({left} of its {rec.length} bytes missing)"
        it.read_to_end()
        state.next_offset = offset + it.get_record_length()
        if problem is None and it.err_count > errors:
            problem = "Content-Length does not match the record (no blank line after it)"
        if problem is not None:
            yield Listed(where, problem=problem)
            return
        listed = _classify(rec, where, make(offset), state)
        if listed is not None:
            if listed.member is not None and payload is not None:
                _keep(listed.member, rec, payload, state.carry)
            yield listed


def _bad_header(rec) -> Optional[str]:
    names = [k for k, _ in rec.rec_headers.headers]
    if not rec.rec_headers.get_header("WARC-Type") or not all(RE_HEADER_NAME.match(k) for k in names):
        return "WARC header block without its blank line (or not WARC headers)"
    return None


def _drain(rec, keep: int) -> Tuple[int, Optional[bytes]]:
    """Read a record's block to its end: the bytes its Content-Length promised but the file
    lacks, and the payload itself when it is at most `keep` bytes (else None)."""
    raw, kept, size = rec.raw_stream, [], 0
    while True:
        chunk = raw.read(RESYNC_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size <= keep:
            kept.append(chunk)
    return getattr(raw, "limit", 0), b"".join(kept) if size <= keep else None


def _keep(member: Member, rec, payload: bytes, carry: Carry) -> None:
    """A page's payload kept with it (read once), with the codings to undo when it is read."""
    http = rec.http_headers if rec.rec_type != "resource" else None
    member.carried = payload
    member.codings = None if http is None else (http.get_header("Transfer-Encoding") or "",
                                                http.get_header("Content-Encoding") or "")
    carry.left -= len(payload)


def _classify(rec, where: str, member: Member, state: _WarcState) -> Optional[Listed]:
    kind = rec.rec_type
    if kind not in ("response", "resource", "revisit"):
        return Listed(where, skipped=f"{kind} record")
    http = rec.http_headers if kind != "resource" else None
    ctype = (http.get_header("Content-Type") if http else None) or ""
    if kind == "resource":
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    if http is not None and kind != "revisit":
        status = http.get_statuscode() or ""
        if status.startswith("3"):
            return Listed(where, skipped=f"redirect (HTTP {status})")
        if not status.startswith("2"):
            return Listed(where, skipped=f"HTTP status {status or 'missing'}")
    if kind == "response" and http is None:
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    if ctype and not ctype.split(";")[0].strip().lower() in PAGE_TYPES:
        return Listed(where, skipped=f"not a page ({ctype.split(';')[0].strip()})")
    member.url = rec.rec_headers.get_header("WARC-Target-URI")
    member.captured = iso_utc(rec.rec_headers.get_header("WARC-Date"))
    member.charset = charset_of(ctype)
    digest = rec.rec_headers.get_header("WARC-Payload-Digest") or ""
    if kind == "revisit":
        key = (rec.rec_headers.get_header("WARC-Refers-To-Target-URI") or member.url or "",
               rec.rec_headers.get_header("WARC-Refers-To-Date") or "")
        state.waiting.append((where, member, digest, key))
        return None  # listed once the whole input is known
    hit = (member.offset, member.charset)
    if digest:
        state.by_digest.setdefault(digest, hit)
    state.by_capture.setdefault((member.url or "", rec.rec_headers.get_header("WARC-Date") or ""), hit)
    return Listed(where, member=member)


def _is_gzip(fh) -> bool:
    fh.seek(0)
    return fh.read(2) == b"\x1f\x8b"


def _resync(fh, start: int, gz: bool) -> Optional[int]:
    """The offset of the next record header at or after start (None: none left)."""
    magic = b"\x1f\x8b\x08" if gz else b"\nWARC/1."
    pos = start
    while True:
        fh.seek(pos)
        chunk = fh.read(RESYNC_CHUNK + len(magic))
        if len(chunk) < len(magic):
            return None
        at = chunk.find(magic)
        while at >= 0:
            found = pos + at + (0 if gz else 1)
            if not gz or _inflate_at(fh, found).startswith(b"WARC/"):
                return found
            at = chunk.find(magic, at + 1)
        pos += RESYNC_CHUNK


def _inflate_at(fh, offset: int) -> bytes:
    fh.seek(offset)
    return _inflate_head(fh.read(1024))


def _open_zip(path: str, problem: str):
    """(the open zip, None), or (None, the Listed line saying why it does not open)."""
    import zipfile

    try:
        return zipfile.ZipFile(path), None
    except (zipfile.BadZipFile, OSError) as exc:
        return None, Listed(path, problem=problem.format(_why(exc)))


def _list_wacz(path: str, carry: Carry) -> Iterator[Listed]:
    """The WARCs of a WACZ in its datapackage's order, with pages.jsonl's titles."""
    zf, broken = _open_zip(path, "broken WACZ (zip: {})")
    if zf is None:
        yield broken
        return
    with zf:
        names = set(zf.namelist())
        titles = _wacz_titles(zf, names)
        for inner in _wacz_warcs(zf, names):
            where = f"{path}{MEMBER_SEP}{inner}"
            if inner not in names:
                yield Listed(where, problem="named by the WACZ's datapackage.json but missing")
                continue
            with zf.open(inner) as fh:
                make = lambda off, inner=inner: Member(path, WACZ, f"{inner}{RECORD_SEP}{off}", offset=off)
                for listed in _list_warc(_Seekable(fh), where, path, make, carry):
                    if listed.member is not None and listed.member.url in titles:
                        listed.member.title = titles[listed.member.url]
                    yield listed


def _wacz_warcs(zf: zipfile.ZipFile, names) -> List[str]:
    if "datapackage.json" in names:
        try:
            resources = json.loads(zf.read("datapackage.json")).get("resources", [])
            listed = [r.get("path", "") for r in resources if isinstance(r, dict)]
            return [p for p in listed if p.startswith("archive/")]
        except (ValueError, AttributeError):
            pass
    return sorted(n for n in names if n.startswith("archive/") and ".warc" in n)


def _wacz_titles(zf: zipfile.ZipFile, names) -> Dict[str, str]:
    titles: Dict[str, str] = {}
    if "pages/pages.jsonl" not in names:
        return titles
    for line in zf.read("pages/pages.jsonl").decode("utf-8", "replace").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and row.get("url") and row.get("title"):
            titles.setdefault(row["url"], str(row["title"]))
    return titles


class _Seekable(io.RawIOBase):
    """A zip member as a seekable file (a stored WACZ member seeks without inflating):
    warcio wraps what it reads in its own buffers, which recurse on a bare ZipExtFile."""

    def __init__(self, fh):
        self.fh = fh

    def readable(self):
        return True

    def seekable(self):
        return True

    def read(self, n=-1):
        return self.fh.read(n)

    def readinto(self, b):
        data = self.fh.read(len(b))
        b[:len(data)] = data
        return len(data)

    def seek(self, pos, whence=0):
        return self.fh.seek(pos, whence)

    def tell(self):
        return self.fh.tell()


def _list_zip(path: str) -> Iterator[Listed]:
    zf, broken = _open_zip(path, "broken zip ({})")
    if zf is None:
        yield broken
        return
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if total > ZIP_MAX_TOTAL:
            yield Listed(path, problem=f"zip declares {total} bytes in all, over the bound of "
                                       f"{ZIP_MAX_TOTAL}: refused as a possible bomb")
            return
        for info in sorted(infos, key=lambda i: i.filename):
            yield _zip_member(path, info)


def _zip_member(path: str, info: zipfile.ZipInfo) -> Listed:
    where = f"{path}{MEMBER_SEP}{info.filename}"
    unsafe = _unsafe_name(info.filename)
    if unsafe:
        return Listed(where, problem=unsafe)
    if info.compress_size and info.file_size > ZIP_MAX_RATIO * info.compress_size:
        return Listed(where, problem=f"inflates {info.file_size // max(1, info.compress_size)}x "
                                     f"(over {ZIP_MAX_RATIO}x): refused as a possible zip bomb")
    return _page_member(where, info.filename, Member(path, ZIP, info.filename, size=info.file_size))


def _list_tar(path: str, kind: str) -> Iterator[Listed]:
    import tarfile

    try:
        with tarfile.open(path, "r:gz" if kind == TARGZ else "r:") as tf:
            for info in tf:
                if not info.isfile():
                    continue
                where = f"{path}{MEMBER_SEP}{info.name}"
                unsafe = _unsafe_name(info.name)
                if unsafe:
                    yield Listed(where, problem=unsafe)
                    continue
                member = Member(path, kind, info.name, offset=info.offset_data, size=info.size)
                yield _page_member(where, info.name, member)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        yield Listed(path, problem=f"broken tar ({_why(exc)}); members before it were read")


def _unsafe_name(name: str) -> Optional[str]:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        return "unsafe member name (absolute or with ..): not read"
    return None


def _page_member(where: str, name: str, member: Member) -> Listed:
    from .inputs import PAGE_EXTENSIONS

    lower = name.lower()
    base = lower.rsplit("/", 1)[-1]
    if base.startswith(".") or "/." in lower:
        return Listed(where, skipped="hidden member")
    if lower.endswith(ARCHIVE_EXTENSIONS) and not lower.endswith((".html.gz", ".htm.gz", ".txt.gz")):
        return Listed(where, skipped="archive inside an archive: not opened")
    if not lower.endswith(PAGE_EXTENSIONS):
        return Listed(where, skipped="not a page (by its name)")
    return Listed(where, member=member)


# ------------------------------------------------------------------ reading one member


def read_member(member: Member, name: str, max_bytes: int) -> bytes:
    """The payload of one listed page: bounded by max_bytes, transfer and content encodings undone."""
    import zipfile

    if member.carried is not None:  # kept from listing: this read frees it
        payload, member.carried = member.carried, None
        return _decoded(_bounded(payload, name, max_bytes), member.codings, name, max_bytes)
    try:
        if member.kind == WARC:
            with open(member.archive, "rb") as fh:
                return _warc_payload(fh, member.offset, name, max_bytes)
        if member.kind == WACZ:
            inner = member.locator.rsplit(RECORD_SEP, 1)[0]
            with zipfile.ZipFile(member.archive) as zf, zf.open(inner) as fh:
                return _warc_payload(_Seekable(fh), member.offset, name, max_bytes)
        if member.kind == ZIP:
            with zipfile.ZipFile(member.archive) as zf, zf.open(member.locator) as fh:
                return _bounded(fh.read(max_bytes + 1), name, max_bytes)
        if member.size > max_bytes:
            raise InputError(name, f"larger than the limit of {max_bytes} bytes (--max-bytes)")
        if member.kind == TARGZ:
            return _targz_read(member)
        with open(member.archive, "rb") as fh:
            fh.seek(member.offset)
            return fh.read(member.size)
    except InputError:
        raise
    except Exception as exc:  # the archive changed or broke since it was listed
        raise InputError(name, f"cannot be read from the archive ({_why(exc)})") from None


# A compressed tar cannot be read at an offset without inflating what comes before it: each
# process keeps one open stream of the last tar.gz it read, and reads its members in the
# batch's order (forward: the archive is inflated once more in all, nothing is held; a
# member before the last one read starts the stream over). Keyed by the process and the
# file's identity: a forked worker, or the archive replaced since, opens its own.
_targz_stream: list = [None, None]  # [(pid, path, identity...), its open GzipFile]


def _targz_read(member: Member) -> bytes:
    import gzip

    st = os.stat(member.archive)
    key = (os.getpid(), member.archive, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    held, fh = _targz_stream
    if held != key:
        if fh is not None and held[0] == os.getpid():
            fh.close()
        fh = gzip.open(member.archive, "rb")
        _targz_stream[:] = [key, fh]
    fh.seek(member.offset)  # GzipFile: forward by inflating, backward by starting over
    data = fh.read(member.size)
    if len(data) < member.size:
        raise EOFError(f"{member.size - len(data)} bytes missing")
    return data


def _bounded(data: bytes, name: str, max_bytes: int) -> bytes:
    if len(data) > max_bytes:
        raise InputError(name, f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    return data


def _warc_payload(fh, offset: int, name: str, max_bytes: int) -> bytes:
    ArchiveIterator = _archive_iterator()
    fh.seek(offset)
    rec = next(iter(ArchiveIterator(fh, check_digests=False)))
    raw = _bounded(rec.raw_stream.read(max_bytes + 1), name, max_bytes)
    http = rec.http_headers if rec.rec_type != "resource" else None
    codings = None if http is None else (http.get_header("Transfer-Encoding") or "",
                                         http.get_header("Content-Encoding") or "")
    return _decoded(raw, codings, name, max_bytes)


def _decoded(raw: bytes, codings: Optional[Tuple[str, str]], name: str, max_bytes: int) -> bytes:
    """A payload with its HTTP transfer and content codings undone (None: no HTTP headers)."""
    if codings is None:
        return raw
    transfer, content = codings
    if "chunked" in transfer.lower():
        raw = dechunk(raw)
    for coding in reversed([c.strip().lower() for c in content.split(",")]):
        raw = _undo(coding, raw, name, max_bytes)
    return raw


def dechunk(data: bytes) -> bytes:
    """HTTP chunked transfer coding undone (a truncated last chunk keeps what arrived)."""
    out, pos = [], 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        if end < 0:
            break
        try:
            size = int(data[pos:end].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return data if not out else b"".join(out)  # not chunked after all
        if size == 0:
            break
        out.append(data[end + 2:end + 2 + size])
        pos = end + 2 + size + 2
    return b"".join(out)


def _undo(coding: str, data: bytes, name: str, max_bytes: int) -> bytes:
    """One Content-Encoding undone, its output bounded by max_bytes (a bomb is refused)."""
    if coding in ("", "identity"):
        return data
    try:
        if coding in ("gzip", "x-gzip", "deflate"):
            wbits = 47 if coding != "deflate" else (15 if data[:1] == b"\x78" else -15)
            out = zlib.decompressobj(wbits).decompress(data, max_bytes + 1)
        elif coding == "br":
            import brotli  # the archives extra

            out = brotli.Decompressor().process(data, output_buffer_limit=max_bytes + 1)
        else:
            raise InputError(name, f"unknown Content-Encoding {coding!r}")
    except (zlib.error, ImportError) as exc:
        raise InputError(name, f"cannot undo Content-Encoding {coding} ({_why(exc)})") from None
    except Exception as exc:  # brotli.error
        raise InputError(name, f"broken {coding} payload ({_why(exc)})") from None
    if len(out) > max_bytes:
        raise InputError(name, f"{coding} payload expands past the limit of {max_bytes} bytes "
                               "(--max-bytes): refused as a possible bomb")
    return out


# ------------------------------------------------------------------ MHTML


@dataclass
class Mhtml:
    html: bytes
    charset: Optional[str]
    url: Optional[str]
    captured: Optional[str]


def mhtml_main(data: bytes, name: str) -> Mhtml:
    """The main document of a single-file browser save: the part Snapshot-Content-Location
    names, else the first text/html part; its transfer encoding undone."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if any("CloseBoundaryNotFound" in type(d).__name__ or "StartBoundaryNotFound" in type(d).__name__
           for part in msg.walk() for d in part.defects):
        raise InputError(name, "MHTML whose MIME boundary never closes (a truncated save)")
    wanted = msg.get("Snapshot-Content-Location")
    parts = [p for p in msg.walk() if p.get_content_type() in ("text/html", "application/xhtml+xml")]
    main = next((p for p in parts if wanted and p.get("Content-Location") == wanted), None) \
        or (parts[0] if parts else None)
    if main is None:
        raise InputError(name, "MHTML save with no HTML part")
    payload = main.get_payload(decode=True) or b""
    return Mhtml(payload, main.get_content_charset(), wanted or main.get("Content-Location"),
                 iso_utc(msg.get("Date")))


# ------------------------------------------------------------------ small helpers


def charset_of(content_type: Optional[str]) -> Optional[str]:
    m = RE_CHARSET.search(content_type or "")
    return m.group(1).lower() if m else None


def iso_utc(text: Optional[str]) -> Optional[str]:
    """A capture date as ISO 8601 in UTC (WARC-Date, an RFC 2822 Date header); None if unreadable."""
    if not text:
        return None
    text = text.strip()
    when = None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def relative_for(listed: Listed, archive_relative: str) -> str:
    """A member's output name: host and path of its URL (made safe by write.names_for),
    else its member path below the archive's own output name."""
    member = listed.member
    if member is not None and member.url:
        parts = urlsplit(member.url)
        path = parts.path if parts.path and not parts.path.endswith("/") else (parts.path or "/") + "index"
        if parts.query:  # ?page=2: a digest of the query before the extension
            stem, dot, ext = path.rpartition(".")
            tag = f"_{zlib.crc32(parts.query.encode()):08x}"
            path = f"{stem}{tag}.{ext}" if dot and "/" not in ext else f"{path}{tag}"
        return f"{parts.hostname or 'nohost'}{path}"
    if member is not None and member.kind in (ZIP, TAR, TARGZ):
        return f"{archive_relative}/{member.locator}"
    return f"{archive_relative}/{listed.name.rsplit(RECORD_SEP, 1)[-1]}"


def expand(source, carry: Optional[Carry] = None) -> Iterator:
    """An input as the batch reads it: a page stays itself; an archive (by its content)
    becomes one inputs.Source per record or member, pages, skips and problems alike (WARC
    payloads kept with their pages while `carry` allows)."""
    from .inputs import Source, display_name

    path, shown = source.path, None
    if path is None and not source.problem:
        path, shown = _stdin_archive(), "-"
    kind = sniff(path) if path is not None and not source.problem else None
    if kind is None:
        yield source
        return
    base = _strip_archive_extension(source.relative)
    for listed in list_archive(path, kind, shown, carry):
        yield Source(name=display_name(listed.name), path=listed.name if shown is None else None,
                     relative=relative_for(listed, base), problem=listed.problem,
                     member=listed.member, skipped=listed.skipped)


def _stdin_archive() -> Optional[str]:
    """Standard input, when it holds an archive, copied to a temporary file (removed at
    exit) so that its records can be read at their offsets; None for a page."""
    import atexit
    import shutil
    import tempfile

    stream = getattr(sys.stdin, "buffer", None)
    peek = getattr(stream, "peek", None)
    if peek is None:
        return None
    try:
        head = peek(SNIFF_BYTES)
    except (OSError, ValueError):
        return None
    if sniff_bytes(head[:SNIFF_BYTES]) is None:
        return None
    fd, tmp = tempfile.mkstemp(prefix=".govclean-stdin-", suffix=".archive")
    atexit.register(lambda: os.path.exists(tmp) and os.unlink(tmp))
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(stream, out, RESYNC_CHUNK)
    return tmp


def _strip_archive_extension(relative: str) -> str:
    lower = relative.lower()
    for ext in sorted(ARCHIVE_EXTENSIONS, key=len, reverse=True):
        if lower.endswith(ext):
            return relative[:-len(ext)] or relative
    return relative


def split_name(path: str) -> Optional[str]:
    """The archive file an input name (ARCHIVE#OFFSET, ARCHIVE!/MEMBER) points into, or None."""
    for sep in (MEMBER_SEP, RECORD_SEP):
        head = path.split(sep, 1)[0] if sep == MEMBER_SEP else path.rsplit(sep, 1)[0]
        if head != path and os.path.isfile(head):
            return head
    return None
