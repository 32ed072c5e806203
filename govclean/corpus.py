"""Corpus: clean every input of a batch into Documents, failures kept apart."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Tuple

from .errors import GovcleanError
from .inputs import Source, iter_sources, read_source
from .load import DEFAULT_MAX_BYTES
from .model import Document


@dataclass
class Failure:
    input: str
    message: str


@dataclass
class BatchResult:
    documents: List[Document] = field(default_factory=list)
    failures: List[Failure] = field(default_factory=list)


def clean_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Tuple[Optional[Document], Optional[Failure]]:
    from .api import clean_page

    try:
        data = read_source(source, max_bytes)
        doc = clean_page(data, filename=source.name, max_bytes=max_bytes)
    except GovcleanError as exc:
        return None, Failure(source.name, exc.message)
    doc.extra["relative"] = source.relative
    return doc, None


def clean_corpus(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> BatchResult:
    """Clean every input of a batch; a failing input is recorded and the batch goes on."""
    result = BatchResult()
    for source in iter_sources(paths):
        doc, failure = clean_source(source, max_bytes)
        if doc is not None:
            result.documents.append(doc)
        else:
            result.failures.append(failure)
    return result
