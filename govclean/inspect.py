"""Inspect: why govclean cut what it cut (every block with its label and reason, metadata with provenance)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Union

from .model import Document

# Where a field comes from when no reader records it: computed from the text itself.
DERIVED = {
    "language": "share of CJK and Latin letters in the body",
    "encoding": "the decoding rule: BOM > valid UTF-8 > declared charset > detector",
    "encoding_source": "the decoding rule: BOM > valid UTF-8 > declared charset > detector",
    "url": "the url given to clean_page",
}
# Metadata fields shown by inspect, in the contract's order.
FIELDS = ("title", "url", "published", "updated", "source", "author", "site", "site_id_code",
          "section", "breadcrumb", "language", "encoding", "encoding_source")


@dataclass
class BlockView:
    index: int
    label: str
    reason: str
    tag: str
    text: str


@dataclass
class FieldView:
    name: str
    value: Any
    origin: Optional[str]


@dataclass
class Inspection:
    """A cleaned page explained: the blocks in page order, then the metadata found."""

    input: str
    blocks: List[BlockView] = field(default_factory=list)
    metadata: List[FieldView] = field(default_factory=list)
    repeats_removed: int = 0

    def counts(self) -> Dict[str, int]:
        out: Dict[str, int] = {}
        for b in self.blocks:
            out[b.label] = out.get(b.label, 0) + 1
        return out

    def to_dict(self) -> Dict[str, Any]:
        return {
            "input": self.input,
            "blocks": [vars(b) for b in self.blocks],
            "metadata": {f.name: {"value": f.value, "from": f.origin} for f in self.metadata},
            "repeats_removed": self.repeats_removed,
            "counts": self.counts(),
        }


def explain(doc: Document) -> Inspection:
    """The Inspection of a cleaned Document (which keeps its blocks and provenance)."""
    result = Inspection(input=doc.input, repeats_removed=doc.repeats_removed)
    for b in doc.blocks:
        result.blocks.append(BlockView(b.index, b.label or "chrome", b.reason, b.tag, b.text))
    for name in FIELDS:
        value = getattr(doc, name)
        if value in (None, "", []):
            continue
        origin = DERIVED.get(name) if name in ("encoding", "encoding_source") else None
        origin = origin or doc.provenance.get(name) or DERIVED.get(name)
        result.metadata.append(FieldView(name, value, origin))
    for name, value in doc.official.items():
        result.metadata.append(FieldView(f"official.{name}", value, "信息公开 table"))
    for att in doc.attachments:
        result.metadata.append(FieldView("attachment", att, "link to a document file"))
    return result


def inspect_page(data: Union[bytes, str], *, filename: Optional[str] = None) -> Inspection:
    """Clean one page and explain every decision."""
    from .api import clean_page

    return explain(clean_page(data, filename=filename))
