"""Parquet: documents as a dataset of typed columns, files of bounded size, committed whole."""
from __future__ import annotations

import json
import secrets
from typing import Any, Dict, List, Optional

from .errors import OutputError
from .model import Document
from . import storage

# A part file is closed once the documents buffered for it hold this many bytes of text
# (UTF-8, all string columns): 64 MiB of text is 10-20 MiB of zstd Parquet, the size query
# engines read best (one object per request, a few row groups) and what one writer holds in
# memory at most besides the Arrow copy.
PART_MAX_BYTES = 64 << 20
# Rows per row group inside a part: readers that filter by column statistics skip groups,
# and 4,096 pages of a few KB each keep a group near the 8-32 MiB readers are tuned for.
ROW_GROUP_ROWS = 4096
# Parts are named by their number, the same names for the same documents in the same order.
PART_NAME = "part-{:05d}.parquet"
PART_GLOB = "part-*.parquet"
COMPRESSION = "zstd"
# Temporary prefix beside the parts; a crash leaves something recognisable and ignorable.
TEMP_DIR = ".govclean-{}.tmp"

STRING_COLUMNS = ("input", "url", "captured", "title", "published", "updated", "source", "author",
                  "site", "site_id_code", "section", "language", "text", "encoding",
                  "encoding_source", "duplicate_of")


def schema():
    """The JSON contract as Arrow types; `official` is a JSON object in a string (its keys
    vary from page to page; a struct would make every key ever seen a column)."""
    import pyarrow as pa

    s = pa.string()
    fields = [(name, s) for name in ("input", "url", "captured", "title", "published", "updated",
                                     "source", "author", "site", "site_id_code", "section")]
    fields += [
        ("breadcrumb", pa.list_(s)),
        ("official", s),
        ("attachments", pa.list_(pa.struct([("name", s), ("href", s)]))),
        ("language", s),
        ("text", s),
        ("duplicates", pa.list_(pa.struct([("input", s), ("url", s), ("kind", s),
                                           ("similarity", pa.float64())]))),
        ("repeats_removed", pa.int64()),
        ("encoding", s),
        ("encoding_source", s),
        ("duplicate_of", s),
    ]
    return pa.schema(fields, metadata={"govclean.official": "json"})


def row(doc: Document) -> Dict[str, Any]:
    """One document as a row: the contract's keys, `official` as JSON text."""
    out = doc.to_dict()
    out["official"] = json.dumps(out["official"], ensure_ascii=False, separators=(",", ":"))
    out["attachments"] = [{"name": a.get("name"), "href": a.get("href")} for a in out["attachments"]]
    out.setdefault("duplicate_of", None)
    return out


def from_row(r: Dict[str, Any]) -> Dict[str, Any]:
    """A row read back as the JSON contract's object (duplicate_of only when set)."""
    out = dict(r)
    out["official"] = json.loads(out["official"])
    if out.get("duplicate_of") is None:
        out.pop("duplicate_of", None)
    return out


def _size(r: Dict[str, Any]) -> int:
    return sum(len(r[k].encode("utf-8")) for k in STRING_COLUMNS if r.get(k))


class DatasetWriter:
    """Rows in, part files out: each part goes to a temporary prefix beside the output as
    it fills, and commit() moves them all to their names (part-00000.parquet, ...) and
    removes parts an earlier run left beyond them; abort() leaves the output as it was."""

    def __init__(self, out: str, options: Optional[Dict[str, Any]] = None):
        self.fs, self.root = storage.filesystem(out, options)
        self.out = out
        self.tmp = storage.join(self.root, TEMP_DIR.format(secrets.token_hex(8)))
        self.rows: List[Dict[str, Any]] = []
        self.bytes = 0
        self.parts = 0

    def add(self, doc: Document) -> None:
        r = row(doc)
        self.rows.append(r)
        self.bytes += _size(r)
        if self.bytes >= PART_MAX_BYTES:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows and self.parts:
            return
        table = pa.Table.from_pylist(self.rows, schema=schema())
        path = storage.join(self.tmp, PART_NAME.format(self.parts))
        try:
            self.fs.makedirs(self.tmp, exist_ok=True)  # a folder locally; nothing on S3
            with self.fs.open(path, "wb") as fh:
                pq.write_table(table, fh, compression=COMPRESSION, row_group_size=ROW_GROUP_ROWS)
        except OSError as exc:
            raise OutputError(self.out, f"cannot write {path} ({exc})") from None
        self.parts += 1
        self.rows, self.bytes = [], 0

    def commit(self) -> int:
        """Every part moved to its name, stale parts removed; the number of parts."""
        self._flush()  # an empty batch still writes one part: a dataset with the schema
        names = {PART_NAME.format(i) for i in range(self.parts)}
        try:
            for name in sorted(names):
                self.fs.mv(storage.join(self.tmp, name), storage.join(self.root, name))
            for old in self.fs.glob(storage.join(self.root, PART_GLOB)):
                if old.rsplit("/", 1)[-1] not in names:
                    self.fs.rm(old)
        except OSError as exc:
            raise OutputError(self.out, f"cannot commit the dataset ({exc})") from None
        finally:
            self.abort()
        return self.parts

    def abort(self) -> None:
        try:
            if self.fs.exists(self.tmp):
                self.fs.rm(self.tmp, recursive=True)
        except OSError:
            pass
