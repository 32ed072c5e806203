"""Write: Document -> text | markdown (YAML front matter) | json | jsonl, and atomic file output."""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import asdict
from typing import Iterable, List, Optional, Sequence, Tuple

from .errors import OutputError
from .model import BODY, Block, Document
from .textutil import Deferred, json_safe

FORMATS = ("text", "markdown", "json", "jsonl")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl"}

# Front-matter keys, in order; empty values are left out.
FRONT_MATTER = ("title", "url", "captured", "published", "updated", "source", "author", "site",
                "site_id_code", "section", "breadcrumb", "official", "attachments", "language",
                "input", "duplicates", "duplicate_of", "repeats_removed", "encoding",
                "encoding_source")


def render(doc: Document, fmt: str) -> str:
    """One document in one format, ending with a newline."""
    if fmt == "text":
        return to_text(doc)
    if fmt == "markdown":
        return to_markdown(doc)
    if fmt in JSON_FORMATS:
        return render_data(doc.to_dict(), fmt)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


# The formats that write Document.to_dict() as it is (render_data).
JSON_FORMATS = ("json", "jsonl")


def render_data(data: dict, fmt: str) -> str:
    """A document's to_dict() in one of JSON_FORMATS, ending with a newline."""
    if fmt == "json":
        return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    return json_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) + "\n"


def with_duplicates(content: str, fmt: str, duplicates: Sequence, duplicate_of: Optional[str]) -> str:
    """render(doc, fmt) of a document rendered before its batch listed its duplicates
    (content: rendered with none, and no duplicate_of), now with them: the same bytes as
    rendering the document with them. Text does not show them; JSON is read back and
    written again (json.loads gives the keys in the order written, and every value as
    to_dict gave it: strings, integers, lists and objects of them). Markdown shows them in
    its front matter, between other keys: render the document itself."""
    if fmt == "text" or not duplicates and duplicate_of is None:
        return content
    if fmt not in JSON_FORMATS:
        raise ValueError(f"a {fmt} output cannot take its duplicates afterwards; render the document")
    data = json.loads(content)
    data["duplicates"] = [asdict(d) for d in duplicates]
    if duplicate_of is not None:
        data["duplicate_of"] = duplicate_of
    return render_data(data, fmt)


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
        lines += [md_heading(1, doc.title), ""]
    lines.append(markdown_body(doc))
    return "\n".join(lines).rstrip("\n") + "\n"


def yaml_value(value) -> str:
    """JSON is valid YAML 1.2 flow style: exact, quoted, no surprises (no/yes/on); line
    separators and controls escaped, so that a value stays on its line."""
    return json_safe(json.dumps(value, ensure_ascii=False))


# Markdown escaping: the page's text must read as text, whatever it holds. A backslash
# escapes ASCII punctuation only (before anything else it shows), so only characters that
# can start Markdown syntax are escaped: inline ones anywhere (backslash, backquote, * [ ] < ~,
# & that starts an entity, _ not inside a word), block markers at the start of a line (#, >,
# -, +, |, and an ordered-list marker's . or ) after its digits: 1\.).
RE_MD_INLINE = re.compile(r"[\\`*\[\]<~]|&(?=#\d{1,7};|#[xX][\da-fA-F]{1,6};|[A-Za-z][A-Za-z\d]{1,31};)"
                          r"|(?<![^\W_])_|_(?![^\W_])")
RE_MD_BLOCK_START = re.compile(r"^(?:[#>+|-]|(\d{1,9})[.)](?=\s|$))")
RE_MD_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")


def md_inline(text: str) -> str:
    """Text that Markdown shows as it is, inside a line (a paragraph, heading or cell)."""
    return RE_MD_INLINE.sub(lambda m: "\\" + m.group(0), text)


def md_escape_line(text: str) -> str:
    """One line of text as a Markdown paragraph (or list item's content): never a block
    marker, tag, link, entity or emphasis; only the characters that would be one escaped.
    Leading spaces go (a paragraph drops them anyway; four would make a code block)."""
    text = md_inline(text.lstrip(" \t"))
    m = RE_MD_BLOCK_START.match(text)
    if m is None:
        return text
    if m.group(1):  # "1." / "1)": an ordered list; the escape goes before the . or )
        return m.group(1) + "\\" + text[len(m.group(1)):]
    return "\\" + text


def md_heading(level: int, text: str) -> str:
    """An ATX heading; closing #s the text ends with would be read as the heading's end."""
    text = RE_MD_CLOSING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), md_inline(text))
    return "#" * level + " " + text


def markdown_body(doc: Document) -> str:
    """Body blocks as Markdown: headings, list items and table rows kept as such."""
    blocks: List[Block] = [b for b in doc.blocks if b.label == BODY]
    if not blocks:
        return "\n".join(md_escape_line(line) if line.strip() else line
                         for line in doc.text.split("\n"))
    headings = set(doc.headings)
    out: List[str] = []
    for group_kind, group in _groups(blocks):
        if group_kind == "table":
            out.append(_table(group))
        elif group_kind == "list":
            out.append("\n".join(f"- {md_escape_line(b.text)}" for b in group))
        else:
            for b in group:
                if b.text in headings:
                    out.append(md_heading(min(6, max(2, b.heading or 2)), b.text))
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
    cells = [[md_inline(c.strip()).replace("|", "\\|") for c in r.text.split(" | ")] for r in rows]
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


# Output names. No name component may be longer than this many UTF-8 bytes: 255 is the
# limit of ext4, NTFS and APFS; 200 leaves room for a collision suffix and the extension.
NAME_MAX_BYTES = 200
# A whole output name longer than this (deep input trees) keeps its last component under a
# folder named by a hash of the rest: PATH_MAX is 4096, and the output folder needs room too.
PATH_MAX_BYTES = 1024
# Names Windows reserves for devices, whatever the extension or case (CON.txt is CON).
RESERVED_NAMES = frozenset(["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"]
                           + [f"{d}{i}" for d in ("com", "lpt") for i in range(10)]
                           + [f"{d}{s}" for d in ("com", "lpt") for s in "¹²³"])
# Characters no output name keeps: separators and what Windows forbids, controls, and
# lone surrogates (undecodable bytes of a file name, which no file system name may hold).
RE_UNSAFE_CHARS = Deferred(r'[<>:"|?*\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]')
# Temporary files are hidden and named so that a crash leaves something recognisable:
# .govclean-PID-HEX.tmp, PID the writing process (a later run removes those of dead ones).
TEMP_PREFIX = ".govclean-"
TEMP_SUFFIX = ".tmp"
RE_TEMP_NAME = re.compile(r"\.govclean-(\d+)-[0-9a-f]{16}\.tmp\Z")


def clear_stale_temps(folder: str) -> int:
    """Remove the temporary files a killed govclean left in folder (its process is gone);
    those of a live run, and anything not named exactly so or not a regular file, stay.
    Returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = RE_TEMP_NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False) or _alive(int(match.group(1))):
            continue
        try:
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave its file
    return True


def atomic_write(path: str, content: str, *, root: Optional[str] = None) -> None:
    """Write whole or not at all: a temporary file in the same folder, then rename.

    With root, refuse a path that would land outside root (through `..` or a symlinked
    folder). Every failure raises OutputError naming the path, and leaves no temporary file.
    """
    if root is not None:
        _check_inside(path, root)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise OutputError(path, f"cannot create the folder ({exc.strerror or exc})") from None
    import secrets  # here: output to stdout never needs it

    tmp = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(8)}{TEMP_SUFFIX}")
    try:
        _write_new(tmp, content.encode("utf-8", errors="surrogateescape"))
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(path, f"cannot write ({exc.strerror or exc})") from None
        raise


def _write_new(path: str, data: bytes) -> None:
    """Create path (it must not exist) with the umask's permissions, write, fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_inside(path: str, root: str) -> None:
    """The path is below root, and no folder between them is a symlink."""
    root_abs, path_abs = os.path.abspath(root), os.path.abspath(path)
    rel = os.path.relpath(path_abs, root_abs)
    if os.path.isabs(rel) or rel == os.pardir or rel.startswith(os.pardir + os.sep) or rel == ".":
        raise OutputError(path, "refused: outside the output folder")
    here = root_abs
    for part in rel.split(os.sep)[:-1]:
        here = os.path.join(here, part)
        if os.path.islink(here):
            raise OutputError(path, "refused: a symlinked folder would lead outside the output folder")


def output_names(documents, fmt) -> List[str]:
    """Output paths relative to the output folder: the input's path, its extension swapped.

    Every name stays inside the folder (no absolute path, `..`, reserved or over-long
    name), and collisions (also by case, and file against folder) resolve the same way
    whatever the order of the documents: the input that sorts first keeps the plain name.
    """
    return names_for([(doc.extra.get("relative") or os.path.basename(doc.input), doc.input)
                      for doc in documents], fmt)


def names_for(inputs: Sequence[Tuple[str, str]], fmt: str) -> List[str]:
    """output_names() for (relative path, input name) pairs, known before any cleaning."""
    ext = EXTENSIONS[fmt]
    wanted = []
    for i, (relative, name) in enumerate(inputs):
        rel = relative or "stdin"
        wanted.append((_safe_stem(rel), safe_relative(rel) or "unnamed", name, i))
    files, folders = set(), set()
    names: List[str] = [""] * len(wanted)
    for stem, full, _, i in sorted(wanted, key=lambda w: (w[0].casefold(), w[1], w[2], w[3])):
        names[i] = _claim(stem, full, ext, files, folders)
    return names


def safe_relative(rel: str) -> str:
    """A relative path made safe to join below any folder on any OS ('' when nothing is left)."""
    parts = [c for c in (_safe_component(p) for p in rel.split("/")) if c]
    name = "/".join(parts)
    if len(name.encode("utf-8")) > PATH_MAX_BYTES and len(parts) > 1:
        name = "deep-" + _digest("/".join(parts[:-1])) + "/" + parts[-1]
    return name


def _safe_stem(rel: str) -> str:
    """The output stem of an input path: .gz and the page extension dropped, made safe."""
    stem = rel[:-3] if rel.lower().endswith(".gz") else rel
    head, _, tail = stem.rpartition("/")
    root = os.path.splitext(tail)[0] or tail
    return safe_relative(f"{head}/{root}") or "unnamed"


def _safe_component(part: str) -> str:
    part = RE_UNSAFE_CHARS.sub("_", unicodedata.normalize("NFC", part)).strip().rstrip(". ")
    if not part:
        return ""  # '', '.', '..': never a step up or a hidden self
    if part.startswith("."):
        part = "_" + part
    if part.split(".")[0].strip().lower() in RESERVED_NAMES:
        part = "_" + part
    if len(part.encode("utf-8")) > NAME_MAX_BYTES:
        part = _truncate(part, NAME_MAX_BYTES - 9) + "-" + _digest(part)
    return part


def _claim(stem: str, full: str, ext: str, files: set, folders: set) -> str:
    """The first free name of: stem+ext, full+ext (the input's own extension kept), then
    stem~N+ext, or folder~N/rest+ext when a folder of the name is already an output file."""
    for name in _candidates(stem, full, ext, files):
        key = name.casefold()
        parents = _parents(key)
        if key in files or key in folders or any(p in files for p in parents):
            continue
        files.add(key)
        folders.update(parents)
        return name
    raise OutputError(stem, "no free output name")  # pragma: no cover: a million collisions


def _candidates(stem: str, full: str, ext: str, files: set) -> Iterable[str]:
    yield stem + ext
    yield full + ext
    parts = stem.split("/")
    blocked = next((n for n in range(1, len(parts)) if "/".join(parts[:n]).casefold() in files), None)
    for n in range(2, 1_000_000):
        if blocked is None:
            yield f"{stem}~{n}{ext}"
        else:
            yield "/".join(parts[:blocked]) + f"~{n}/" + "/".join(parts[blocked:]) + ext


def _parents(key: str) -> List[str]:
    parts = key.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts))]


def _truncate(text: str, max_bytes: int) -> str:
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", errors="surrogateescape")).hexdigest()[:8]
