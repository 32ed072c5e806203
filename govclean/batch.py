"""Batch: a run over many inputs (process pool, index-backed incremental runs, safe writes, --check)."""
from __future__ import annotations

import hashlib
import json
import os
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence

from . import __version__
from .errors import GovcleanError, OutputError
from .index import DEFAULT_INDEX, Entry, Index, open_index
from .inputs import Source, read_source
from .load import DEFAULT_MAX_BYTES
from .model import BODY, CHROME, Document
from .spool import Ref, Spool
from .storage import is_url
from .report import (FAILED, PENDING, REMOVED, UNCHANGED, WRITTEN, Event, Failure, OnProgress,
                     Summary, no_progress)
from .write import atomic_write, names_for, render

# Index rows are committed in groups of this many inputs: one transaction per input costs a
# disk sync each (seconds over thousands of pages), while an interrupted group is only
# redone by the next run (its outputs are already whole on disk).
COMMIT_EVERY = 64
# Longest chrome block kept as a site-template key (characters): template lines (menus,
# footers) are short; longer blocks would only bloat the index.
TEMPLATE_KEY_MAX = 200

OnDocument = Callable[[Document, str], None]


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
    # clean(settings, tasks) -> a context giving clean(todo): the engine that runs the
    # per-page tasks (_clean_task) in order; None: this process or a local process pool.
    cleaner: Optional[Callable] = None
    near: Optional[Callable] = None  # dedup.near_leaders' stages run by an engine; None: here
    # Every final document goes to on_document, unchanged ones too (a Parquet dataset is
    # written whole each run; the index still spares the cleaning of unchanged inputs).
    emit_unchanged: bool = False
    storage: Optional[dict] = None  # fsspec options for inputs that are URLs (storage.py)

    def index_path(self) -> Optional[str]:
        if not self.use_index:
            return None
        if self.index:
            return self.index
        return os.path.join(self.output, DEFAULT_INDEX) if self.output else None

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
    first: Optional[Document] = None  # the single-page document (cleaned now, or cached)
    final: Optional[Document] = None  # after site templates; None when folded into another
    kept: bool = False  # it has an output of its own (not folded into another input's)
    background: bool = False  # indexed before, not named this run (see _background)
    page: Optional["_Spooled"] = None  # corpus mode: what is held until the batch is decided
    template_keys: List[str] = field(default_factory=list)  # its chrome lines, for the index
    blob: Optional[bytes] = None  # its single-page document as the index keeps it


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
              on_document: Optional[OnDocument] = None) -> Summary:
    """Clean every input, fold the batch's duplicates, write, report.

    Inputs the index knows unchanged are not cleaned again: their single-page documents
    come from the index, and take part in site templates and deduplication like new ones,
    so a run's outputs are always those of a run from scratch."""
    summary = Summary()
    path = settings.index_path()
    # --check writes nothing, not even a new index: without one it compares with the disk
    use = path and (not settings.check or os.path.exists(path))
    index = open_index(path) if use else None
    try:
        items = _plan(sources, settings, index)
        if index is not None and settings.output and settings.dedup != "off":
            items += _background(items, settings, index)
        if _nothing_changed(items, index, settings):
            return _report_unchanged(items, summary, on_progress)
        todo = sum(1 for it in items if not it.skip and it.failure is None)
        with _cleaner(settings, todo) as clean:  # workers start before any progress thread
            on_progress(Event("start", total=len(items)))
            with _Recorder(index, settings.check) as recorder:
                for item in _final_documents(items, clean, settings, index, on_progress):
                    _finish(item, settings, summary, recorder, on_progress, on_document)
                if index is not None:
                    _remove_stale(index, items, settings, summary, recorder, on_progress)
    finally:
        if index is not None:
            index.close()
    on_progress(Event("end"))
    return summary


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
        summary.inputs += 1
        stats = item.entry.stats
        summary.chrome_blocks += stats.get("chrome_blocks", 0)
        summary.repeats_folded += stats.get("repeats_folded", 0)
        summary.duplicates += stats.get("duplicates", 0)
        if item.entry.failure is not None:
            summary.failures.append(Failure(item.source.name, item.entry.failure))
            on_progress(Event("input", input=item.source.name, status=FAILED, detail=item.entry.failure))
        else:
            summary.unchanged += 1
            on_progress(Event("input", input=item.source.name, status=UNCHANGED))
    on_progress(Event("end"))
    return summary


# ------------------------------------------------------------------ plan


def _plan(sources: Sequence[Source], settings: Settings, index: Optional[Index]) -> List[_Item]:
    """Hash every input and decide which ones the index allows to skip."""
    sources = list(sources)
    items = []
    for i, (source, out) in enumerate(zip(sources, output_paths(sources, settings))):
        item = _Item(i, source, out)
        if index is not None and source.path is not None:
            try:
                item.content_hash = sha256(read_source(source, settings.max_bytes))
            except GovcleanError as exc:
                item.failure = exc.message
            item.entry = index.get(source.path) if _storable(source.path) else None
            item.skip = item.failure is None and _unchanged(item, settings, index) \
                and (item.entry.failure is not None or item.entry.has_document)
        items.append(item)
    return items


def _background(items: List[_Item], settings: Settings, index: Index) -> List[_Item]:
    """Indexed inputs not named this time (a pre-commit hook names only what a commit
    adds): their documents come from the index and take part in the batch's templates
    and duplicates, so a new page is folded into an article indexed before, and an output
    whose duplicates change is written again."""
    from .inputs import display_name

    named = {index.key(it.source.path) for it in items if it.source.path and _storable(it.source.path)}
    out = []
    for entry in index.entries():
        path = index.resolve(entry.path)
        if entry.path in named or entry.failure is not None or not entry.has_document \
                or entry.settings != settings.fingerprint() or not _input_exists(path, settings):
            continue
        output = index.resolve(entry.output) if entry.output else None
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
    try:
        with open(path, "rb") as fh:
            return sha256(fh.read())
    except OSError:
        return None


# ------------------------------------------------------------------ clean (pool or in process)


class _Cleaned(NamedTuple):
    """One input cleaned by a worker. Corpus mode gets what it spools (the document as
    bytes, its survey and fingerprint), so that the parent only files them away."""

    doc: Optional[Document]
    blob: Optional[bytes]  # model.document_to_bytes(doc), the form the index and spool keep
    failure: Optional[str]
    content_hash: Optional[str]
    survey: Optional[object] = None  # templates.Survey
    copy: Optional[object] = None  # dedup.Copy: its body's fingerprint and canonical rank
    shingles: Optional[np.ndarray] = None  # its body's shingle set


def _final_documents(items: List[_Item], clean: Callable, settings: Settings, index: Optional[Index],
                     on_progress: OnProgress) -> Iterator[_Item]:
    """The items with their final documents, in input order whatever the job count.

    With --dedup off every page stands alone and goes out as soon as it is cleaned; in
    corpus mode a document is final once the whole batch is known (templates, duplicates),
    so until then pages wait in a spool file and memory holds their fingerprints."""
    index_wanted = settings.index_path() is not None
    # one input and no index: no site template or duplicate to decide, so the page goes out
    # as with --dedup off (the same bytes), without fingerprints, spool or numpy
    alone = settings.dedup == "off" or index is None and len(items) < 2
    todo = [_task(it.source, settings, spooled=not alone, blob=index_wanted)
            for it in items if not it.skip and it.failure is None]
    if alone:
        for item in _first_pass(items, clean(todo), settings, index, on_progress):
            item.final = item.first
            yield item
            _release(item)  # written: memory stays flat however long the batch
        return
    with Spool() as spool:
        for _ in _first_pass(items, clean(todo), settings, index, on_progress, spool):
            pass
        _corpus_stage(items, settings, clean, spool)
        for item in items:
            _load(item, spool, settings.keep_duplicates)
            yield item
            _release(item)


def _task(source: Source, settings: Settings, template: FrozenSet[int] = frozenset(), *,
          spooled: bool, blob: bool) -> tuple:
    return (source, settings.max_bytes, template, spooled, blob)


def _release(item: _Item) -> None:
    """A finished item keeps only whether it had an output of its own."""
    item.kept = item.final is not None
    item.first = item.final = item.blob = item.page = None
    item.template_keys = []


def _first_pass(items: List[_Item], cleaned: Iterator, settings: Settings, index: Optional[Index],
                on_progress: OnProgress, spool: Optional[Spool] = None) -> Iterator[_Item]:
    """Each input's single-page document (cleaned now, or cached in the index): kept on the
    item (--dedup off), or spooled with its survey and fingerprint (corpus mode)."""
    for item in items:
        got = None
        if not item.skip and item.failure is None:
            got = next(cleaned)
        elif item.skip and item.entry.failure is None:
            got = _from_index(item, settings, index, spool is not None)
        if got is not None:
            item.content_hash = got.content_hash or item.content_hash
            item.failure = got.failure
        if got is not None and got.failure is None:
            if spool is None:
                item.first, item.blob = got.doc, got.blob
                item.template_keys = _template_keys(item.first)
                slim(item.first)
            else:
                item.page = _Spooled(spool.put(got.blob), got.survey, got.copy,
                                     spool.put(got.shingles.tobytes()))
        on_progress(Event("cleaned", input=item.source.name))
        yield item


def _from_index(item: _Item, settings: Settings, index: Index, spooled: bool) -> _Cleaned:
    """A skipped input's single-page document from the index; a damaged copy (or one the
    index lost) means the input is cleaned again."""
    from .model import document_from_bytes

    blob = index.document(item.entry.path)
    try:
        doc = document_from_bytes(blob) if blob else None
    except (ValueError, TypeError, KeyError, zlib.error):
        doc = None
    if doc is None:
        item.skip = False
        return _clean_task(_task(item.source, settings, spooled=spooled, blob=True))
    return _cleaned(doc, blob, None, spooled)


def _template_keys(doc: Document) -> List[str]:
    """The chrome lines a document counts towards its site's template (index only)."""
    from .textutil import key

    return sorted({key(b.text) for b in doc.blocks
                   if b.label == CHROME and 0 < len(b.text) <= TEMPLATE_KEY_MAX} - {""})


def slim(doc: Document) -> None:
    """Keep a document's body blocks only, with its chrome count for the run summary."""
    doc.extra.setdefault("chrome_blocks", sum(1 for b in doc.blocks if b.label == CHROME))
    doc.blocks = [b for b in doc.blocks if b.label == BODY]


class _Spooled:
    """What corpus mode holds in memory of one input until the batch is decided: where
    its documents and shingles are in the spool, its survey and its dedup.Copy."""

    __slots__ = ("blob", "survey", "copy", "shingles", "again", "duplicates", "duplicate_of")
    blob: Ref  # its single-page document, as the index keeps it
    survey: Optional[object]  # templates.Survey, until the site templates are learned
    copy: object  # dedup.Copy of its current body (pass 1, then pass 2)
    shingles: Ref  # its current body's shingle set
    again: Optional[Ref]  # its document cleaned again with its site's template (pass 2)
    duplicates: list  # dedup.Duplicate entries, when it is a canonical copy
    duplicate_of: Optional[str]

    def __init__(self, blob: Ref, survey, copy, shingles: Ref):
        self.blob, self.survey, self.copy, self.shingles = blob, survey, copy, shingles
        self.again, self.duplicates, self.duplicate_of = None, [], None


def _corpus_stage(items: List[_Item], settings: Settings, clean: Callable, spool: Spool) -> None:
    """Site templates (text dumps cleaned again with them), then duplicates decided: the
    stages of corpus.clean_corpus, over spooled pages."""
    import numpy as np

    from . import corpus, dedup

    live = [it for it in items if it.page is not None]
    pages = [it.page for it in live]
    shingles = lambda i: np.frombuffer(spool.get(pages[i].shingles), dtype=np.uint32)
    templates = corpus.learn_site_templates([p.survey for p in pages], [p.copy for p in pages],
                                            shingles, settings.threshold, settings.near)
    _second_pass(live, templates, settings, clean, spool)
    copies = [p.copy for p in pages]
    leader = dedup.cluster_copies(copies, shingles, settings.dedup, settings.threshold, settings.near)
    for canon, sims in dedup.decide(copies, leader, shingles, settings.threshold).items():
        pages[canon].duplicates = dedup.duplicates(copies, canon, sims)
        for i in sims:
            pages[i].duplicate_of = copies[canon].input


def _second_pass(live: List[_Item], templates, settings: Settings, clean: Callable, spool: Spool) -> None:
    """Pass 2, in the pool: text dumps that hold their site's template lines, cleaned again."""
    from .corpus import needs_second_pass

    again = [(it, t) for it, t in zip(live, templates)
             if it.source.path is not None and needs_second_pass(it.page.survey, t)]
    for it in live:
        it.page.survey = None  # learned: let the surveys go
    tasks = [_task(it.source, settings, t, spooled=True, blob=True) for it, t in again]
    for (it, _), got in zip(again, clean(tasks)):
        if got.failure is None:  # an input that changed since pass 1 keeps pass 1
            it.page.again = spool.put(got.blob)
            it.page.copy, it.page.shingles = got.copy, spool.put(got.shingles.tobytes())


def _load(item: _Item, spool: Spool, keep_duplicates: bool) -> None:
    """A spooled item's documents back in memory for its output and index entry: the
    single-page one (item.first) and the final one, with its duplicates (item.final,
    None when it is folded into another input's document)."""
    from .model import document_from_bytes

    page = item.page
    if page is None:
        return
    item.blob = spool.get(page.blob)
    item.first = document_from_bytes(item.blob)
    item.template_keys = _template_keys(item.first)
    slim(item.first)
    final = item.first if page.again is None else document_from_bytes(spool.get(page.again))
    slim(final)
    final.duplicates, final.duplicate_of = page.duplicates, page.duplicate_of
    item.first.duplicate_of = page.duplicate_of
    item.final = final if page.duplicate_of is None or keep_duplicates else None


@contextmanager
def _cleaner(settings: Settings, tasks: int) -> Iterator[Callable]:
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
    import multiprocessing

    jobs = min(settings.jobs, tasks)
    with _signals_held():  # a Ctrl-C inside Pool() would leave started workers behind
        pool = multiprocessing.Pool(jobs, initializer=_init_worker, initargs=(settings.chrome,))
    with pool:
        # chunks small enough to keep every worker busy to the end, large enough to cut IPC
        yield lambda todo: pool.imap(_clean_task, todo, chunksize=max(1, min(16, len(todo) // (jobs * 8))))
    # leaving the with block (normally, on an error or on Ctrl-C) terminates the workers


_HELD_SIGNALS = ("SIGINT", "SIGTERM")


@contextmanager
def _signals_held() -> Iterator[None]:
    """Delay Ctrl-C and SIGTERM (delivered on leaving) where they cannot be handled cleanly."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {getattr(signal, name) for name in _HELD_SIGNALS}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _init_worker(chrome: List[str]) -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):  # forked while the parent held them
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {getattr(signal, n) for n in _HELD_SIGNALS})
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
    """Read and clean one input (corpus.clean_bytes) with a site template (pass 2) or none."""
    from .corpus import clean_bytes

    source, max_bytes, template, spooled, blob = task
    try:
        data = read_source(source, max_bytes)
    except GovcleanError as exc:
        return _Cleaned(None, None, exc.message, None)
    doc, failure = clean_bytes(data, source, template, max_bytes=max_bytes)
    if doc is None:
        return _Cleaned(None, None, failure.message, None)
    return _cleaned(doc, None, sha256(data), spooled, blob)


def _cleaned(doc: Document, blob: Optional[bytes], content_hash: Optional[str], spooled: bool,
             want_blob: bool = True) -> _Cleaned:
    """Corpus mode: the document as bytes, with its survey and fingerprint (computed here,
    in the worker); --dedup off: the document itself (and its bytes for the index)."""
    from .model import document_to_bytes

    if blob is None and (spooled or want_blob):
        blob = document_to_bytes(doc)
    if not spooled:
        return _Cleaned(doc, blob, None, content_hash)
    from .dedup import Copy, fingerprint
    from .templates import survey

    fp = fingerprint(doc.text)
    return _Cleaned(None, blob, None, content_hash, survey(doc), Copy.of(doc, fp), fp.shingles)


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
        if not item.skip:
            recorder.record(item, settings, failure=failure)
        on_progress(Event("input", input=name, status=FAILED, detail=failure))
        return
    doc = item.final
    if doc is None:  # folded into another input's document: nothing of its own to write
        _count(item.first, summary)
        if not (item.skip and item.entry.output is None):
            recorder.record(item, settings, doc=item.first)
        on_progress(Event("input", input=name, status=UNCHANGED if item.skip else WRITTEN,
                          detail=f"duplicate of {item.first.duplicate_of}"))
        return
    _count(doc, summary)
    content = render(doc, settings.fmt)
    if item.output is None:
        if item.skip and not settings.check and not settings.emit_unchanged:
            summary.unchanged += 1
            on_progress(Event("input", input=name, status=UNCHANGED))
            return
        _emit(item, doc, content, settings, summary, recorder, on_progress, on_document)
    else:
        _write(item, content, settings, summary, recorder, on_progress)
    output_hash = sha256(content.encode("utf-8"))
    if not (item.skip and item.entry.output_hash == output_hash
            and item.entry.output == (recorder.key(item.output) if item.output else None)):
        recorder.record(item, settings, doc=item.first, output_hash=output_hash)


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
    if output_hash == item.entry.output_hash and _file_hash(item.output) == output_hash:
        return
    _write(item, content, settings, summary, recorder, on_progress)
    recorder.record(item, settings, doc=item.first, output_hash=output_hash)


def _count(doc: Document, summary: Summary) -> None:
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


def _remove_output(path: str, settings: Settings, summary: Summary, on_progress, name: str) -> None:
    if not os.path.exists(path):
        return
    path = _shown(path)
    if settings.check:
        summary.changes.append(f"remove {path}")
        on_progress(Event("input", input=name, status=PENDING, detail=f"remove {path}"))
        return
    os.unlink(path)
    summary.removed += 1
    on_progress(Event("input", input=name, status=REMOVED, detail=path))


def _shown(path: str) -> str:
    """A path as the user would write it: relative to the working folder when below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def _remove_stale(index: Index, items, settings, summary, recorder, on_progress) -> None:
    """Outputs nothing produces any more, removed at the end of a run (never one this run wrote).

    An input whose file is gone has its output removed and is forgotten; an input whose
    output name changed (another format, a name clash) has its old output removed.
    """
    produced = {os.path.abspath(it.output) for it in items if it.output and it.kept}
    for item in items:
        old = recorder.old_output(item)
        if old and os.path.abspath(old) not in produced:
            _remove_output(old, settings, summary, on_progress, item.source.name)
    gone = [e for e in index.entries() if not _input_exists(index.resolve(e.path), settings, os.path.exists)]
    for entry in gone:  # read first, then forgotten: no writes while the entries are read
        input_path = index.resolve(entry.path)
        if entry.output and index.resolve(entry.output) not in produced:
            _remove_output(index.resolve(entry.output), settings, summary, on_progress, input_path)
        elif settings.check:
            summary.changes.append(f"forget {_shown(input_path)}")
        recorder.forget(entry.path)


# ------------------------------------------------------------------ the index, in groups


class _Recorder:
    """Index updates in transactions of COMMIT_EVERY inputs; nothing at all under --check."""

    def __init__(self, index: Optional[Index], check: bool):
        self.index = None if check else index
        self.old = index
        self.pending = 0

    def __enter__(self) -> "_Recorder":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        db = self.index.db if self.index is not None else None
        if db is not None and db.in_transaction:
            db.execute("ROLLBACK" if exc_type else "COMMIT")

    def key(self, path: str) -> Optional[str]:
        return self.old.key(path) if self.old is not None else None

    def old_output(self, item: _Item) -> Optional[str]:
        if self.old is None or item.entry is None or not item.entry.output:
            return None
        return self.old.resolve(item.entry.output)

    def record(self, item: _Item, settings: Settings, *, doc: Optional[Document] = None,
               failure: Optional[str] = None, output_hash: Optional[str] = None) -> None:
        if self.index is None or item.source.path is None or item.content_hash is None \
                or not _storable(item.source.path):
            return  # not indexed: cleaned again by every run
        index = self.index
        entry = Entry(path=index.key(item.source.path), content_hash=item.content_hash,
                      settings=settings.fingerprint(), failure=failure)
        if doc is not None:
            _describe(entry, doc, index, item, output_hash)
        self._begin()
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
    from .textutil import key

    if item.output is not None:
        entry.output, entry.output_hash = index.key(item.output), output_hash
    body = key(doc.text)
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

