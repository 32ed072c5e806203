"""What an input is by its first bytes: an archive (WARC, WACZ, zip, tar) or an MHTML save, without importing their readers."""
from __future__ import annotations

import os
import re
import stat
import zlib
from typing import Optional

# archives.py reads what these find; a run of loose pages never imports it (~1.5 ms of a
# one-page run's start-up, docs/speed.md "Round 5: start-up").
WARC, WACZ, ZIP, TAR, TARGZ = "warc", "wacz", "zip", "tar", "tar.gz"

# The head of a file read to tell what it is: a tar header is 512 bytes, a gzip member's
# first WARC line is in its first few hundred inflated bytes.
SNIFF_BYTES = 4096
RE_MHTML = re.compile(rb"\A(?:[\x21-\x39\x3b-\x7e]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?"
                      rb"content-type:\s*multipart/related", re.I)
# MHTML's MIME headers come first; browsers write a handful (under 1 kB), 8 kB is ample.
MHTML_SNIFF = 8192


def sniff(path: str) -> Optional[str]:
    """The archive kind of a regular file by its content (None: not an archive)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO or device is never opened here (opening one may block)
        head = _head(path)
        kind = sniff_bytes(head, path)
        if kind in (ZIP, WACZ):
            with open(path, "rb") as fh:
                if not _is_zipfile(fh) and not _zip_named(path):
                    return None  # no central directory: load refuses it as a binary file
    except OSError:
        return None
    return kind


def _head(path: str) -> bytes:
    """The file's first SNIFF_BYTES (or all there is). os.open, not open(): a folder walk
    sniffs every page, and the file object and its buffer were half of it (1.2 -> 0.6 s
    over 100,000 pages)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        head = os.read(fd, SNIFF_BYTES)
        while len(head) < SNIFF_BYTES:  # a short read (a network file system): read on
            more = os.read(fd, SNIFF_BYTES - len(head))
            if not more:
                break
            head += more
        return head
    finally:
        os.close(fd)


def _zip_named(path: str) -> bool:
    """Named as a zip or WACZ: without its central directory it is a broken (truncated)
    archive, said so by the listing, not a page that happens to be binary."""
    return path.lower().endswith((".zip", ".wacz"))


def _is_zipfile(fh) -> bool:
    # zipfile, tarfile and email are imported where an input needs them: a run of loose
    # pages never does (together they cost a one-page run about 20 ms of start-up).
    import zipfile

    return zipfile.is_zipfile(fh)


def sniff_bytes(head: bytes, name: str = "") -> Optional[str]:
    if head.startswith(b"WARC/"):
        return WARC
    if head.startswith(b"PK\x03\x04"):
        return WACZ if name.lower().endswith(".wacz") or b"datapackage.json" in head else ZIP
    if len(head) >= 262 and head[257:262] == b"ustar":
        return TAR
    if head.startswith(b"\x1f\x8b"):
        inner = _inflate_head(head)
        if inner.startswith(b"WARC/"):
            return WARC
        if inner.startswith(b"filedesc://"):
            return "arc"
        if len(inner) >= 262 and inner[257:262] == b"ustar":
            return TARGZ
    return None


def _inflate_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(31).decompress(head, 1024)
    except zlib.error:
        return b""


def is_mhtml(data: bytes) -> bool:
    """A browser's single-file save: MIME headers announcing multipart/related."""
    head = data[:MHTML_SNIFF].replace(b"\r\n", b"\n")
    return bool(RE_MHTML.match(head)) and b"mime-version" in head.lower()
