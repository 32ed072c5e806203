"""Write: Document -> text | markdown (YAML front matter) | json | jsonl, and atomic file output."""
from __future__ import annotations

import json
import os
import tempfile
from typing import Iterable, List

from .model import BODY, Block, Document

FORMATS = ("text", "markdown", "json", "jsonl")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl"}

# Front-matter keys, in order; empty values are left out.
FRONT_MATTER = ("title", "url", "published", "updated", "source", "author", "site",
                "site_id_code", "section", "breadcrumb", "official", "attachments", "language",
                "input", "duplicates", "duplicate_of", "repeats_removed", "encoding")


def render(doc: Document, fmt: str) -> str:
    """One document in one format, ending with a newline."""
    if fmt == "text":
        return to_text(doc)
    if fmt == "markdown":
        return to_markdown(doc)
    if fmt == "json":
        return json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def to_text(doc: Document) -> str:
    parts = [doc.title] if doc.title else []
    if doc.text:
        parts.append(doc.text)
    return "\n\n".join(parts) + "\n"


def to_markdown(doc: Document) -> str:
    data = doc.to_dict()
    lines = ["---"]
    for k in FRONT_MATTER:
        v = data.get(k)
        if v in (None, "", [], {}) or (k == "repeats_removed" and not v):
            continue
        lines.append(f"{k}: {yaml_value(v)}")
    lines.append("---")
    lines.append("")
    if doc.title:
        lines += [f"# {md_escape_line(doc.title)}", ""]
    lines.append(markdown_body(doc))
    return "\n".join(lines).rstrip("\n") + "\n"


def yaml_value(value) -> str:
    """JSON is valid YAML 1.2 flow style: exact, quoted, no surprises (no/yes/on)."""
    return json.dumps(value, ensure_ascii=False)


def md_escape_line(text: str) -> str:
    if text[:1] in "#>-+*|" or text[:2].rstrip(".").isdigit():
        return "\\" + text
    return text


def markdown_body(doc: Document) -> str:
    """Body blocks as Markdown: headings, list items and table rows kept as such."""
    blocks: List[Block] = [b for b in doc.blocks if b.label == BODY]
    if not blocks:
        return doc.text
    headings = set(doc.headings)
    out: List[str] = []
    for group_kind, group in _groups(blocks):
        if group_kind == "table":
            out.append(_table(group))
        elif group_kind == "list":
            out.append("\n".join(f"- {b.text}" for b in group))
        else:
            for b in group:
                if b.text in headings:
                    level = min(6, max(2, b.heading or 2))
                    out.append("#" * level + " " + b.text)
                else:
                    out.append(md_escape_line(b.text))
    return "\n\n".join(out)


def _kind(block: Block) -> str:
    if block.tag == "tr" and " | " in block.text:
        return "table"
    return "list" if block.list_item else "p"


def _groups(blocks: Iterable[Block]):
    """Consecutive blocks of one kind (table rows, list items, paragraphs)."""
    group, kind = [], None
    for b in blocks:
        k = _kind(b)
        if k != kind and group:
            yield kind, group
            group = []
        kind = k
        group.append(b)
    if group:
        yield kind, group


def _table(rows: List[Block]) -> str:
    cells = [[c.strip().replace("|", "\\|") for c in r.text.split(" | ")] for r in rows]
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


def atomic_write(path: str, content: str) -> None:
    """Write whole or not at all: a temporary file in the same folder, then rename."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".govclean-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual mode
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def output_names(documents, fmt):
    """Output paths relative to the output folder: the input's path, its extension swapped."""
    ext = EXTENSIONS[fmt]
    used, names = set(), []
    for doc in documents:
        rel = doc.extra.get("relative") or os.path.basename(doc.input)
        stem = rel[:-3] if rel.lower().endswith(".gz") else rel
        stem = os.path.splitext(stem)[0]
        name = stem + ext
        if name in used:
            name = rel + ext
        used.add(name)
        names.append(name)
    return names
