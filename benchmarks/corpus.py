"""Locate the shared evaluation corpus, list a group's pages and decode their bytes."""
from __future__ import annotations

import codecs
import gzip
import re
from pathlib import Path

# The scored groups and the file pattern of each (from shared/corpus/README.md).
GROUP_PATTERNS = {
    "zh-gov": "*.html",
    "zh-gov-txt": "*.txt",
    "en-gov": "*.html",
    "en-gov-txt": "*.txt",
    "aeb": "*.html.gz",
    "web": "*.html",
}
DEFAULT_GROUPS = list(GROUP_PATTERNS)

# How far into an HTML file we look for <meta charset>: browsers pre-scan 1024 bytes,
# saved pages often carry a long comment or script first, so we allow more.
META_SCAN_BYTES = 16384

# Byte-order marks win over any declaration (as in browsers and the design's load order).
BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Legacy Chinese labels are decoded as GB18030, their superset.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def default_shared(repo_root: Path) -> Path:
    """The shared folder sits next to the repository: <repo>/../shared."""
    return repo_root.resolve().parent / "shared"


def corpus_root(shared: Path) -> Path:
    return shared / "corpus"


def group_files(shared: Path, group: str) -> list[Path]:
    """The group's input files, sorted so every run sees the same order."""
    folder = corpus_root(shared) / group
    return sorted(folder.glob(GROUP_PATTERNS[group]))


def relpath(shared: Path, path: Path) -> str:
    """The input key of the JSON contract: the path relative to the corpus root."""
    return path.relative_to(corpus_root(shared)).as_posix()


def is_text_group(group: str) -> bool:
    return GROUP_PATTERNS[group] == "*.txt"


def read_bytes(path: Path) -> bytes:
    """The file's page bytes, un-gzipped when the file is gzip."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def sniff_encoding(data: bytes) -> str:
    """Pick an encoding: BOM > meta charset > strict UTF-8 > chardet > GB18030."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    declared = _declared_charset(data[:META_SCAN_BYTES])
    if declared:
        return declared
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return _detected_charset(data)


def decode(data: bytes) -> tuple[str, str]:
    """Decode page bytes; returns (text, encoding used). Undecodable bytes become U+FFFD."""
    encoding = sniff_encoding(data)
    return data.decode(encoding, errors="replace"), encoding


def _declared_charset(head: bytes) -> str | None:
    match = META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    label = SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detected_charset(data: bytes) -> str:
    try:
        import chardet
    except ImportError:
        return "gb18030"
    guess = (chardet.detect(data).get("encoding") or "gb18030").lower()
    return SUPERSETS.get(guess, guess)
