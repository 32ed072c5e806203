"""The data that flows through the pipeline: Page, Block, Document (stdlib only)."""
from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional

# Block labels, in the order a reader meets them.
CHROME = "chrome"
TITLE = "title"
METADATA = "metadata"
BODY = "body"
REPEAT = "repeat"
LABELS = (CHROME, TITLE, METADATA, BODY, REPEAT)

HTML = "html"
TEXT = "text"


@dataclass
class Page:
    """Decoded input: what load() decided about the bytes."""

    input: str
    kind: str  # HTML or TEXT
    text: str
    encoding: str
    url: Optional[str] = None
    encoding_source: str = "fallback"  # bom, http, meta, detected or fallback
    captured: Optional[str] = None  # capture date the file records (ISO), if any
    notes: List[str] = field(default_factory=list)  # what load decided and why


@dataclass
class Block:
    """One paragraph-like unit of a page, with the features the classifier reads."""

    index: int
    text: str
    tag: str = "p"  # p, h1..h6, li, tr, pre, caption, line, img, ...
    path: str = ""  # DOM path of the block's element ('' for text dumps)
    link_chars: int = 0  # characters inside <a> elements
    hidden: bool = False  # display:none, hidden attribute, aria-hidden, ...
    structural: str = ""  # nearest nav/header/footer/aside ancestor, or role
    heading: int = 0  # 1..6 for headings, 0 otherwise
    list_item: bool = False
    table_row: bool = False
    container: str = ""  # DOM path of the block's nearest block container
    group: int = -1  # text dumps: the run of lines between blank lines the block is in
    label: str = ""
    reason: str = ""

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass
class Duplicate:
    input: str
    url: Optional[str]
    kind: str  # "exact" or "near"
    similarity: float


@dataclass
class Document:
    """One cleaned article: the JSON contract of DESIGN.md."""

    input: str
    url: Optional[str] = None
    captured: Optional[str] = None  # when an archive or save captured it (ISO 8601, UTC)
    title: Optional[str] = None
    published: Optional[str] = None
    updated: Optional[str] = None
    source: Optional[str] = None
    author: Optional[str] = None
    site: Optional[str] = None
    site_id_code: Optional[str] = None
    section: Optional[str] = None
    breadcrumb: List[str] = field(default_factory=list)
    official: Dict[str, str] = field(default_factory=dict)
    attachments: List[Dict[str, str]] = field(default_factory=list)
    language: Optional[str] = None
    text: str = ""
    duplicates: List[Duplicate] = field(default_factory=list)
    repeats_removed: int = 0
    encoding: str = "utf-8"
    encoding_source: str = "fallback"  # bom, http, meta, detected or fallback
    # not part of the JSON contract: used by corpus mode, inspect and writers
    headings: List[str] = field(default_factory=list)
    duplicate_of: Optional[str] = None
    provenance: Dict[str, str] = field(default_factory=dict)
    blocks: List[Block] = field(default_factory=list, repr=False)
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    CONTRACT = (
        "input", "url", "captured", "title", "published", "updated", "source", "author", "site",
        "site_id_code", "section", "breadcrumb", "official", "attachments", "language",
        "text", "duplicates", "repeats_removed", "encoding", "encoding_source",
    )

    def to_dict(self) -> Dict[str, Any]:
        """The contract's keys, in the contract's order (plus duplicate_of when set)."""
        out = {}
        for key in self.CONTRACT:
            value = getattr(self, key)
            if key == "duplicates":
                value = [asdict(d) for d in value]
            out[key] = value
        if self.duplicate_of is not None:
            out["duplicate_of"] = self.duplicate_of
        return out


def slim(doc: Document) -> Document:
    """Keep a document's body blocks only (what Markdown is rendered from), with its count
    of chrome blocks in extra["chrome_blocks"]: the form a batch holds and writes."""
    doc.extra.setdefault("chrome_blocks", sum(1 for b in doc.blocks if b.label == CHROME))
    doc.blocks = [b for b in doc.blocks if b.label == BODY]
    return doc


# The Block fields a cached document keeps: enough to survey a site's template lines,
# re-render Markdown and recount a run's summary.
_CACHED_BLOCK_FIELDS = ("index", "text", "tag", "label", "reason", "heading", "list_item",
                        "table_row", "group")


# Most bytes a kept document (document_to_bytes) may inflate to when read back. A page under
# the 50 MB --max-bytes default holds its text about twice (the text, and the blocks it is
# made of) and JSON escapes some characters: 4 x 50 MiB covers it.
BLOB_MAX_BYTES = 4 * 50 * 1024 * 1024


# zlib level of a kept document. Every page of a batch is compressed once (twice if cleaned
# again) and read back once: on 500 text dumps of the dedup benchmark (17.6 kB of JSON
# each), level 1 took 0.144 ms a page and 5,293 bytes, the default level 6 0.251 ms and
# 4,929 bytes. Any level reads back the same (zlib.decompress does not need it).
BLOB_ZLIB_LEVEL = 1


def document_to_bytes(doc: Document) -> bytes:
    """A compact, JSON-based copy of a cleaned document (stdlib only; never pickle)."""
    data = doc.to_dict()
    data["duplicates"] = []  # a run's clusters are decided again from every document
    data.pop("duplicate_of", None)
    data["_headings"] = doc.headings
    data["_provenance"] = doc.provenance
    data["_extra"] = {k: v for k, v in doc.extra.items() if isinstance(v, (str, int, float, bool))}
    data["_blocks"] = [[getattr(b, f) for f in _CACHED_BLOCK_FIELDS] for b in doc.blocks]
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                         BLOB_ZLIB_LEVEL)


def document_from_bytes(blob: bytes) -> Document:
    """The document back from document_to_bytes; ValueError when the bytes inflate past
    BLOB_MAX_BYTES (an index is read as untrusted: a 1 kB blob can inflate to gigabytes)."""
    inflater = zlib.decompressobj()
    raw = inflater.decompress(blob, BLOB_MAX_BYTES + 1)
    if len(raw) > BLOB_MAX_BYTES or inflater.unconsumed_tail:
        raise ValueError(f"a kept document inflates past {BLOB_MAX_BYTES} bytes")
    if not inflater.eof:
        raise ValueError("a kept document is cut short")
    data = json.loads(raw.decode("utf-8"))
    blocks = [Block(**dict(zip(_CACHED_BLOCK_FIELDS, row))) for row in data.pop("_blocks")]
    headings, provenance, extra = data.pop("_headings"), data.pop("_provenance"), data.pop("_extra")
    doc = Document(**{k: v for k, v in data.items() if k != "duplicates"})
    doc.headings, doc.provenance, doc.extra, doc.blocks = headings, provenance, extra, blocks
    return doc
