"""Corpus: clean a batch in two passes (site templates, then classify) and fold duplicates."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

from .errors import GovcleanError
from .inputs import Source, iter_sources, read_source
from .load import DEFAULT_MAX_BYTES
from .model import TEXT, Document, slim

# dedup and templates (and numpy with them) are imported where they are used: one page
# through the CLI needs clean_bytes only, and numpy alone doubles its start-up time.
NEAR = "near"  # = dedup.NEAR; a test checks they agree
DEFAULT_THRESHOLD = 0.5  # = dedup.DEFAULT_THRESHOLD

NO_TEMPLATE: FrozenSet[int] = frozenset()
# Pages a learned site template is applied to. HTML keeps its structure (nav, header,
# footer, link density), which single-page classification reads already; a template of
# block texts would also strike body headings that repeat a menu item ("Housing" in a
# USA.gov article and in its menu): measured on ../shared/corpus en-gov, body F1 0.840
# single-page vs 0.834 with templates. Text dumps have lost that structure: en-gov-txt
# rises from 0.884 to 0.930.
TEMPLATE_KINDS = (TEXT,)


@dataclass
class Failure:
    input: str
    message: str


@dataclass
class BatchResult:
    documents: List[Document] = field(default_factory=list)
    failures: List[Failure] = field(default_factory=list)


@dataclass
class FirstPass:
    """Pass 1 over one input: its single-page Document and what it tells about its site."""

    source: Source
    doc: Document
    survey: Survey
    data: Optional[bytes] = None  # kept only for standard input, which cannot be read twice
    verdicts: Optional[bytes] = None  # classify's, when a template could strike a line (pass 2)


def clean_corpus(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 dedup_mode: str = NEAR, threshold: float = DEFAULT_THRESHOLD,
                 keep_duplicates: bool = False, keep_blocks: bool = False) -> BatchResult:
    """Clean every input of a batch; a failing input is recorded and the batch goes on.

    segment_all -> learn_site_templates -> classify_all -> deduplicate; the result is
    in input-path order and does not depend on the order the inputs were given in.

    The documents hold what the JSON contract holds (text, metadata, duplicates) and no
    blocks: `blocks` is empty and `extra["chrome_blocks"]` counts the chrome blocks
    removed. `keep_blocks=True` keeps every block (labels and reasons as `clean_page`
    gives them; Markdown is rendered from the body blocks, so `render(doc, "markdown")`
    writes headings, lists and tables as `govclean clean -f markdown` does; without
    blocks it writes the text's paragraphs), at a cost in memory (whole documents were
    about 19 kB a page on the generated pages of benchmarks/memory_stream.py; see
    docs/dedup.md). The shingle sets deduplication compares wait in a temporary file (as in
    `govclean clean`), so memory holds the documents and a small fingerprint of each.
    """
    from . import dedup
    from .spool import Spool

    sources = sorted((s for s in iter_sources(paths) if s.skipped is None), key=lambda s: s.name)
    with Spool() as spool:
        first, failures = segment_all(sources, max_bytes, keep_blocks)
        prints = dedup.Prints(spool)  # both passes look at the same bodies
        copies, shingles = prints.copies([f.doc for f in first])
        templates = learn_site_templates([f.survey for f in first], copies, shingles, threshold)
        docs = classify_all(first, templates, max_bytes, keep_blocks)
        del first  # pass 1's documents of pages cleaned again go
        docs = deduplicate(docs, dedup_mode, threshold, keep_duplicates, prints)
    return BatchResult(documents=docs, failures=failures)


def segment_all(sources: Sequence[Source], max_bytes: int,
                keep_blocks: bool = True) -> Tuple[List[FirstPass], List[Failure]]:
    """Pass 1: clean every page on its own and survey its blocks (then, unless
    keep_blocks, let its blocks go: _lean)."""
    from .templates import may_strike, survey

    first, failures = [], []
    for source in sources:
        try:
            data = read_source(source, max_bytes)
        except GovcleanError as exc:
            failures.append(Failure(source.name, exc.message))
            continue
        doc, failure = clean_bytes(data, source, NO_TEMPLATE, max_bytes, keep_verdicts=True)
        if doc is None:
            failures.append(failure)
        else:
            kept = data if source.path is None else None
            verdicts = doc.extra.pop("verdicts", None)
            surveyed = survey(doc)
            verdicts = verdicts if may_strike(surveyed) else None
            first.append(FirstPass(source, doc if keep_blocks else _lean(doc), surveyed, kept, verdicts))
    return first, failures


def _lean(doc: Document) -> Document:
    """A document without its blocks (their text is in doc.text), the chrome counted."""
    slim(doc).blocks = []
    return doc


def learn_site_templates(surveys: Sequence[Survey], copies: Sequence[dedup.Copy],
                         shingles: dedup.Shingles, threshold: float, near=None) -> List[FrozenSet[int]]:
    """Each page's site template; pages of one article (by their pass-1 bodies) count once."""
    from . import dedup
    from .templates import learn_templates

    articles = dedup.cluster_copies(copies, shingles, dedup.NEAR, threshold, near)  # whatever the output mode
    return learn_templates(surveys, articles)


def needs_second_pass(page: Survey, template: FrozenSet[int]) -> bool:
    """A page is cleaned again with its site's template when it is of a TEMPLATE_KINDS kind
    and the template may strike one of its body blocks (templates.template_strikes)."""
    from .templates import template_strikes

    return page.kind in TEMPLATE_KINDS and template_strikes(page, template)


def classify_all(first: Sequence[FirstPass], templates: Sequence[FrozenSet[int]],
                 max_bytes: int, keep_blocks: bool = True) -> List[Document]:
    """Pass 2: re-clean the pages that hold template blocks (from their pass-1 verdicts);
    the others keep their pass 1."""
    docs = []
    for f, template in zip(first, templates):
        doc = f.doc
        if needs_second_pass(f.survey, template):
            if f.data is not None:
                again, _ = clean_bytes(f.data, f.source, template, max_bytes, f.verdicts)
            else:
                again, _ = clean_source(f.source, template, max_bytes, f.verdicts)
            if again is not None:
                doc = again if keep_blocks else _lean(again)
        docs.append(doc)
    return docs


def deduplicate(docs: List[Document], mode: str, threshold: float, keep_duplicates: bool,
                prints: Optional[dedup.Prints] = None) -> List[Document]:
    from . import dedup

    leader = dedup.cluster(docs, mode, threshold, prints)
    return dedup.fold_duplicates(docs, leader, threshold, keep_duplicates, prints)


def clean_source(source: Source, template: FrozenSet[int] = NO_TEMPLATE,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 verdicts: Optional[bytes] = None) -> Tuple[Optional[Document], Optional[Failure]]:
    """Read one input and clean it with what is known of its site's template (and of its
    classification: verdicts, as clean_page takes them)."""
    try:
        data = read_source(source, max_bytes)
    except GovcleanError as exc:
        return None, Failure(source.name, exc.message)
    return clean_bytes(data, source, template, max_bytes, verdicts)


def clean_bytes(data: bytes, source: Source, template: FrozenSet[int] = NO_TEMPLATE,
                max_bytes: int = DEFAULT_MAX_BYTES, verdicts: Optional[bytes] = None,
                keep_verdicts: bool = False) -> Tuple[Optional[Document], Optional[Failure]]:
    """The per-input work, pure: (bytes, template knowledge) -> Document or Failure.
    verdicts, keep_verdicts: as clean_page takes them (pass 2 starts from pass 1's)."""
    from .api import clean_page

    member = source.member  # a page inside an archive: what its record says wins
    try:
        doc = clean_page(data, filename=source.input_name, template=template or None,
                         max_bytes=max_bytes, url=getattr(member, "url", None),
                         captured=getattr(member, "captured", None),
                         http_charset=getattr(member, "charset", None),
                         verdicts=verdicts, keep_verdicts=keep_verdicts)
    except GovcleanError as exc:
        return None, Failure(source.name, exc.message)
    if member is not None and member.title and not doc.title:
        doc.title = member.title  # WACZ pages.jsonl
    doc.extra["relative"] = source.relative
    return doc, None
