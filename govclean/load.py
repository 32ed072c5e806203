"""Load: bytes -> Page. Sniff the kind, decode without guessing when the file says, find the URL."""
from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from typing import List, NamedTuple, Optional, Tuple

from .errors import InputError
from .model import HTML, TEXT, Page
from .sniff import is_mhtml

# Inputs larger than this are refused (after decompression too): 50 MiB is ~100x the
# largest page in ../shared/corpus (450 kB) and bounds a gzip bomb's expansion.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# gzip is inflated this many bytes at a time, so a bomb overshoots the limit by at most this.
GUNZIP_CHUNK = 1 << 20

# How much of the head of a file the sniffers read: a meta charset must sit in the
# first 1024 bytes by the HTML standard; saved pages put scripts first, so read more.
SNIFF_BYTES = 8192

# chardet is slow (~1 ms a kB); 64 kB decides any real page's encoding, and it is fed in
# chunks of DETECT_CHUNK so that it stops as soon as it is sure.
DETECT_BYTES = 65536
DETECT_CHUNK = 4096

# Bytes that are not valid UTF-8 still decode as UTF-8 when the invalid sequences are at
# most this share of the valid non-ASCII characters, with at least NEARLY_UTF8_MIN_CHARS of
# those: GBK, Big5, Shift-JIS, EUC-KR read as UTF-8 give 3.7-10 invalid sequences per valid
# character (measured on corpus pages and generated text), a truncated or lightly damaged
# UTF-8 page a handful in thousands.
NEARLY_UTF8_MAX_BAD_SHARE = 0.05
NEARLY_UTF8_MIN_CHARS = 20

# A file whose first SNIFF_BYTES hold more than this share of control bytes (other
# than tab/newline/CR/FF/ESC) is binary, not a page. Text pages hold ~0; 0.1 leaves room
# for a stray NUL or two in a damaged save.
BINARY_CONTROL_SHARE = 0.10

# UTF-16 without a BOM: in ASCII-heavy text (markup) one byte of each pair is NUL; 0.4
# allows for CJK characters, whose both bytes are non-zero.
UTF16_NUL_SHARE = 0.4

# A declared encoding (BOM or meta) is doubted when its decoding replaces more bytes than
# this share of the non-ASCII characters it decodes, and at least DOUBT_MIN_BAD of them:
# GBK read as UTF-8 (meta says utf-8, or a UTF-8 BOM before GBK bytes) gives ~1 U+FFFD a
# character; a real page in its declared encoding with a few damaged bytes stays far below
# (the same 5% as NEARLY_UTF8_MAX_BAD_SHARE). Then chardet's decoding is kept instead when
# it replaces fewer bytes.
DOUBT_BAD_SHARE = 0.05
DOUBT_MIN_BAD = 4

# Where the encoding came from (the JSON contract's `encoding_source`).
SOURCE_BOM, SOURCE_HTTP, SOURCE_META = "bom", "http", "meta"
SOURCE_DETECTED, SOURCE_FALLBACK = "detected", "fallback"

# ASCII text every web encoding decodes to itself: a codec that does not (EBCDIC cp037,
# cp500, cp1026, UTF-16/32) cannot have been declared by markup readable as ASCII, so
# such a meta declaration is ignored, as the HTML standard does.
ASCII_PROBE = "<meta charset=x><html>azAZ09-_.\"' =/\n"

# Control bytes a text page does not hold (all below 32 but tab, newline, form feed, CR, ESC).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Codecs a page may not declare: not web encodings (idna, punycode, undefined raise or
# misdecode), UTF-7 (an XSS vector browsers refuse), and UTF-16/32 (a meta tag readable
# as ASCII proves the bytes are not UTF-16/32; the HTML standard reads it as UTF-8).
REFUSED_DECLARED = frozenset({"idna", "punycode", "undefined", "utf-7", "utf-16", "utf-16-le",
                              "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "mbcs", "oem",
                              "raw-unicode-escape", "unicode-escape"})

# Control characters are dropped from decoded text (tab, newline, CR and form feed stay):
# they are never text a reader sees, NUL ends strings in other tools, and lxml rejects them.
RE_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+")
# The same characters as UTF-8 bytes: C0 and DEL are single bytes (no multi-byte sequence
# holds a byte below 0x80), C1 is 0xC2 0x80-0x9F. Scanning bytes is ~10x cheaper than
# RE_CONTROL on text, so a UTF-8 page without them skips RE_CONTROL.
CONTROL_UTF8_BYTES = bytes(range(0x00, 0x09)) + b"\x0b" + bytes(range(0x0e, 0x20)) + b"\x7f"
RE_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")

# Legacy encodings decode as their supersets (what browsers do).
SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin-1": "cp1252",
    "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "utf8": "utf-8", "unicode": "utf-16",
}

MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"MZ", "a Windows executable"),
    (b"\x1f\x8b", "gzip inside gzip: only one layer is opened"),
)

HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".asp", ".aspx", ".jsp", ".php")

RE_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
RE_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
RE_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
    r"link|script|style|div|table|p\b|!--)", re.I | re.S)
RE_HTML_ANYWHERE = re.compile(r"<(?:html|body|head)[\s>]|<!doctype\s+html", re.I)
RE_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
RE_SINGLEFILE_URL = re.compile(r"Page saved with SingleFile.*?url:\s*(\S+)", re.I | re.S)
RE_SINGLEFILE_DATE = re.compile(r"Page saved with SingleFile.*?saved date:\s*([^\n]+)", re.I | re.S)
# What both SingleFile patterns start with, for a plain substring test first: re.I also
# matches İ and ı for i and ſ for s, so those are replaced, then the head's UTF-8 bytes are
# lowered (ASCII only: no other character re.I equates with a letter of the mark; lowering
# bytes is ~20x cheaper than str.lower on CJK text).
SINGLEFILE_MARK = b"page saved with singlefile"


def load_bytes(data: bytes, input_name: str = "-", *,
               max_bytes: int = DEFAULT_MAX_BYTES, http_charset: Optional[str] = None) -> Page:
    """Decide what the bytes are and decode them into a Page.

    An MHTML save gives its main HTML part; http_charset is the charset its HTTP response
    declared (an archive record's Content-Type). Raises InputError (one line naming the
    input and the problem) for anything that is not a page: empty, binary, too large,
    broken or bomb-like gzip, an MHTML without HTML.
    """
    if not data:
        raise InputError(input_name, "empty file")
    _refuse_large(data, input_name, max_bytes)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, input_name, max_bytes)
        if not data:
            raise InputError(input_name, "empty file (inside gzip)")
    saved = _mhtml(data, input_name)
    if saved is not None:
        data, http_charset = saved.html, saved.charset or http_charset
    _refuse_binary(data, input_name)
    text, encoding, notes, source = decode(data, http_charset)
    dropped = 0
    if _controls_possible(data, text, encoding):
        text, dropped = RE_CONTROL.subn("", text)
    if dropped:
        notes.append(f"dropped {dropped} runs of control characters")
    if not text or text.isspace():  # not text.strip(), without copying the page
        raise InputError(input_name, "no text (only white space)")
    kind = sniff_kind(text, input_name)
    page = Page(input=input_name, kind=kind, text=text, encoding=encoding, notes=notes,
                encoding_source=source)
    if kind == HTML:
        page.url, page.captured = _saved_from(text)
    if saved is not None:
        page.url, page.captured = saved.url or page.url, saved.captured
    return page


def _controls_possible(data: bytes, text: str, encoding: str) -> bool:
    """Whether RE_CONTROL must run over text (decoded from data): the byte test of
    _may_hold_controls, on the text's own UTF-8 form when it was decoded from another
    encoding (UTF-16, GB18030: ~5x cheaper than RE_CONTROL over a CJK text)."""
    if encoding == "utf-8":
        return _may_hold_controls(data, encoding)
    return _may_hold_controls(text.encode("utf-8", "surrogatepass"), "utf-8")


def _may_hold_controls(data: bytes, encoding: str) -> bool:
    """False when text decoded as UTF-8 from `data` (strictly, or with U+FFFD for bad
    bytes, which never swallow an ASCII byte) cannot hold an RE_CONTROL character."""
    if encoding != "utf-8":
        return True
    return len(data.translate(None, CONTROL_UTF8_BYTES)) != len(data) or RE_C1_UTF8.search(data) is not None


def _mhtml(data: bytes, input_name: str):
    """A browser's single-file save (MHTML): its main HTML part (archives.mhtml_main)."""
    if not is_mhtml(data):
        return None
    from .archives import mhtml_main  # only now: a run of loose pages never imports archives
    saved = mhtml_main(data, input_name)
    if not saved.html.strip():
        raise InputError(input_name, "MHTML save whose HTML part is empty")
    return saved


def _refuse_large(data: bytes, input_name: str, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(input_name, f"larger than the limit of {max_bytes} bytes (--max-bytes)")


def _gunzip(data: bytes, input_name: str, max_bytes: int) -> bytes:
    """Decompress gzip with a bound on the output, so a bomb cannot fill memory."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            while True:
                chunk = gz.read(GUNZIP_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                if out.tell() > max_bytes:
                    raise InputError(input_name, f"gzip expands past the limit of {max_bytes} "
                                                 "bytes (--max-bytes): refused as a possible bomb")
    except (OSError, EOFError, zlib.error) as exc:
        reason = "truncated" if isinstance(exc, EOFError) else str(exc)
        raise InputError(input_name, f"broken gzip data ({reason})") from None
    return out.getvalue()


def _refuse_binary(data: bytes, input_name: str) -> None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise InputError(input_name, f"binary file ({what}), not a page")
    if _bom(data)[0] or _looks_utf16(data):
        return
    head = data[:SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    if controls > BINARY_CONTROL_SHARE * len(head):
        raise InputError(input_name, "binary file (control bytes), not a page")


def _bom(data: bytes) -> Tuple[Optional[str], int]:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None, 0


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte NUL in an ASCII-heavy head."""
    head = data[:512]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    for zeros, other in ((odd, even), (even, odd)):
        if zeros.count(0) > UTF16_NUL_SHARE * len(zeros) and _printable(other) > 0.9 * len(other):
            return True
    return False


def _printable(data: bytes) -> int:
    """Bytes of `data` that are not control bytes (tab, LF and CR count as printable);
    counted only when the NUL test passed, which ordinary pages never do."""
    return sum(1 for b in data if b >= 32 or b in (9, 10, 13))


class Decoded(NamedTuple):
    text: str
    encoding: str
    notes: List[str]
    source: str  # SOURCE_BOM, SOURCE_HTTP, SOURCE_META, SOURCE_DETECTED or SOURCE_FALLBACK


def decode(data: bytes, http: Optional[str] = None) -> Decoded:
    """Decode bytes: BOM > HTTP charset > meta charset (both unless the bytes are valid
    UTF-8) > detector.

    Returns the text, the encoding used, notes on what was decided and where the encoding
    came from. A declared legacy charset loses to bytes that are valid non-ASCII UTF-8,
    because re-saved pages are converted to UTF-8 while their meta still says gb2312,
    whereas real GBK text practically never forms valid UTF-8. A BOM or declaration whose
    decoding is mostly U+FFFD (a mislabelled page) loses to the detector when it does better.
    """
    bom, skip = _bom(data)
    if bom:
        declared = _declared(data[skip:skip + SNIFF_BYTES * 4], bom)
        notes = [f"BOM says {bom}"] + ([f"BOM wins over declared {declared}"]
                                        if declared and _norm(declared) != bom else [])
        return _unless_doubtful(Decoded(data[skip:].decode(bom, errors="replace"), bom, notes,
                                        SOURCE_BOM), data[skip:])
    if _looks_utf16(data):
        name = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return Decoded(data.decode(name, errors="replace"), name,
                       ["UTF-16 without BOM (NUL pattern)"], SOURCE_DETECTED)
    http = http if http and _usable(_norm(http)) else None
    declared = http or _declared(data[:SNIFF_BYTES])
    said = SOURCE_HTTP if http else SOURCE_META
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and (declared is None or not data.isascii()):
        agrees = declared is not None and _norm(declared) == "utf-8"
        note = ["valid UTF-8"] + ([f"overrides declared {declared}"] if declared and not agrees else [])
        return Decoded(utf8, "utf-8", note, said if agrees else SOURCE_DETECTED)
    nearly = _nearly_utf8(data) if utf8 is None else None
    if nearly is not None:
        return nearly
    if declared:
        name = _norm(declared)
        text = _lenient(data, name)
        if text is not None:
            return _unless_doubtful(Decoded(text, name, [f"{'HTTP says' if http else 'declared'} {declared}"],
                                            said), data)
    return _detect(data)


def _unless_doubtful(declared: Decoded, data: bytes) -> Decoded:
    """The declared decoding, or the detector's when the declared one is mostly U+FFFD
    (above DOUBT_BAD_SHARE) and the detector's replaces fewer bytes."""
    bad = _replaced(declared.text, data)
    good = len(declared.text) - len(declared.text.encode("ascii", errors="ignore")) - bad
    if bad < DOUBT_MIN_BAD or bad <= DOUBT_BAD_SHARE * good:
        return declared
    detected = _detect(data)
    if detected.source == SOURCE_FALLBACK or _replaced(detected.text, data) >= bad:
        return declared
    note = f"{declared.encoding} ({declared.source}) replaced {bad} byte sequences: ignored"
    return detected._replace(notes=declared.notes + [note] + detected.notes)


def _replaced(text: str, data: bytes) -> int:
    """U+FFFD characters a decoding made (those spelled out in UTF-8 in the bytes aside)."""
    return max(0, text.count("\ufffd") - data.count(b"\xef\xbf\xbd"))


def _nearly_utf8(data: bytes) -> Optional[Decoded]:
    """UTF-8 with a few bad bytes (a truncated download, a stray byte from another
    encoding): decoded as UTF-8, the bad bytes as U+FFFD. Legacy text is never close."""
    text = data.decode("utf-8", errors="replace")
    bad = _replaced(text, data)
    good = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    if good < NEARLY_UTF8_MIN_CHARS or bad > NEARLY_UTF8_MAX_BAD_SHARE * good:
        return None
    return Decoded(text, "utf-8", [f"UTF-8 with {bad} invalid byte sequences replaced"],
                   SOURCE_DETECTED)


def _strict(data: bytes, name: str) -> Optional[str]:
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, name: str) -> Optional[str]:
    """Decode with U+FFFD for bad bytes; None when the codec cannot decode bytes at all."""
    try:
        return data.decode(name, errors="replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None


def _detect(data: bytes) -> Decoded:
    import chardet  # imported here: only undeclared, non-UTF-8 inputs need it

    detector = chardet.UniversalDetector()
    for start in range(0, min(len(data), DETECT_BYTES), DETECT_CHUNK):
        detector.feed(data[start:start + DETECT_CHUNK])
        if detector.done:  # confident early: the rest would cost time and change nothing
            break
    guess = detector.close()
    if guess.get("encoding"):
        name = _norm(guess["encoding"])
        text = _lenient(data, name) if _usable(name) else None
        if text is not None:
            return Decoded(text, name, [f"chardet guessed {guess['encoding']}"], SOURCE_DETECTED)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8",
                   ["undetectable: UTF-8 with replacement"], SOURCE_FALLBACK)


def _usable(name: str) -> bool:
    """A codec that decodes bytes to text and that a web page may use."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return getattr(info, "_is_text_encoding", True) and _norm(name) not in REFUSED_DECLARED


def _declared(head: bytes, bom: Optional[str] = None) -> Optional[str]:
    if bom and bom.startswith("utf-16"):
        head = head.decode(bom, errors="ignore").encode("ascii", errors="ignore")
    m = RE_META_CHARSET.search(head) or RE_XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore").strip().lower()
    return name if _usable(_norm(name)) and _ascii_compatible(_norm(name)) else None


def _ascii_compatible(name: str) -> bool:
    """The codec reads ASCII markup as ASCII (not EBCDIC, not UTF-16/32)."""
    try:
        return ASCII_PROBE.encode("ascii").decode(name) == ASCII_PROBE
    except (LookupError, UnicodeError, ValueError, TypeError):
        return False


def _norm(name: str) -> str:
    name = name.strip().lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name.replace("_", "-")
    except LookupError:
        return name


def sniff_kind(text: str, input_name: str = "") -> str:
    """HTML when the content starts like HTML, or the name says so and the content agrees."""
    head = text[:SNIFF_BYTES]
    if RE_HTML_START.match(head):
        return HTML
    lower = input_name.lower().removesuffix(".gz")
    if lower.endswith(HTML_EXTENSIONS) and "<" in head:
        return HTML
    if RE_HTML_ANYWHERE.search(head):
        return HTML
    return TEXT


def _fold_like_re_i(text: str) -> bytes:
    text = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s")
    return text.encode("utf-8", "surrogatepass").lower()


def _saved_from(text: str) -> Tuple[Optional[str], Optional[str]]:
    head = text[:SNIFF_BYTES]
    m = RE_SAVED_FROM.search(head)
    if m:
        return m.group(1), None
    if SINGLEFILE_MARK not in _fold_like_re_i(head):
        return None, None  # RE_SINGLEFILE_URL cannot match: its case-blind scan is slow
    m = RE_SINGLEFILE_URL.search(head)
    if m:
        d = RE_SINGLEFILE_DATE.search(head)
        return m.group(1), (d.group(1).strip() if d else None)
    return None, None
