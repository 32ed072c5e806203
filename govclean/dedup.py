"""Dedup: body fingerprints (exact hash, MinHash LSH), clusters and one canonical per cluster."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

from .model import Document, Duplicate
from .textutil import key

EXACT = "exact"
NEAR = "near"
OFF = "off"
MODES = (NEAR, EXACT, OFF)

# Character shingles of this many characters of the comparison form (textutil.key: no
# spaces, no punctuation), so Chinese without word breaks and English work alike. Measured
# on ../shared/corpus (true pairs vs each page's most similar non-pair): 5 keeps the
# non-pairs of one site (shared phrases, same-topic press conferences) at or below 0.45
# while the html/text-dump pairs stay above 0.7; 3 lifted non-pairs to 0.6, 8 cut pairs.
SHINGLE_SIZE = 5
# Merge two bodies when the Jaccard similarity of their shingle sets is at least this.
# Chosen on the corpus (see README "Corpus mode"): true pairs sit at 0.62-1.0, the most
# similar different articles at most 0.45 (two 外交部 press conferences of the same week).
DEFAULT_THRESHOLD = 0.6
# The LSH index proposes candidates this far below the threshold, so that the MinHash
# estimate's error (about 1/sqrt(NUM_PERM) = 0.09) costs no recall; each candidate's true
# Jaccard is computed before anything is merged.
LSH_MARGIN = 0.15
NUM_PERM = 128
# Bodies shorter than this (characters of the comparison form) are never merged: an empty
# body or a one-line "page not found" is not evidence that two pages hold one article.
MIN_BODY_CHARS = 50
# Metadata fields whose presence makes a copy a better canonical choice.
METADATA_FIELDS = ("url", "title", "published", "source", "author", "site", "site_id_code",
                   "section")


@dataclass
class Fingerprint:
    """What dedup knows of one body: its comparison form, exact hash and shingle set."""

    norm: str
    digest: str
    shingles: Set[str] = field(default_factory=set)


def fingerprint(text: str) -> Fingerprint:
    norm = key(text)
    return Fingerprint(norm=norm, digest=hashlib.sha1(norm.encode("utf-8")).hexdigest(),
                       shingles=shingle_set(norm))


def shingle_set(norm: str, size: int = SHINGLE_SIZE) -> Set[str]:
    if len(norm) <= size:
        return {norm} if norm else set()
    return {norm[i:i + size] for i in range(len(norm) - size + 1)}


def jaccard(a: Set[str], b: Set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def canonical_rank(doc: Document) -> Tuple:
    """Sort key of the canonical rule: most metadata, longest body, earliest date, path."""
    filled = sum(1 for name in METADATA_FIELDS if getattr(doc, name))
    published = doc.published or "9999"
    return (-filled, -len(key(doc.text)), published, doc.input)


def cluster(docs: Sequence[Document], mode: str = NEAR,
            threshold: float = DEFAULT_THRESHOLD) -> List[int]:
    """For each document, the index of its cluster's canonical document (itself if canonical).

    Identical bodies join at once (exact hash); the others join the most similar canonical
    before them in canonical order (leader clustering), so every duplicate is verified
    against its own canonical and the answer does not depend on the order of the inputs.
    """
    order = sorted(range(len(docs)), key=lambda i: canonical_rank(docs[i]))
    leader = list(range(len(docs)))
    if mode == OFF:
        return leader
    index = LeaderIndex(threshold, order) if mode == NEAR else None
    by_digest: Dict[str, int] = {}
    for i in order:
        fp = fingerprint(docs[i].text)
        if len(fp.norm) < MIN_BODY_CHARS:
            continue
        if fp.digest in by_digest:
            leader[i] = leader[by_digest[fp.digest]]
            continue
        by_digest[fp.digest] = i
        if index is not None:
            leader[i] = index.join(i, fp.shingles)
    return leader


def leader_cluster(sets: Sequence[Set[str]], order: Sequence[int], threshold: float) -> List[int]:
    """Each set's leader: the most similar earlier leader (Jaccard >= threshold), or itself."""
    leader = list(range(len(sets)))
    index = LeaderIndex(threshold, order)
    for i in order:
        if sets[i]:
            leader[i] = index.join(i, sets[i])
    return leader


class LeaderIndex:
    """Leaders in a MinHash LSH index; a newcomer joins its best verified leader or leads.

    Only leaders are indexed and every candidate's true Jaccard is computed, so the work
    grows with the number of documents times the few leaders each one resembles.
    """

    def __init__(self, threshold: float, order: Sequence[int]):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.rank = {i: r for r, i in enumerate(order)}  # ties go to the earlier leader
        self.lsh = MinHashLSH(threshold=max(0.05, threshold - LSH_MARGIN), num_perm=NUM_PERM)
        self.sets: Dict[int, Set[str]] = {}

    def join(self, i: int, items: Set[str]) -> int:
        from datasketch import MinHash

        sketch = MinHash(num_perm=NUM_PERM)
        sketch.update_batch([s.encode("utf-8") for s in items])
        best, best_sim = i, self.threshold
        for j in sorted(self.lsh.query(sketch), key=self.rank.__getitem__):
            sim = jaccard(items, self.sets[j])
            if sim > best_sim or (sim == best_sim and best == i):
                best, best_sim = j, sim
        if best == i:
            self.lsh.insert(i, sketch)
            self.sets[i] = items
        return best


def fold_duplicates(docs: Sequence[Document], leader: Sequence[int],
                    keep_duplicates: bool = False) -> List[Document]:
    """Canonical documents list their duplicates; the duplicates are dropped or marked."""
    out: List[Document] = []
    members: Dict[int, List[int]] = {}
    for i, j in enumerate(leader):
        if i != j:
            members.setdefault(j, []).append(i)
    for j, dups in members.items():
        canon = docs[j]
        canon_fp = fingerprint(canon.text)
        for i in sorted(dups, key=lambda i: docs[i].input):
            fp = fingerprint(docs[i].text)
            exact = fp.digest == canon_fp.digest
            sim = 1.0 if exact else round(jaccard(fp.shingles, canon_fp.shingles), 4)
            canon.duplicates.append(Duplicate(input=docs[i].input, url=docs[i].url,
                                              kind=EXACT if exact else NEAR, similarity=sim))
            docs[i].duplicate_of = canon.input
    for i, doc in enumerate(docs):
        if leader[i] == i or keep_duplicates:
            out.append(doc)
    return out
