"""Batch: a run over many inputs (process pool, index-backed incremental runs, safe writes, --check)."""
from __future__ import annotations

import hashlib
import json
import os
import stat
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from . import __version__
from .errors import GovcleanError, OutputError, OverlapError
from .heap import FREEZE_EVERY, Freezer, batch_heap
from .inputs import Source, display_name, read_source
from .load import DEFAULT_MAX_BYTES
from .model import BODY, CHROME, Document, slim
from .pool import PAGE_TIMEOUT, HELD_SIGNALS, PageTimeout, Pool, time_limit, too_slow
from .spool import Ref, Spool
from .storage import is_url
from .report import (FAILED, PENDING, REMOVED, SKIPPED, UNCHANGED, WARNING, WRITTEN, Event,
                     Failure, OnProgress,
                     Summary, no_progress)
from .textutil import user_path
from .write import atomic_write, clear_stale_temps, names_for, render, with_duplicates

if TYPE_CHECKING:  # the index is imported where a run keeps one: a run to standard output never does
    from .index import Entry, Index

# Index rows are committed in groups of this many inputs: one transaction per input costs a
# disk sync each (seconds over thousands of pages), while an interrupted group is only
# redone by the next run (its outputs are already whole on disk).
COMMIT_EVERY = 64
# Longest chrome block kept as a site-template key (characters): template lines (menus,
# footers) are short; longer blocks would only bloat the index.
TEMPLATE_KEY_MAX = 200

# on_document(document, content): content is the output text (a Rendered's: its UTF-8
# bytes, see Settings.whole_documents)
OnDocument = Callable[[Document, "str | bytes"], None]


@dataclass
class Settings:
    """What a batch run does; everything that changes an output is in fingerprint()."""

    fmt: str = "text"
    output: Optional[str] = None  # a folder; None: documents go to on_document
    index: Optional[str] = None  # the index file; default OUTPUT/.govclean/index.sqlite
    use_index: bool = True
    jobs: int = 1
    check: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    chrome: List[str] = field(default_factory=list)
    dedup: str = "near"  # near | exact | off (corpus mode)
    threshold: float = 0.5  # = dedup.DEFAULT_THRESHOLD
    keep_duplicates: bool = False
    page_timeout: Optional[float] = PAGE_TIMEOUT  # seconds; None or 0: no limit (not in
    # fingerprint(): pages that run out of time are not recorded, the next run tries again)
    # clean(settings, tasks) -> a context giving clean(todo): the engine that runs the
    # per-page tasks (_clean_task) in order; None: this process or a local process pool.
    cleaner: Optional[Callable] = None
    near: Optional[Callable] = None  # dedup.near_leaders' stages run by an engine; None: here
    # hasher(tasks) -> hash_task's results in order, run by an engine (the plan's reading
    # of every input to compare it with the index); None: in this process
    hasher: Optional[Callable] = None
    # spool() -> the batch's Spool, where pages wait while the batch is decided; an engine's
    # keeps what its workers made where they made it (engines/dask); None: a local file
    spool: Optional[Callable] = None
    # Every final document goes to on_document, unchanged ones too (a Parquet dataset is
    # written whole each run; the index still spares the cleaning of unchanged inputs).
    emit_unchanged: bool = False
    # on_document reads each document whole. False (the CLI's standard output, which reads
    # the content and the input's name): in corpus mode without an index, each worker
    # renders its page's output as it cleans it, and the batch writes it out as it is (or
    # with its duplicates added), never decoding the document again; on_document then
    # gets a Rendered (its input, counts and content) in place of the Document, and that
    # content as UTF-8 bytes (Rendered.utf8), not a str.
    whole_documents: bool = True
    storage: Optional[dict] = None  # fsspec options for inputs that are URLs (storage.py)

    def index_path(self) -> Optional[str]:
        if not self.use_index:
            return None
        if self.index:
            return self.index
        if not self.output:
            return None
        from .index import DEFAULT_INDEX

        return os.path.join(self.output, DEFAULT_INDEX)

    def fingerprint(self) -> str:
        """Changes whenever an output could: govclean's version, format, patterns, limits."""
        blob = json.dumps([__version__, self.fmt, self.chrome, self.max_bytes, self.dedup,
                           self.threshold, self.keep_duplicates])
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass
class _Item:
    """One input and what the plan decided for it."""

    position: int
    source: Source
    output: Optional[str]  # the output path (output mode)
    content_hash: Optional[str] = None
    entry: Optional[Entry] = None
    skip: bool = False
    failure: Optional[str] = None  # could not even be read
    # the single-page document (cleaned now, or cached); a Rendered when the workers render
    first: Optional[Document] = None
    final: Optional[Document] = None  # after site templates; None when folded into another
    kept: bool = False  # it has an output of its own (not folded into another input's)
    background: bool = False  # indexed before, not named this run (see _background)
    page: Optional["_Spooled"] = None  # corpus mode: what is held until the batch is decided
    template_keys: Sequence[str] = ()  # its chrome lines, for the index (no list a page)
    blob: Optional[bytes] = None  # its single-page document as the index keeps it


def remembered_format(settings: Settings) -> Optional[str]:
    """The output format of the last run that wrote the index, None without one: a run
    that names no format (option or config) keeps it, so --check compares like with like."""
    path = settings.index_path()
    if not path or not os.path.isfile(path):
        return None
    from .index import open_index

    try:
        with open_index(path) as index:
            return index.meta("format")
    except GovcleanError:
        return None  # the run itself reports an unusable index


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def output_paths(sources: Sequence[Source], settings: Settings) -> List[Optional[str]]:
    """Each source's output file, by write.names_for: inside the output folder whatever the
    input's name, collisions resolved the same way whatever the order of the inputs."""
    if not settings.output:
        return [None] * len(sources)
    names = names_for([(s.relative, s.name) for s in sources], settings.fmt)
    return [os.path.join(settings.output, name) for name in names]


def run_batch(sources: Sequence[Source], settings: Settings, *,
              on_progress: OnProgress = no_progress,
              on_document: Optional[OnDocument] = None,
              summary: Optional[Summary] = None) -> Summary:
    """Clean every input, fold the batch's duplicates, write, report.

    Inputs the index knows unchanged are not cleaned again: their single-page documents
    come from the index, and take part in site templates and deduplication like new ones,
    so a run's outputs are always those of a run from scratch. A summary passed in is
    filled as the run goes (the CLI reports from it when a run is interrupted)."""
    summary = summary if summary is not None else Summary()
    summary.check = settings.check
    _refuse_inputs_in_output(sources, settings.output)
    path = settings.index_path()
    # --check writes nothing, not even a new index: without one it compares with the disk
    use = path and (not settings.check or os.path.exists(path))
    index = None
    if use:
        from .index import open_index

        index = open_index(path)
    try:
        return _run(sources, settings, index, summary, on_progress, on_document)
    except _database_error() as exc:  # read as untrusted: a damaged file is said to be one
        from .index import index_damaged

        raise index_damaged(path, exc) from None
    finally:
        if index is not None:
            index.close()


def _database_error() -> type:
    """sqlite3.DatabaseError, imported only when an exception is being matched (a one-page
    run with no index never imports sqlite3)."""
    import sqlite3

    return sqlite3.DatabaseError


def _refuse_inputs_in_output(sources: Sequence[Source], output: Optional[str]) -> None:
    """The library's own guard (the CLI checks the paths as given, inputs.check_overlap):
    no input below the output folder, compared as absolute paths (cheap for 100,000)."""
    if not output:
        return
    root = os.path.abspath(output).rstrip(os.sep) + os.sep
    for source in sources:
        if source.path is not None and os.path.abspath(source.path).startswith(root):
            raise OverlapError(display_name(output), f"refused: the output folder "
                               f"{display_name(output)} holds the input {source.name}; inputs "
                               "are never written to: choose a place apart from them")


def _run(sources, settings: Settings, index: Optional[Index], summary: Summary,
         on_progress: OnProgress, on_document: Optional[OnDocument]) -> Summary:
    """The batch, its index open (run_batch)."""
    items = _plan(_passed_over(sources, summary, on_progress), settings, index)
    if index is not None and settings.output and settings.dedup != "off":
        items += _background(items, settings, index)
    if settings.output and not settings.check:
        _clear_temps(items, settings.output)
    if _nothing_changed(items, index, settings):
        return _report_unchanged(items, summary, on_progress)
    todo = sum(1 for it in items if not it.skip and it.failure is None)
    with batch_heap() as heap, _cleaner(settings, todo, heap) as clean:  # workers start
        on_progress(Event("start", total=len(items)))  # before any progress thread
        with _Recorder(index, settings.check) as recorder:
            for item in _final_documents(items, clean, settings, index, on_progress, heap):
                _finish(item, settings, summary, recorder, on_progress, on_document)
            if index is not None:
                _remove_stale(index, items, settings, summary, recorder, on_progress)
    if index is not None and index.damaged:
        _warn(summary, on_progress, index.path, f"{index.damaged} damaged entries (not what "
              "govclean writes) ignored; their inputs were cleaned again")
    on_progress(Event("end"))
    return summary


def _clear_temps(items: List[_Item], output: str) -> None:
    """Temporary files a killed run left in the folders this run writes to; a folder that
    is (or lies through) a symlink out of the output folder is not looked into."""
    real_root = os.path.realpath(output).rstrip(os.sep) + os.sep
    for folder in sorted({os.path.dirname(os.path.abspath(it.output)) for it in items if it.output}):
        if (os.path.realpath(folder) + os.sep).startswith(real_root):
            clear_stale_temps(folder)


def _passed_over(sources, summary: Summary, on_progress: OnProgress) -> List[Source]:
    """The sources to clean; those a walk passed over (not pages) counted and listed."""
    kept = []
    for source in sources:
        if source.skipped is None:
            kept.append(source)
            continue
        summary.skipped += 1
        on_progress(Event("input", input=source.name, status=SKIPPED, detail=source.skipped))
    return kept


def _nothing_changed(items: List[_Item], index: Optional[Index], settings: Settings) -> bool:
    """The batch the index describes, unchanged: the same inputs, bytes and settings, and
    every output on disk as it was written. Its outputs are then those a run would write,
    and the corpus stage (templates, duplicates) has nothing new to decide."""
    if index is None or settings.emit_unchanged or not all(it.skip for it in items):
        return False
    if {index.key(it.source.path) for it in items} != {e.path for e in index.entries()}:
        return False  # an input gone (or one given this time but not last time)
    return all(it.entry.output is None and not it.entry.output_hash
               or it.output is not None and it.entry.output == index.key(it.output)
               and _file_hash(it.output) == it.entry.output_hash for it in items)


def _report_unchanged(items: List[_Item], summary: Summary, on_progress: OnProgress) -> Summary:
    on_progress(Event("start", total=len(items)))
    for item in items:
        summary.inputs += 1  # nothing cleaned: no chrome removed, nothing folded or found
        if item.entry.failure is not None:
            summary.failures.append(Failure(item.source.name, item.entry.failure))
            summary.no_text += item.entry.failure == NO_TEXT
            on_progress(Event("input", input=item.source.name, status=FAILED, detail=item.entry.failure))
        else:
            summary.unchanged += 1
            on_progress(Event("input", input=item.source.name, status=UNCHANGED))
    on_progress(Event("end"))
    return summary


# ------------------------------------------------------------------ plan


def _plan(sources: Sequence[Source], settings: Settings, index: Optional[Index]) -> List[_Item]:
    """Hash every input (here, or where settings.hasher runs hash_task) and decide which
    ones the index allows to skip."""
    sources = list(sources)
    hashed = [s for s in sources if s.path is not None] if index is not None else []
    tasks = [(s, settings.max_bytes) for s in hashed]
    hashes = iter((settings.hasher or _hash_here)(tasks)) if tasks else iter(())
    items = []
    for i, (source, out) in enumerate(zip(sources, output_paths(sources, settings))):
        item = _Item(i, source, out)
        if index is not None and source.path is not None:
            item.content_hash, item.failure = next(hashes)
            item.entry = index.get(source.path) if _storable(source.path) else None
            item.skip = item.failure is None and _unchanged(item, settings, index) \
                and (item.entry.failure is not None or item.entry.has_document)
        items.append(item)
    return items


def hash_task(task: tuple) -> Tuple[Optional[str], Optional[str]]:
    """One input's (sha256 of its bytes, None), or (None, why it cannot be read): what the
    plan compares with the index. Pure, so an engine may run it anywhere (engines/dask)."""
    source, max_bytes = task
    try:
        return sha256(read_source(source, max_bytes)), None
    except GovcleanError as exc:
        return None, exc.message


def _hash_here(tasks: Sequence[tuple]) -> Iterator[Tuple[Optional[str], Optional[str]]]:
    return map(hash_task, tasks)


def _background(items: List[_Item], settings: Settings, index: Index) -> List[_Item]:
    """Indexed inputs not named this time (a pre-commit hook names only what a commit
    adds): their documents come from the index and take part in the batch's templates
    and duplicates, so a new page is folded into an article indexed before, and an output
    whose duplicates change is written again."""
    named = {index.key(it.source.path) for it in items if it.source.path and _storable(it.source.path)}
    out = []
    for entry in index.entries():
        path = index.resolve(entry.path)
        if entry.path in named or entry.failure is not None or not entry.has_document \
                or entry.settings != settings.fingerprint() or not _input_exists(path, settings):
            continue
        output = _indexed_output(entry.output, index, settings) if entry.output else None
        if entry.output and output is None:
            continue  # an output outside the folder: the index is damaged (warned at the end)
        source = Source(name=display_name(path), path=path, relative=entry.path,
                        storage=settings.storage if is_url(path) else None)
        out.append(_Item(len(items) + len(out), source, output, content_hash=entry.content_hash,
                         entry=entry, skip=True, background=True))
    return out


def _input_exists(path: str, settings: Settings, local=os.path.isfile) -> bool:
    """An input is still there: a local file, or an object behind a URL."""
    if not is_url(path):
        return local(path)
    from .storage import filesystem

    fs, key = filesystem(path, settings.storage)
    return fs.exists(key)


def _unchanged(item: _Item, settings: Settings, index: Index) -> bool:
    entry = item.entry
    if entry is None or entry.content_hash != item.content_hash \
            or entry.settings != settings.fingerprint():
        return False
    return True  # its output is compared with what the run renders when it is written


def _file_hash(path: str) -> Optional[str]:
    """sha256 of a regular file's bytes; None for anything else (missing, a symlink, a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        for chunk in iter(lambda: os.read(fd, 1 << 20), b""):
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _warn(summary: Summary, on_progress: OnProgress, name: str, message: str) -> None:
    summary.warnings.append(Failure(name, message))
    on_progress(Event("warning", input=name, detail=message))


def _indexed_output(stored: Optional[str], index: Index, settings: Settings) -> Optional[str]:
    """An output path read from the index (untrusted), resolved; None unless it stays inside
    the output folder: not absolute, no step out, no hidden part, no symlink on the way."""
    if not stored or not settings.output or "\0" in stored or os.path.isabs(stored):
        return None
    path = index.resolve(stored)
    root = os.path.abspath(settings.output)
    parts = os.path.relpath(path, root).split(os.sep)
    if parts in ([os.curdir], [""]) or any(p == os.pardir or p.startswith(".") for p in parts):
        return None
    here = root
    for part in parts:
        here = os.path.join(here, part)
        if os.path.islink(here):
            return None
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return path if real.startswith(real_root.rstrip(os.sep) + os.sep) else None


def _owned(stored: Optional[str], recorded_hash: Optional[str], index: Index, settings: Settings,
           summary: Summary, on_progress: OnProgress) -> Optional[str]:
    """The old output the index names, when govclean may delete or replace it: inside the
    output folder and holding the bytes the index recorded writing. Otherwise None, and one
    warning line when a file is there (left alone)."""
    path = _indexed_output(stored, index, settings)
    if path is None:
        shown = display_name(index.resolve(stored)) if stored and "\0" not in stored else repr(stored)
        _warn(summary, on_progress, shown, "left alone: the index names it as an output, but it "
              "is outside the output folder (a damaged or edited index)")
        return None
    if not os.path.lexists(path):
        return path
    if recorded_hash is None or _file_hash(path) != recorded_hash:
        _warn(summary, on_progress, user_path(path), "left alone: not the bytes govclean wrote "
              "there (changed since, or the index is wrong)")
        return None
    return path


# ------------------------------------------------------------------ clean (pool or in process)


class _Cleaned(NamedTuple):
    """One input cleaned by a worker. Corpus mode gets what it spools (the document as
    bytes, or its output rendered; its survey and fingerprint), so that the parent only
    files them away."""

    doc: Optional[Document]
    blob: Optional[bytes]  # model.document_to_bytes(doc), the form the index and spool keep
    failure: Optional[str]
    content_hash: Optional[str]
    survey: Optional[object] = None  # templates.Survey
    copy: Optional[object] = None  # dedup.Copy: its body's fingerprint and canonical rank
    shingles: Optional[np.ndarray] = None  # its body's shingle set
    output: Optional[bytes] = None  # its output rendered by the worker (Rendered.to_bytes)
    verdicts: Optional[bytes] = None  # pass 1, a page pass 2 may clean again: classify.verdicts_of


def _final_documents(items: List[_Item], clean: Callable, settings: Settings, index: Optional[Index],
                     on_progress: OnProgress, heap: Freezer) -> Iterator[_Item]:
    """The items with their final documents, in input order whatever the job count.

    With --dedup off every page stands alone and goes out as soon as it is cleaned; in
    corpus mode a document is final once the whole batch is known (templates, duplicates),
    so until then pages wait in a spool file and memory holds their fingerprints."""
    index_wanted = settings.index_path() is not None
    # one input and no index: no site template or duplicate to decide, so the page goes out
    # as with --dedup off (the same bytes), without fingerprints, spool or numpy
    alone = settings.dedup == "off" or index is None and len(items) < 2
    rendered = None if alone else _rendered_format(settings)
    todo = [_task(it.source, settings, spooled=not alone, blob=index_wanted, rendered=rendered)
            for it in items if not it.skip and it.failure is None]
    # the cleaner holds the tasks until pass 1 ends; this frame does not (they would stay,
    # 112 bytes a page, until the last page is written)
    cleaned, todo = clean(todo), None
    if alone:
        for item in _first_pass(items, cleaned, settings, index, on_progress):
            item.final = item.first
            yield item
            _release(item)  # written: memory stays flat however long the batch
        return
    with (settings.spool or Spool)() as spool:
        held = _Held(spool, len(items), rendered)
        for n, _ in enumerate(_first_pass(items, cleaned, settings, index, on_progress, held), 1):
            if n % FREEZE_EVERY == 0:  # the pages filed away stay to the batch's end
                heap.freeze()
        cleaned = None
        _corpus_stage(items, settings, clean, held)
        for item in items:
            _load(item, held, settings.keep_duplicates)
            yield item
            _release(item)


def _rendered_format(settings: Settings) -> Optional[str]:
    """The format corpus mode's workers render each page's output in, or None when the
    batch needs the documents themselves: for the index (each entry keeps its document),
    for on_document (whole_documents), or to add duplicates to (Markdown lists them in its
    front matter: write.with_duplicates)."""
    if settings.whole_documents or settings.index_path() is not None or settings.fmt == "markdown":
        return None
    return settings.fmt


def _task(source: Source, settings: Settings, template: FrozenSet[int] = frozenset(), *,
          spooled: bool, blob: bool, expect: Optional[str] = None,
          rendered: Optional[str] = None, verdicts: Optional[bytes] = None) -> tuple:
    """What a worker needs to clean one input; with expect, bytes of another hash (the
    input changed since pass 1) are not cleaned; with rendered (corpus mode), its output in
    that format in place of the document; with verdicts (pass 2), pass 1's classify
    verdicts on those bytes, which the template is struck from."""
    return (source, settings.max_bytes, template, spooled, blob, settings.page_timeout, expect,
            rendered, verdicts)


def _release(item: _Item) -> None:
    """A finished item keeps only whether it had an output of its own."""
    item.kept = item.final is not None
    item.first = item.final = item.blob = item.page = None
    item.template_keys = ()


def _first_pass(items: List[_Item], cleaned: Iterator, settings: Settings, index: Optional[Index],
                on_progress: OnProgress, held: Optional["_Held"] = None) -> Iterator[_Item]:
    """Each input's single-page document (cleaned now, or cached in the index): kept on the
    item (--dedup off), or spooled with its survey and fingerprint (corpus mode)."""
    for item in items:
        got = None
        if not item.skip and item.failure is None:
            got = next(cleaned)
        elif item.skip and item.entry.failure is None:
            got = _from_index(item, settings, index, held is not None)
        if got is not None:
            if not item.skip:  # cleaned now: the hash of the bytes cleaned (None: not read)
                item.content_hash = got.content_hash
            item.failure = got.failure
        if got is not None and got.failure is None:
            if held is None:
                item.first, item.blob = got.doc, got.blob
                item.template_keys = _template_keys(item.first)
                slim(item.first)
            else:
                item.page = held.page(item, got)
        on_progress(Event("cleaned", input=item.source.name))
        yield item


def _from_index(item: _Item, settings: Settings, index: Index, spooled: bool) -> _Cleaned:
    """A skipped input's single-page document from the index; a damaged copy (or one the
    index lost) means the input is cleaned again."""
    from .model import document_from_bytes

    blob = index.document(item.entry.path)
    try:
        doc = document_from_bytes(blob) if blob else None
    except (ValueError, TypeError, KeyError, AttributeError, zlib.error):
        doc = None
    if doc is None:
        index.damaged += 1
        item.skip = False
        # the bytes the index describes, or none: a tampered index cannot make a re-run read
        # (and write into -o) a file whose contents its writer does not already know
        return _clean_task(_task(item.source, settings, spooled=spooled, blob=True,
                                 expect=item.content_hash))
    return _cleaned(doc, blob, None, spooled)


def _template_keys(doc: Document) -> List[str]:
    """The chrome lines a document counts towards its site's template (index only)."""
    from .textutil import key

    return sorted({key(b.text) for b in doc.blocks
                   if b.label == CHROME and 0 < len(b.text) <= TEMPLATE_KEY_MAX} - {""})


class _Spooled:
    """What corpus mode holds in memory of one input until the batch is decided: where
    its documents and shingles are in the spool, its survey and its dedup.Copy (made
    compact by _Held)."""

    __slots__ = ("blob", "survey", "copy", "shingles", "again", "duplicates", "duplicate_of")
    blob: Ref  # its single-page document, as the index keeps it (or its Rendered output)
    survey: Optional[object]  # templates.Survey, until the site templates are learned
    copy: object  # dedup.Copy of its current body (pass 1, then pass 2)
    shingles: Ref  # its current body's shingle set
    again: Optional[Ref]  # its document cleaned again with its site's template (pass 2)
    duplicates: Optional[list]  # dedup.Duplicate entries, when it is a canonical copy
    duplicate_of: Optional[str]

    def __init__(self, blob: Ref, survey, copy, shingles: Ref):
        self.blob, self.survey, self.copy, self.shingles = blob, survey, copy, shingles
        self.again = self.duplicates = self.duplicate_of = None


class _Held:
    """Where corpus mode keeps its pages until the batch is decided: documents and shingle
    sets in the spool, in memory each page's _Spooled, made small. A worker's results
    arrive as new objects (unpickled), so the parent shares what it already has: a copy's
    MinHash goes into a row of one (pages, NUM_PERM) table and the copy keeps a _SketchRow
    (48 bytes, where an array of its own cost 368 and an allocation), the input name in
    its copy and survey is its Source's path (one string, not three), the survey's kind
    an interned string."""

    def __init__(self, spool: Spool, rows: int, rendered: Optional[str] = None):
        import numpy as np

        self.spool, self.rows = spool, rows
        self.rendered = rendered  # the pages' records are their outputs in this format
        self.sketches: Optional[np.ndarray] = None  # made at the first sketch: its width
        self.no_sketch = np.zeros(0, dtype=np.uint32)  # a body too short to have one
        # where each page's pass-1 verdicts are in the spool, until pass 2: its reference as
        # two 64-bit words of a table (made at the first), row by position (0: none), not
        # an int object a page, which pass 2 freed among the pages' lasting objects (the
        # RSS stayed 3-4 MB higher at 100k); one that is not an int (a Dask worker's) as it is
        self.verdict_refs: Optional[np.ndarray] = None
        self.verdicts_elsewhere: dict = {}

    def page(self, item: _Item, got: "_Cleaned") -> _Spooled:
        """Pass 1: the page as corpus mode holds it."""
        self._share(item, got.copy, got.survey)
        record, shingles, *verdicts = self.spool.put_all(
            [self._record(got), got.shingles] + ([got.verdicts] if got.verdicts else []))
        if verdicts:
            self._keep_verdicts(item.position, verdicts[0])
        return _Spooled(record, got.survey, got.copy, shingles)

    def _keep_verdicts(self, row: int, ref) -> None:
        import numpy as np

        if not isinstance(ref, int):
            self.verdicts_elsewhere[row] = ref
            return
        if self.verdict_refs is None:
            self.verdict_refs = np.zeros((self.rows, 2), dtype=np.uint64)
        self.verdict_refs[row] = (ref >> 64, ref & _WORD)

    def verdicts(self, row: int) -> Optional[bytes]:
        """A page's pass-1 verdicts (None: it kept none)."""
        ref = self.verdicts_elsewhere.get(row)
        if ref is None and self.verdict_refs is not None:
            high, low = self.verdict_refs[row].tolist()
            ref = high << 64 | low or None
        return None if ref is None else self.spool.get(ref)

    def forget_verdicts(self) -> None:
        self.verdict_refs, self.verdicts_elsewhere = None, {}

    def again(self, item: _Item, got: "_Cleaned") -> None:
        """Pass 2: the page cleaned again with its site's template replaces pass 1's body."""
        self._share(item, got.copy, None)
        page = item.page
        page.again, shingles = self.spool.put_all([self._record(got), got.shingles])
        page.copy, page.shingles = got.copy, shingles

    def _record(self, got: "_Cleaned"):
        """What the spool keeps of a page: its document, or its output rendered."""
        return got.blob if self.rendered is None else got.output

    def _share(self, item: _Item, copy, survey) -> None:
        import sys

        name = item.source.input_name
        for part in (copy, survey):
            if part is not None and part.input == name:
                part.input = name
        if survey is not None:
            survey.kind = sys.intern(survey.kind)
        copy.sketch = self._row(item.position, copy.sketch)

    def _row(self, row: int, sketch):
        """The sketch in the table's row (the table made at the first one)."""
        import numpy as np

        if len(sketch) == 0:
            return self.no_sketch
        if self.sketches is None:
            self.sketches = np.empty((self.rows, len(sketch)), dtype=sketch.dtype)
        if sketch.shape != self.sketches.shape[1:] or sketch.dtype != self.sketches.dtype:
            return sketch  # not a MinHash of the table's kind: kept as it is
        self.sketches[row] = sketch
        return _SketchRow(self.sketches, row)


_WORD = (1 << 64) - 1  # the low word of a spool reference (_Held.verdict_refs)


class _SketchRow:
    """A copy's MinHash as a row of its batch's table: an array to numpy (np.stack of
    the copies' sketches, dedup.cluster_copies, reads it through __array__), no array of
    its own (an ndarray, even a view, costs 112 bytes of header)."""

    __slots__ = ("table", "row")

    def __init__(self, table, row: int):
        self.table, self.row = table, row

    def __array__(self, dtype=None, copy=None):
        row = self.table[self.row]
        return row if dtype is None else row.astype(dtype)

    def __len__(self) -> int:
        return self.table.shape[1]


def _corpus_stage(items: List[_Item], settings: Settings, clean: Callable, held: _Held) -> None:
    """Site templates (text dumps cleaned again with them), then duplicates decided: the
    stages of corpus.clean_corpus, over spooled pages."""
    from . import corpus, dedup

    live = [it for it in items if it.page is not None]
    pages = [it.page for it in live]
    shingles = _ShingleSets(pages, held.spool)
    templates = corpus.learn_site_templates([p.survey for p in pages], [p.copy for p in pages],
                                            shingles, settings.threshold, settings.near)
    _second_pass(live, templates, settings, clean, held)
    copies = [p.copy for p in pages]
    leader = dedup.cluster_copies(copies, shingles, settings.dedup, settings.threshold, settings.near)
    for canon, sims in _decide(copies, leader, shingles, settings.threshold):
        pages[canon].duplicates = dedup.duplicates(copies, canon, sims)
        for i in sims:
            pages[i].duplicate_of = copies[canon].input


# Bodies whose shingle sets are read at once to choose the canonical copies of a group of
# clusters: one fetch for many (a spool on the cluster), while memory holds at most this
# many sets (about 8 kB each for a page of text: 32 MB).
DECIDE_BODIES = 4096


def _decide(copies, leader: List[int], shingles: "_ShingleSets", threshold: float) -> Iterator:
    """dedup.decide's (canonical, {copy: similarity}) for each cluster of two or more, the
    clusters taken in groups of about DECIDE_BODIES bodies whose sets are read together."""
    group: list = []
    bodies = 0
    for j, members in _clusters(leader):
        group.append((j, members))
        bodies += len(members)
        if bodies >= DECIDE_BODIES:
            yield from _decide_group(group, copies, shingles, threshold)
            group, bodies = [], 0
    yield from _decide_group(group, copies, shingles, threshold)


def _clusters(leader: List[int]) -> List[Tuple[int, List[int]]]:
    """The clusters of two or more copies as (leader, its members in order), in the order
    of their first members; found by one sort, without a dict of one list a copy (about
    190 bytes a page, 19 MB for 100,000 pages, nearly all of them clusters of one)."""
    import numpy as np

    lead = np.asarray(leader, dtype=np.int64)
    order = np.argsort(lead, kind="stable")  # grouped by leader, members in input order
    ranked = lead[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(lead) else lead
    sizes = np.diff(np.r_[starts, len(lead)])
    starts, sizes = starts[sizes > 1], sizes[sizes > 1]
    by_first = np.argsort(order[starts], kind="stable")
    return [(int(ranked[starts[k]]), order[starts[k]:starts[k] + sizes[k]].tolist())
            for k in by_first.tolist()]


def _decide_group(group: list, copies, shingles: "_ShingleSets", threshold: float) -> Iterator:
    from .dedup import choose_canonical

    sets = shingles.many([i for _, members in group for i in members])
    for j, members in group:
        yield choose_canonical(copies, members, j, threshold, sets.__getitem__)


class _ShingleSets:
    """Copy number -> its shingle set, read from the spool (one at a time, or many at once)."""

    def __init__(self, pages: list, spool: Spool):
        self.pages, self.spool = pages, spool

    def __call__(self, i: int):
        return self.spool.get_array(self.pages[i].shingles)

    def many(self, ids: List[int]) -> dict:
        return dict(zip(ids, self.spool.get_arrays([self.pages[i].shingles for i in ids])))


# Pass 2's tasks are made (their pages' verdicts read back from the spool, ~350 bytes a
# page) and cleaned this many at a time, so the parent never holds the whole pass's: at
# 100k, all 30,779 at once were 12 MB, and the small objects freed after them kept the RSS
# higher through the output's clustering (its peak 411.8 MB made 4,096 at a time, 414.0
# all at once; docs/speed.md, round 6). 4,096 records are 1.5 MB; the pool's pipeline
# drains once per 4,096 pages (about one page's time, ~1 ms).
PASS2_TASKS = 4096


def _second_pass(live: List[_Item], templates, settings: Settings, clean: Callable, held: _Held) -> None:
    """Pass 2, in the pool: text dumps that hold their site's template lines, cleaned again."""
    from .corpus import needs_second_pass

    again = [(it, t) for it, t in zip(live, templates)
             if it.source.path is not None and needs_second_pass(it.page.survey, t)]
    for it in live:
        it.page.survey = None  # learned: let the surveys go
    for start in range(0, len(again), PASS2_TASKS):
        part = again[start:start + PASS2_TASKS]
        tasks = [_task(it.source, settings, t, spooled=True, blob=held.rendered is None,
                       expect=it.content_hash, rendered=held.rendered, verdicts=_verdicts(it, held))
                 for it, t in part]
        for (it, _), got in zip(part, clean(tasks)):
            if got.failure is None:  # an input that changed since pass 1 keeps pass 1
                held.again(it, got)
    held.forget_verdicts()


def _verdicts(item: _Item, held: _Held) -> Optional[bytes]:
    """The page's pass-1 classify verdicts, for pass 2 to strike the template from."""
    return held.verdicts(item.position)


def _load(item: _Item, held: _Held, keep_duplicates: bool) -> None:
    """A spooled item's documents back in memory for its output and index entry: the
    single-page one (item.first) and the final one, with its duplicates (item.final,
    None when it is folded into another input's document)."""
    from .model import document_from_bytes

    page = item.page
    if page is None:
        return
    if held.rendered is not None:
        _load_rendered(item, held, keep_duplicates)
        return
    spool = held.spool
    item.blob = spool.get(page.blob)
    item.first = document_from_bytes(item.blob)
    item.template_keys = _template_keys(item.first)
    slim(item.first)
    final = item.first if page.again is None else document_from_bytes(spool.get(page.again))
    slim(final)
    _decided(item, final, keep_duplicates)


def _decided(item: _Item, final, keep_duplicates: bool) -> None:
    """The batch's decision on item.page, given to its first and final documents (or
    Rendered outputs): item.final is None when the page is folded into another input's."""
    page = item.page
    final.duplicates, final.duplicate_of = page.duplicates or [], page.duplicate_of
    item.first.duplicate_of = page.duplicate_of
    item.final = final if page.duplicate_of is None or keep_duplicates else None


def _load_rendered(item: _Item, held: _Held, keep_duplicates: bool) -> None:
    """_load where the workers rendered the outputs: the final one gets its duplicates."""
    page, spool = item.page, held.spool
    item.first = Rendered.from_bytes(spool.get(page.blob))
    final = item.first if page.again is None else Rendered.from_bytes(spool.get(page.again))
    _decided(item, final, keep_duplicates)
    if item.final is not None and (final.duplicates or final.duplicate_of is not None):
        final.content = with_duplicates(final.content, held.rendered, final.duplicates,
                                        final.duplicate_of)  # else: as rendered, never decoded


class Rendered:
    """A page's output as its worker rendered it (Settings.whole_documents), with what the
    batch reads of its document: its input name, the counts a summary adds up
    (extra["chrome_blocks"], repeats_removed, duplicates), extra["warnings"], and
    duplicate_of. Rendered before the batch decided its duplicates: with none.

    Read back from the spool, the content stays UTF-8 bytes (`utf8`) until something asks
    for it as text (`content`): the CLI writes most outputs to standard output as they are
    (a 100k batch decoded and encoded again 0.7 GB of output)."""

    __slots__ = ("input", "_content", "_utf8", "repeats_removed", "extra", "duplicates", "duplicate_of")

    def __init__(self, input: str, content: Optional[str], repeats_removed: int, extra: dict,
                 utf8: Optional[bytes] = None):
        self.input, self.repeats_removed, self.extra = input, repeats_removed, extra
        self._content, self._utf8 = content, utf8  # one of them at least
        self.duplicates: list = []
        self.duplicate_of: Optional[str] = None

    @property
    def content(self) -> str:
        if self._content is None:
            self._content = self._utf8.decode("utf-8", "surrogatepass")
        return self._content

    @content.setter
    def content(self, value: str) -> None:
        self._content, self._utf8 = value, None

    @property
    def utf8(self) -> bytes:
        """The content in UTF-8 (any str: surrogatepass)."""
        if self._utf8 is None:
            self._utf8 = self._content.encode("utf-8", "surrogatepass")
        return self._utf8

    @classmethod
    def of(cls, doc: Document, fmt: str) -> "Rendered":
        """A cleaned document's output (its blocks counted as slim counts them)."""
        chrome = doc.extra.get("chrome_blocks", sum(1 for b in doc.blocks if b.label == CHROME))
        extra = {"chrome_blocks": chrome}
        if isinstance(doc.extra.get("warnings"), str):
            extra["warnings"] = doc.extra["warnings"]
        return cls(doc.input, render(doc, fmt), doc.repeats_removed, extra)

    def to_bytes(self) -> bytes:
        """One line of JSON (input, counts), then the content."""
        head = json.dumps([self.input, self.repeats_removed, self.extra], ensure_ascii=False)
        return head.encode("utf-8", "surrogatepass") + b"\n" + self.utf8

    @classmethod
    def from_bytes(cls, data: bytes) -> "Rendered":
        """to_bytes() read back; the content left in UTF-8 (json.loads reads bytes with
        surrogatepass, as the head was written)."""
        end = data.index(b"\n")
        name, repeats, extra = json.loads(data[:end])
        return cls(name, None, repeats, extra, data[end + 1:])


@contextmanager
def _cleaner(settings: Settings, tasks: int, heap: Freezer) -> Iterator[Callable]:
    """clean(tasks): the tasks' results in order, in this process for one job or one
    task, else in a process pool (used by pass 1 and pass 2), or by settings.cleaner."""
    use_chrome(settings.chrome)
    if settings.cleaner is not None:
        with settings.cleaner(settings, tasks) as clean:
            yield clean
        return
    if settings.jobs <= 1 or tasks <= 1:
        yield lambda todo: map(_clean_task, todo)
        return
    heap.freeze()  # the plan, inherited by the forked workers: their collectors skip it
    pool = Pool(min(settings.jobs, tasks), settings.page_timeout, _clean_task, _timed_out,
                _init_worker, (settings.chrome,))
    try:
        yield pool.map
    finally:  # normally, on an error or on Ctrl-C: the workers are stopped
        pool.close()


def _timed_out(limit: float) -> _Cleaned:
    """What a page that outlived its time limit in the pool gives (not recorded)."""
    return _Cleaned(None, None, too_slow(limit), None)


def _init_worker(chrome: List[str]) -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):  # forked while the parent held them
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {getattr(signal, n) for n in HELD_SIGNALS})
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent owns Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    use_chrome(chrome)


_applied_chrome: set = set()


def use_chrome(patterns: List[str]) -> None:
    """Add the user's chrome patterns (config `chrome`) once per process."""
    from .rules import add_user_chrome

    new = [p for p in patterns if p not in _applied_chrome]
    add_user_chrome(new)
    _applied_chrome.update(new)


def _clean_task(task) -> _Cleaned:
    """Read and clean one input (corpus.clean_bytes) with a site template (pass 2) or none,
    within its time limit. The hash returned is that of the bytes cleaned (None when none
    were: such a failure is not recorded, the next run tries again)."""
    from .corpus import clean_bytes

    source, max_bytes, template, spooled, blob, limit, expect, rendered, verdicts = task
    try:
        data = read_source(source, max_bytes)
    except GovcleanError as exc:
        return _Cleaned(None, None, exc.message, None)
    content_hash = sha256(data)
    if expect is not None and content_hash != expect:
        return _Cleaned(None, None, CHANGED, None)
    try:
        with time_limit(limit):
            first = not template  # corpus mode's pass 1 keeps the verdicts pass 2 may use
            doc, failure = clean_bytes(data, source, template, max_bytes, verdicts,
                                       keep_verdicts=spooled and first)
            if doc is None:
                return _Cleaned(None, None, failure.message, content_hash)
            if not (doc.text or "").strip() and not (doc.title or "").strip():  # output: empty
                return _Cleaned(None, None, NO_TEXT, content_hash)
            return _cleaned(doc, None, content_hash, spooled, blob, rendered, first)
    except PageTimeout:
        return _Cleaned(None, None, too_slow(limit), None)


# An input whose bytes changed between the passes of one run keeps what pass 1 cleaned.
CHANGED = "changed while the batch ran"
# A page that gives a document with no article text and no title (an empty JavaScript
# shell, a frame set): its output would be empty; reported and counted, no output written,
# an input failure (exit 1). A page with a title alone keeps its (one-line) output.
NO_TEXT = "no article text (nothing left after cleaning: a script-only or empty page); no output"


def _cleaned(doc: Document, blob: Optional[bytes], content_hash: Optional[str], spooled: bool,
             want_blob: bool = True, rendered: Optional[str] = None, first: bool = True) -> _Cleaned:
    """Corpus mode: the document as bytes (or, with rendered, its output in that format),
    with its fingerprint, and in pass 1 (first) its survey and, when some template could
    strike one of its lines, its classify verdicts (computed here, in the worker); --dedup
    off: the document itself (and its bytes for the index)."""
    from .model import document_to_bytes

    verdicts = doc.extra.pop("verdicts", None)
    if blob is None and (want_blob or spooled and rendered is None):
        blob = document_to_bytes(doc)
    if not spooled:
        return _Cleaned(doc, blob, None, content_hash)
    from .dedup import Copy, fingerprint
    from .templates import may_strike, survey

    fp = fingerprint(doc.text, [b.text for b in doc.blocks if b.label == BODY])
    output = Rendered.of(doc, rendered).to_bytes() if rendered else None
    surveyed = survey(doc) if first else None  # pass 2: the templates are learned
    if surveyed is None or not may_strike(surveyed):
        verdicts = None
    return _Cleaned(None, blob, None, content_hash, surveyed, Copy.of(doc, fp), fp.shingles,
                    output, verdicts)


# ------------------------------------------------------------------ finish one input


def _finish(item: _Item, settings, summary, recorder, on_progress, on_document) -> None:
    if item.background:
        _finish_background(item, settings, summary, recorder, on_progress)
        return
    summary.inputs += 1
    name = item.source.name
    if item.failure is not None or (item.skip and item.entry.failure is not None):
        failure = item.failure or item.entry.failure
        summary.failures.append(Failure(name, failure))
        summary.no_text += failure == NO_TEXT
        if not item.skip:
            recorder.record(item, settings, failure=failure)
        on_progress(Event("input", input=name, status=FAILED, detail=failure))
        return
    for warning in (item.first.extra.get("warnings") or "").splitlines() if item.first else ():
        summary.warnings.append(Failure(name, warning))  # counted with the files left alone
        on_progress(Event("input", input=name, status=WARNING, detail=warning))
    doc = item.final
    if doc is None:  # folded into another input's document: nothing of its own to write
        _count(item, item.first, summary)
        if not (item.skip and item.entry.output is None):
            recorder.record(item, settings, doc=item.first)
        on_progress(Event("input", input=name, status=UNCHANGED if item.skip else WRITTEN,
                          detail=f"duplicate of {item.first.duplicate_of}"))
        return
    _count(item, doc, summary)
    content = _content(doc, settings, item.output is None)
    if item.output is None:
        if item.skip and not settings.check and not settings.emit_unchanged:
            summary.unchanged += 1
            on_progress(Event("input", input=name, status=UNCHANGED))
            return
        _emit(item, doc, content, settings, summary, recorder, on_progress, on_document)
    else:
        _write(item, content, settings, summary, recorder, on_progress)
    if recorder.index is None:
        return  # nothing to record (no index, or --check): the output's hash is not needed
    output_hash = sha256(content if isinstance(content, bytes) else content.encode("utf-8"))
    if not (item.skip and item.entry.output_hash == output_hash
            and item.entry.output == (recorder.key(item.output) if item.output else None)):
        recorder.record(item, settings, doc=item.first, output_hash=output_hash)


def _content(doc, settings: Settings, to_document: bool):
    """The document's output: for on_document (to_document), a Rendered's as its UTF-8
    bytes (Settings.whole_documents), not decoded; otherwise text."""
    if isinstance(doc, Rendered):
        return doc.utf8 if to_document else doc.content
    return render(doc, settings.fmt)


def _finish_background(item: _Item, settings, summary, recorder, on_progress) -> None:
    """An input not named this run: its output is written again only if the batch changed
    it (a new duplicate listed); folded now, its old output goes (_remove_stale)."""
    doc = item.final
    if doc is None:
        if item.entry.output is not None:
            recorder.record(item, settings, doc=item.first)
        return
    if item.output is None:
        return  # folded before: it gets an output when it is named again
    content = render(doc, settings.fmt)
    output_hash = sha256(content.encode("utf-8"))
    on_disk = _file_hash(item.output)
    if output_hash == item.entry.output_hash and on_disk == output_hash:
        return
    if os.path.lexists(item.output) and on_disk != item.entry.output_hash:
        _warn(summary, on_progress, user_path(item.output), "left alone: not the bytes govclean "
              "wrote there (changed since, or the index is wrong)")
        return
    _write(item, content, settings, summary, recorder, on_progress)
    recorder.record(item, settings, doc=item.first, output_hash=output_hash)


def _count(item: _Item, doc: Document, summary: Summary) -> None:
    """What cleaning this input removed and found; an input skipped as unchanged was not
    cleaned this run, so it adds nothing (a re-run that changed nothing reports zeros)."""
    if item.skip:
        return
    summary.chrome_blocks += doc.extra.get("chrome_blocks", 0)
    summary.repeats_folded += doc.repeats_removed
    summary.duplicates += len(doc.duplicates)


def _emit(item, doc, content, settings, summary, recorder, on_progress, on_document) -> None:
    name = item.source.name
    if settings.check:
        summary.changes.append(f"process {name}")
        on_progress(Event("input", input=name, status=PENDING, detail=f"process {name}"))
        return
    if on_document is not None:
        on_document(doc, content)
    summary.written += 1
    on_progress(Event("input", input=name, status=WRITTEN))


def _write(item: _Item, content: str, settings, summary, recorder, on_progress) -> None:
    name, path = item.source.name, item.output
    if _file_hash(path) == sha256(content.encode("utf-8")):
        summary.unchanged += 1  # already on disk as it would be written
        status, detail = UNCHANGED, path
    elif settings.check:
        change = f"{'change' if os.path.exists(path) else 'create'} {path}"
        summary.changes.append(change)
        status, detail = PENDING, change
    else:
        try:
            atomic_write(path, content, root=settings.output)
        except OutputError as exc:
            exc.written = summary.written  # how far the run got, for the one-line report
            raise
        summary.written += 1
        status, detail = WRITTEN, path
    on_progress(Event("input", input=name, status=status, detail=detail))


def _remove_output(stored: str, recorded_hash: Optional[str], index: Index, settings: Settings,
                   summary: Summary, on_progress, name: str) -> None:
    """Remove an old output the index names, if govclean may (_owned)."""
    path = _owned(stored, recorded_hash, index, settings, summary, on_progress)
    if path is None or not os.path.lexists(path):
        return
    path = user_path(path)
    if settings.check:
        summary.changes.append(f"remove {path}")
        on_progress(Event("input", input=name, status=PENDING, detail=f"remove {path}"))
        return
    os.unlink(path)
    _prune(os.path.dirname(os.path.abspath(path)), os.path.abspath(settings.output))
    summary.removed += 1
    on_progress(Event("input", input=name, status=REMOVED, detail=path))


def _prune(folder: str, root: str) -> None:
    """Remove the folders an output removal left empty, up to (not including) root: the
    output folder is then what a fresh run would make."""
    while folder != root and folder.startswith(root.rstrip(os.sep) + os.sep):
        try:
            os.rmdir(folder)  # only an empty folder goes
        except OSError:
            return
        folder = os.path.dirname(folder)


def _remove_stale(index: Index, items, settings, summary, recorder, on_progress) -> None:
    """Outputs nothing produces any more, removed at the end of a run (never one this run wrote).

    An input whose file is gone has its output removed and is forgotten; an input whose
    output name changed (another format, a name clash) has its old output removed.
    """
    produced = {os.path.abspath(it.output) for it in items if it.output and it.kept}
    for item in items:
        entry = item.entry
        if item.background and item.failure is not None:
            continue  # not what the index says any more: left for a run that names it
        if entry is not None and entry.output and index.resolve(entry.output) not in produced:
            _remove_output(entry.output, entry.output_hash, index, settings, summary,
                           on_progress, item.source.name)
    listed = {index.key(it.source.path) for it in items if it.source.path is not None}
    read = {_archive_key(k) for k in listed}
    gone = [e for e in index.entries() if _gone(index.resolve(e.path), e.path, listed, read, settings)]
    for entry in gone:  # read first, then forgotten: no writes while the entries are read
        if entry.output and index.resolve(entry.output) not in produced:
            _remove_output(entry.output, entry.output_hash, index, settings, summary,
                           on_progress, display_name(user_path(index.resolve(entry.path))))
        recorder.forget(entry.path)  # index bookkeeping: no change to the outputs (--check)


def _gone(path: str, stored: str, listed: set, read: set, settings: Settings) -> bool:
    """An indexed input that no longer exists: a file or object gone, or a record of an
    archive that is gone or was read this run without it (archives.split_name)."""
    if _input_exists(path, settings, os.path.exists):
        return False
    from .archives import split_name

    if split_name(path) is None:
        return True
    return stored not in listed and _archive_key(stored) in read


def _archive_key(stored: str) -> str:
    return stored.split("!/", 1)[0].rsplit("#", 1)[0]


# ------------------------------------------------------------------ the index, in groups


class _Recorder:
    """Index updates in transactions of COMMIT_EVERY inputs; nothing at all under --check."""

    def __init__(self, index: Optional[Index], check: bool):
        self.index = None if check else index
        self.old = index
        self.pending = 0
        self.format_noted = False  # the run's format, kept for remembered_format()

    def __enter__(self) -> "_Recorder":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        db = self.index.db if self.index is not None else None
        if db is not None and db.in_transaction:
            db.execute("ROLLBACK" if exc_type else "COMMIT")

    def key(self, path: str) -> Optional[str]:
        return self.old.key(path) if self.old is not None else None

    def record(self, item: _Item, settings: Settings, *, doc: Optional[Document] = None,
               failure: Optional[str] = None, output_hash: Optional[str] = None) -> None:
        if self.index is None or item.source.path is None or item.content_hash is None \
                or not _storable(item.source.path):
            return  # not indexed: cleaned again by every run
        from .index import Entry

        index = self.index
        entry = Entry(path=index.key(item.source.path), content_hash=item.content_hash,
                      settings=settings.fingerprint(), failure=failure)
        if doc is not None:
            _describe(entry, doc, index, item, output_hash)
        self._begin()
        if not self.format_noted:
            index.set_meta("format", settings.fmt)
            self.format_noted = True
        index.record(entry)
        self._tick()

    def forget(self, stored_path: str) -> None:
        if self.index is None:
            return
        self._begin()
        self.index.forget(stored_path)
        self._tick()

    def _begin(self) -> None:
        if not self.index.db.in_transaction:
            self.index.db.execute("BEGIN IMMEDIATE")

    def _tick(self) -> None:
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.index.db.execute("COMMIT")
            self.pending = 0


def _storable(path: str) -> bool:
    """SQLite keeps text as UTF-8: a path with bytes that are not UTF-8 cannot be a key."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _describe(entry: Entry, doc: Document, index: Index, item: _Item, output_hash: Optional[str]) -> None:
    """What the index keeps of a cleaned document: output, fingerprint, template keys, counts."""
    from .model import document_to_bytes
    from .textutil import body_key

    if item.output is not None:
        entry.output, entry.output_hash = index.key(item.output), output_hash
    body = body_key(doc.text)
    entry.body_hash = sha256(body.encode("utf-8")) if body else None
    entry.site = doc.site_id_code or _host(doc.url) or doc.site
    entry.template_keys = item.template_keys
    counted = item.final or doc  # the summary counts the document as written
    entry.stats = {"chrome_blocks": counted.extra.get("chrome_blocks", 0),
                   "repeats_folded": counted.repeats_removed,
                   "duplicates": len(item.final.duplicates) if item.final is not None else 0}
    entry.document = item.blob or document_to_bytes(doc)


def _host(url: Optional[str]) -> Optional[str]:
    if not url:
        return None
    from urllib.parse import urlparse

    return urlparse(url).hostname

