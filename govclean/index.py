"""Index: a batch's memory in SQLite (what each input produced, fingerprints, site template counts)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional

from .storage import is_url
from .errors import GovcleanError, IndexVersionError
from .model import BLOB_MAX_BYTES

# The schema this govclean reads and writes. Bump it on any incompatible change: an index
# with another version is refused with a clear error, never guessed at.
SCHEMA_VERSION = 2

# Where the index lives by default, relative to the output folder.
DEFAULT_INDEX = os.path.join(".govclean", "index.sqlite")

# Seconds a writer waits for another govclean holding the index (a cron job overlapping a
# manual run) before giving up with an error; long enough for one batch commit.
BUSY_TIMEOUT = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY,        -- the input, relative to the index's folder
    content_hash TEXT NOT NULL,   -- sha256 of the input's bytes
    settings TEXT NOT NULL,       -- fingerprint of the settings it was cleaned with
    output TEXT,                  -- what it produced, relative to the index's folder
    output_hash TEXT,             -- sha256 of what was written there
    failure TEXT,                 -- the error message when it could not be cleaned
    body_hash TEXT,               -- exact fingerprint of the body (normal form)
    site TEXT,                    -- site key the template counts are kept under
    template_keys TEXT NOT NULL DEFAULT '[]',  -- JSON list of the block keys it counted
    stats TEXT NOT NULL DEFAULT '{}',           -- JSON counts for the run summary
    document BLOB                 -- the input's single-page Document (model.document_to_bytes)
);
CREATE INDEX IF NOT EXISTS inputs_body ON inputs (body_hash);
CREATE TABLE IF NOT EXISTS templates (
    site TEXT NOT NULL, key TEXT NOT NULL, pages INTEGER NOT NULL,
    PRIMARY KEY (site, key)
);
"""


# The tables that make a SQLite file a govclean index (with meta's schema_version row).
GOVCLEAN_TABLES = frozenset({"meta", "inputs", "templates"})


class IndexFileError(GovcleanError):
    """The index file cannot be used (not a SQLite file, unreadable)."""


def index_damaged(path: str, exc: Exception) -> IndexFileError:
    """The one line for an index SQLite cannot read (a damaged file, or not SQLite at all)."""
    what = str(exc)
    if "not a database" in what:
        return IndexFileError(path, "is not a govclean index (not a SQLite file); left alone: "
                              "choose another file with --index, or --no-index")
    return IndexFileError(path, f"the index is corrupt ({what}); remove it (the next run "
                          "rebuilds it) or use --no-index")


def _cannot_open(folder: str, exc: Exception) -> str:
    existing = folder
    while not os.path.isdir(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    if not os.access(existing, os.W_OK):
        folder = existing
        return (f"cannot create the index: the folder {folder} is read-only; choose a writable "
                "--output or --index, or --no-index")
    return f"cannot open the index ({exc}); choose another with --index, or --no-index"


@dataclass
class Entry:
    """What the index remembers of one input (paths relative to the index's folder)."""

    path: str
    content_hash: str
    settings: str
    output: Optional[str] = None
    output_hash: Optional[str] = None
    failure: Optional[str] = None
    body_hash: Optional[str] = None
    site: Optional[str] = None
    template_keys: List[str] = field(default_factory=list)
    stats: Dict[str, int] = field(default_factory=dict)
    # the single-page Document, so a re-run need not re-clean: written with the entry,
    # read on its own (Index.document), so that a batch's plan does not hold them all
    document: Optional[bytes] = None
    has_document: bool = False  # read: whether a document is kept


_COLUMNS = ("path", "content_hash", "settings", "output", "output_hash", "failure",
            "body_hash", "site", "template_keys", "stats", "document")
# What reading an entry returns: not the document (Index.document) nor the template keys
# (only written, with the entry): a re-run's plan holds an entry for every input.
_READ_COLUMNS = tuple(c for c in _COLUMNS if c not in ("template_keys", "document"))
_READ = ", ".join(_READ_COLUMNS) + ", document IS NOT NULL"


# Between tries to switch a new index to WAL while another run holds it (SQLite answers
# "locked" at once there instead of waiting BUSY_TIMEOUT): short, as the other run's
# creation takes milliseconds; tried until BUSY_TIMEOUT has passed.
WAL_RETRY_SECONDS = 0.01


def _use_wal(db) -> None:
    """Switch the file to write-ahead logging (once: the mode is kept in the file)."""
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT
    while db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)


class Index:
    """An open index: read entries, record or forget inputs inside transactions."""

    def __init__(self, path: str):
        import sqlite3  # here: a run without an index (one page to stdout) never needs it

        self.path = path
        self.root = os.path.dirname(os.path.abspath(path))
        self.damaged = 0  # rows read back that were not what govclean writes (ignored)
        try:
            os.makedirs(self.root, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except (OSError, sqlite3.OperationalError) as exc:
            raise IndexFileError(path, _cannot_open(self.root, exc)) from None
        try:
            self._check_version()
        except GovcleanError:
            self.db.close()
            raise
        except sqlite3.OperationalError as exc:
            self.db.close()
            raise IndexFileError(path, _cannot_open(self.root, exc)) from None
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise index_damaged(path, exc) from None

    def _check_version(self) -> None:
        """Read what the file holds before writing anything to it: a file that is not a
        govclean index (another program's SQLite database) is left exactly as it was."""
        db = self.db
        if not self._tables():
            with self.transaction():  # under the write lock: two runs creating one index
                if not self._tables():
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        tables = self._tables()
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() \
            if "meta" in tables else None
        if row is None or not GOVCLEAN_TABLES <= tables:
            raise IndexFileError(self.path, "is not a govclean index (a SQLite database of "
                                 "another program); left alone: choose another file with "
                                 "--index, or --no-index")
        if row[0] != str(SCHEMA_VERSION):
            raise IndexVersionError(self.path, f"was written with index schema {row[0]}, "
                                    f"this govclean reads schema {SCHEMA_VERSION}; remove "
                                    "it (the next run rebuilds it) or use another --index")
        _use_wal(db)
        db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash loses no commit's consistency

    def _tables(self) -> set:
        return {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ transactions

    def transaction(self) -> "_Transaction":
        return _Transaction(self.db)

    # ------------------------------------------------------------ paths

    def key(self, path: str) -> str:
        """An input or output path as stored: relative to the index's folder (a URL as it is)."""
        if is_url(path):
            return path
        return os.path.relpath(os.path.abspath(path), self.root)

    def resolve(self, stored: str) -> str:
        if is_url(stored):
            return stored
        return os.path.normpath(os.path.join(self.root, stored))

    # ------------------------------------------------------------ reading

    def _entry(self, row) -> Optional[Entry]:
        entry = _entry(row)
        self.damaged += entry is None
        return entry

    def get(self, path: str) -> Optional[Entry]:
        """The entry of an input, by its path on disk."""
        row = self.db.execute(f"SELECT {_READ} FROM inputs WHERE path=?",
                              (self.key(path),)).fetchone()
        return self._entry(row) if row else None

    def template_keys(self, stored: str) -> List[str]:
        """The chrome lines an input counted towards its site's template."""
        row = self.db.execute("SELECT template_keys FROM inputs WHERE path=?", (stored,)).fetchone()
        return _json_list(row[0]) if row else []

    def document(self, stored: str) -> Optional[bytes]:
        """The single-page Document kept for an input (stored path, as in Entry.path)."""
        row = self.db.execute("SELECT CASE WHEN length(document) <= ? THEN document END "
                              "FROM inputs WHERE path=?", (BLOB_MAX_BYTES, stored)).fetchone()
        return row[0] if row and isinstance(row[0], bytes) else None

    def entries(self) -> Iterator[Entry]:
        """Every entry, by path, read as it is used (a batch of 100,000 inputs need not hold
        them all); do not write to the index while iterating."""
        for row in self.db.execute(f"SELECT {_READ} FROM inputs ORDER BY path"):
            entry = self._entry(row)
            if entry is not None:
                yield entry

    def with_body(self, body_hash: str) -> List[Entry]:
        """Inputs indexed with this exact body fingerprint (for deduplication)."""
        rows = self.db.execute(f"SELECT {_READ} FROM inputs WHERE body_hash=? "
                               "ORDER BY path", (body_hash,)).fetchall()
        return [e for e in map(self._entry, rows) if e is not None]

    def template_counts(self, site: str) -> Dict[str, int]:
        """Block key -> number of indexed pages of the site that hold it."""
        rows = self.db.execute("SELECT key, pages FROM templates WHERE site=?", (site,))
        return dict(rows.fetchall())

    def meta(self, key: str) -> Optional[str]:
        """A value the index keeps about the batch as a whole (e.g. the last output format)."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ writing (inside a transaction)

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                        "value = excluded.value", (key, value))

    def record(self, entry: Entry) -> None:
        """Store what one input produced, replacing what was stored before."""
        self.forget(entry.path)
        values = [getattr(entry, c) for c in _COLUMNS]
        values[8] = json.dumps(sorted(set(entry.template_keys)), ensure_ascii=False)
        values[9] = json.dumps(entry.stats, sort_keys=True)
        self.db.execute(f"INSERT INTO inputs ({', '.join(_COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(_COLUMNS))})", values)
        if entry.site:
            self.db.executemany(
                "INSERT INTO templates VALUES (?, ?, 1) "
                "ON CONFLICT (site, key) DO UPDATE SET pages = pages + 1",
                [(entry.site, k) for k in sorted(set(entry.template_keys))])

    def forget(self, path: str) -> None:
        """Drop an input and its template counts (stored path, as in Entry.path)."""
        row = self.db.execute("SELECT site, template_keys FROM inputs WHERE path=?", (path,)).fetchone()
        if row is None:
            return
        site, keys = row[0], _json_list(row[1])
        if site:
            self.db.executemany("UPDATE templates SET pages = pages - 1 WHERE site=? AND key=?",
                                [(site, k) for k in keys])
            self.db.execute("DELETE FROM templates WHERE pages <= 0")
        self.db.execute("DELETE FROM inputs WHERE path=?", (path,))


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (KeyboardInterrupt included)."""

    def __init__(self, db: "sqlite3.Connection"):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type, *rest) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


# Columns that must hold text (the rest may also be NULL) in a row govclean wrote.
_TEXT_COLUMNS = ("path", "content_hash", "settings")


def _entry(row) -> Optional[Entry]:
    """An entry read back, or None when the row is not what govclean writes (a damaged or
    hand-edited index): text where text belongs, stats a JSON object of counts."""
    values = dict(zip(_READ_COLUMNS + ("has_document",), row))
    if any(not isinstance(values[c], str) for c in _TEXT_COLUMNS) or "\0" in values["path"] \
            or any(not isinstance(values[c], (str, type(None))) for c in _READ_COLUMNS[3:8]):
        return None
    values["has_document"] = bool(values["has_document"])
    try:
        stats = json.loads(values["stats"]) if isinstance(values["stats"], str) else None
    except ValueError:
        stats = None
    if not isinstance(stats, dict) or not all(isinstance(v, int) for v in stats.values()):
        return None
    values["stats"] = stats
    return Entry(**values)


def _json_list(text) -> List[str]:
    """A JSON list of strings as stored, [] when the stored value is anything else."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def open_index(path: str) -> Index:
    """Open (creating if needed) the index at path; refuse an unknown schema version."""
    return Index(path)
