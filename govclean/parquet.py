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
# engines read best (one object per request, a few row groups). The writer holds one row
# group in memory, not the part.
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
    removes parts an earlier run left beyond them; abort() leaves the output as it was.

    Memory holds one row group (ROW_GROUP_ROWS rows) at most: each is written to the open
    part as it fills (the same bytes as writing the part's table at once, row groups of
    ROW_GROUP_ROWS from its start), and a part is closed once its rows hold PART_MAX_BYTES
    of text."""

    def __init__(self, out: str, options: Optional[Dict[str, Any]] = None):
        self.fs, self.root = storage.filesystem(out, options)
        self.out = out
        self.tmp = storage.join(self.root, TEMP_DIR.format(secrets.token_hex(8)))
        self.rows: List[Dict[str, Any]] = []
        self.bytes = 0  # text in the open part (its written row groups and self.rows)
        self.parts = 0  # parts closed
        self.file = self.writer = None  # the open part

    def add(self, doc: Document) -> None:
        r = row(doc)
        self.rows.append(r)
        self.bytes += _size(r)
        if len(self.rows) >= ROW_GROUP_ROWS:
            self._write_group()
        if self.bytes >= PART_MAX_BYTES:
            self._close_part()

    def _path(self) -> str:
        return storage.join(self.tmp, PART_NAME.format(self.parts))

    def _write_group(self) -> None:
        """The buffered rows as one row group of the open part (opened if need be)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self.rows, schema=schema())
        try:
            if self.writer is None:
                self.fs.makedirs(self.tmp, exist_ok=True)  # a folder locally; nothing on S3
                self.file = self.fs.open(self._path(), "wb")
                self.writer = pq.ParquetWriter(self.file, schema(), compression=COMPRESSION)
            self.writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        except OSError as exc:
            raise OutputError(self.out, f"cannot write {self._path()} ({exc})") from None
        self.rows = []

    def _close_part(self) -> None:
        if self.rows:
            self._write_group()
        if self.writer is None:
            return
        try:
            self.writer.close()
            self.file.close()  # in object storage: the upload completes here
        except OSError as exc:
            raise OutputError(self.out, f"cannot write {self._path()} ({exc})") from None
        self.file = self.writer = None
        self.parts += 1
        self.bytes = 0

    def _empty_part(self) -> None:
        """A dataset of no documents: one part holding the schema (and one empty row group)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            self.fs.makedirs(self.tmp, exist_ok=True)
            with self.fs.open(self._path(), "wb") as fh:
                pq.write_table(pa.Table.from_pylist([], schema=schema()), fh,
                               compression=COMPRESSION, row_group_size=ROW_GROUP_ROWS)
        except OSError as exc:
            raise OutputError(self.out, f"cannot write {self._path()} ({exc})") from None
        self.parts += 1

    def commit(self) -> int:
        """Every part moved to its name, stale parts removed; the number of parts."""
        self._close_part()
        if not self.parts:
            self._empty_part()  # an empty batch still writes one part: a dataset with the schema
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
        for handle in (self.writer, self.file):
            try:
                if handle is not None:
                    handle.close()
            except (OSError, ValueError):
                pass
        self.file = self.writer = None
        try:
            if self.fs.exists(self.tmp):
                self.fs.rm(self.tmp, recursive=True)
        except OSError:
            pass
