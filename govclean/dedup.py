"""Dedup: body fingerprints (exact hash, MinHash LSH), clusters and one canonical per cluster."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .model import Document, Duplicate
from .textutil import key

EXACT = "exact"
NEAR = "near"
OFF = "off"
MODES = (NEAR, EXACT, OFF)

# Character shingles of this many characters of the comparison form (textutil.key: no
# spaces, no punctuation), so Chinese without word breaks and English work alike. Measured
# on ../shared/corpus: with 5, different articles of one site (USA.gov pages on one topic,
# 外交部 answers built from the same stock phrases) stay at Jaccard 0.42 or below while
# copies of one article stay above 0.5; 3-character shingles lift the different articles
# above 0.6 (common words), 8 split copies that differ in a few characters per line.
SHINGLE_SIZE = 5
# Merge two bodies whose similarity (below) is at least this. Measured on the corpus: the
# most similar different articles are two 外交部 answers on the same kind of incident
# (Jaccard 0.42, mfa-txt) and two USA.gov dumps on related topics (0.36); the least similar
# copies of one article are a re-save whose extraction differs by a long block (0.51).
DEFAULT_THRESHOLD = 0.5
# A body that holds this share of a shorter body's shingles holds that body whole: the same
# article extracted with more around it (an HTML page whose extractor lost the tail and the
# text dump of it, 0.95-1.0). Different articles reach 0.77 (a one-question statement
# answered again inside a long press conference), so 0.85 sits between.
CONTAINED_SHARE = 0.85
# The LSH index proposes bodies down to this Jaccard similarity, low enough for a body
# contained whole in one three times its size (Jaccard 0.29 on the corpus) to be proposed
# with 90% probability; every candidate's true similarity is computed before a merge.
LSH_THRESHOLD = 0.2
NUM_PERM = 128
# Candidates verified with their true similarity, at most, per newcomer: LSH at a low
# threshold proposes every leader sharing a few stock paragraphs, which in a batch of
# press-conference transcripts grows with the batch. Over all of ../shared/corpus (9,820
# queries) 325 proposals exceed 32, up to 274 candidates, all from mfa-txt's stock phrases;
# capped at 32 (ranked by MinHash estimate) the merges and pair scores are unchanged.
MAX_VERIFIED = 32
# Bodies shorter than this (characters of the comparison form) are never merged: an empty
# body or a one-line "page not found" is not evidence that two pages hold one article.
MIN_BODY_CHARS = 50
# Within a cluster, a copy whose body has fewer than this share of the largest copy's
# distinct shingles lost part of the article in extraction (a USA.gov HTML page whose
# extractor kept a third of it, next to its full text dump) and is not canonical while a
# complete copy exists. Copies of one complete article differ by 0-10% (a paragraph, chrome
# residue); 0.8 keeps them all complete. It ranks after "HTML first": a dump has lost the
# hidden-text marks and meta tags (w3m prints display:none blocks), so its larger body is
# not the better one. Measured over the five corpus folders in one run: HTML first gives
# body F1 zh-gov 0.989, en-gov 0.959 (equal to single-page runs); complete first, 0.985/0.951.
COMPLETE_SHARE = 0.8
# The canonical is chosen among all copies (most central copy, pairwise similarities) in
# clusters up to this size; a larger cluster keeps its leader, so that the work stays linear.
MAX_CLUSTER_COMPARE = 64
# Metadata fields whose presence makes a copy a better canonical choice.
METADATA_FIELDS = ("url", "title", "published", "source", "author", "site", "site_id_code",
                   "section")
_MULT = np.uint64(0x100000001B3)  # FNV prime: a polynomial rolling hash over code points


@dataclass
class Fingerprint:
    """What dedup knows of one body: its comparison form, exact hash and shingle hashes."""

    norm: str
    digest: str
    shingles: np.ndarray  # sorted unique uint64 hashes of the body's character shingles
    sketch: Optional[object] = None  # its MinHash, made when it is first indexed or queried


def fingerprint(text: str) -> Fingerprint:
    norm = key(text)
    return Fingerprint(norm=norm, digest=hashlib.sha1(norm.encode("utf-8")).hexdigest(),
                       shingles=shingle_hashes(norm))


class Prints(dict):
    """The fingerprints of one run, by body text: the template pass and the dedup pass
    look at the same bodies, and normalising a body costs more than comparing it.
    Passed explicitly (never process-global), so a run's memory ends with the run."""

    def of(self, text: str) -> Fingerprint:
        fp = self.get(text)
        if fp is None:
            fp = self[text] = fingerprint(text)
        return fp


def shingle_hashes(norm: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """64-bit hashes of every `size`-character window of `norm`, sorted and unique."""
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        return codes
    width = min(size, len(codes))
    n = len(codes) - width + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            h = h * _MULT + codes[j:j + n]
    return np.unique(h)


def hash_items(items) -> np.ndarray:
    """Sorted unique 64-bit hashes of strings (stable across runs, unlike hash())."""
    values = [int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
              for s in items]
    return np.unique(np.array(values, dtype=np.uint64))


def similarity(a: np.ndarray, b: np.ndarray, contained_share: Optional[float] = CONTAINED_SHARE) -> float:
    """Jaccard similarity of two hash sets, or the share of the smaller one the larger
    holds when that is at least `contained_share` (one body contains the other)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    contained = inter / min(len(a), len(b))
    if contained_share is not None and contained >= contained_share:
        return contained
    return inter / (len(a) + len(b) - inter)


def canonical_rank(doc: Document, prints: Optional[Prints] = None) -> Tuple:
    """Sort key of the leaders: HTML first, most metadata, longest body, earliest date, path."""
    length = len(prints.of(doc.text).norm) if prints is not None else len(key(doc.text))
    return (_is_text(doc), -_filled(doc), -length, doc.published or "9999", doc.input)


def _is_text(doc: Document) -> bool:
    return doc.extra.get("kind") == "text"


def _filled(doc: Document) -> int:
    return sum(1 for name in METADATA_FIELDS if getattr(doc, name))


def cluster(docs: Sequence[Document], mode: str = NEAR,
            threshold: float = DEFAULT_THRESHOLD, prints: Optional[Prints] = None) -> List[int]:
    """For each document, the index of its cluster's canonical document (itself if canonical).

    Identical bodies join at once (exact hash); the others join the most similar canonical
    before them in canonical order (leader clustering), so every duplicate is verified
    against its own canonical and the answer does not depend on the order of the inputs.
    """
    prints = Prints() if prints is None else prints
    order = sorted(range(len(docs)), key=lambda i: canonical_rank(docs[i], prints))
    leader = list(range(len(docs)))
    if mode == OFF:
        return leader
    index = LeaderIndex(threshold, order) if mode == NEAR else None
    by_digest: Dict[str, int] = {}
    for i in order:
        fp = prints.of(docs[i].text)
        if len(fp.norm) < MIN_BODY_CHARS:
            continue
        if fp.digest in by_digest:
            leader[i] = leader[by_digest[fp.digest]]
            continue
        by_digest[fp.digest] = i
        if index is not None:
            leader[i] = index.join(i, fp.shingles, fp)
    return leader


def leader_cluster(sets: Sequence[np.ndarray], order: Sequence[int], threshold: float,
                   contained_share: Optional[float] = None) -> List[int]:
    """Each set's leader: the most similar earlier leader (similarity >= threshold), or itself."""
    leader = list(range(len(sets)))
    index = LeaderIndex(threshold, order, contained_share)
    for i in order:
        if len(sets[i]):
            leader[i] = index.join(i, sets[i])
    return leader


class LeaderIndex:
    """Leaders in a MinHash LSH index; a newcomer joins its best verified leader or leads.

    Only leaders are indexed and every candidate's true Jaccard is computed, so the work
    grows with the number of documents times the few leaders each one resembles.
    """

    def __init__(self, threshold: float, order: Sequence[int],
                 contained_share: Optional[float] = CONTAINED_SHARE):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.contained_share = contained_share
        self.rank = {i: r for r, i in enumerate(order)}  # ties go to the earlier leader
        self.lsh = MinHashLSH(threshold=min(LSH_THRESHOLD, threshold), num_perm=NUM_PERM)
        self.sets: Dict[int, np.ndarray] = {}
        self.sketches: Dict[int, object] = {}

    def join(self, i: int, items: np.ndarray, fp: Optional[Fingerprint] = None) -> int:
        from datasketch import MinHash

        sketch = fp.sketch if fp is not None else None
        if sketch is None:
            # the items are 64-bit hashes already: datasketch only permutes them
            sketch = MinHash(num_perm=NUM_PERM, scheme="affine64", hashfunc=int)
            sketch.update_batch(items.tolist())
            if fp is not None:
                fp.sketch = sketch
        best, best_sim = i, self.threshold
        for j in self._candidates(sketch):
            sim = similarity(items, self.sets[j], self.contained_share)
            if sim > best_sim or (sim == best_sim and best == i):
                best, best_sim = j, sim
        if best == i:
            self.lsh.insert(i, sketch)
            self.sets[i] = items
            self.sketches[i] = sketch
        return best

    def _candidates(self, sketch) -> List[int]:
        """The leaders LSH proposes, in leader order; when there are more than can be
        verified, the MAX_VERIFIED most similar by their sketches (bodies sharing stock
        paragraphs propose many, and verifying all would grow with the batch)."""
        found = sorted(self.lsh.query(sketch), key=self.rank.__getitem__)
        if len(found) > MAX_VERIFIED:
            found = sorted(found, key=lambda j: (-sketch.jaccard(self.sketches[j]), self.rank[j]))
            found = sorted(found[:MAX_VERIFIED], key=self.rank.__getitem__)
        return found


def choose_canonical(docs: Sequence[Document], members: Sequence[int], leader: int,
                     threshold: float, run_prints: Optional[Prints] = None) -> Tuple[int, Dict[int, float]]:
    """The cluster's canonical copy and each other copy's similarity to it.

    The rule: an HTML page before a text dump, then a complete body (COMPLETE_SHARE), then
    the most metadata, then the most central body (highest mean similarity to the other
    copies), then the longest body, the earliest published date, the input path. Only a copy
    at least `threshold` similar to every other copy may be canonical (the leader is).
    """
    run_prints = Prints() if run_prints is None else run_prints
    prints = {i: run_prints.of(docs[i].text) for i in members}
    if len(members) > MAX_CLUSTER_COMPARE:
        return leader, {i: _sim(prints[i], prints[leader]) for i in members if i != leader}
    sims = {(i, j): _sim(prints[i], prints[j]) for i in members for j in members if i < j}
    pair = lambda i, j: sims[(min(i, j), max(i, j))]
    largest = max(len(p.shingles) for p in prints.values())

    def rank(i):
        # plain Jaccard: containment would call every complete copy equally central
        central = sum(similarity(prints[i].shingles, prints[j].shingles, None)
                      for j in members if j != i) / (len(members) - 1)
        doc = docs[i]
        return (_is_text(doc), len(prints[i].shingles) < COMPLETE_SHARE * largest, -_filled(doc),
                -round(central, 6), -len(prints[i].norm), doc.published or "9999", doc.input)

    for i in sorted(members, key=rank):
        if all(pair(i, j) >= threshold for j in members if j != i):
            return i, {j: pair(i, j) for j in members if j != i}
    return leader, {j: pair(leader, j) for j in members if j != leader}  # pragma: no cover


def _sim(a: Fingerprint, b: Fingerprint) -> float:
    return 1.0 if a.digest == b.digest else similarity(a.shingles, b.shingles)


def fold_duplicates(docs: Sequence[Document], leader: Sequence[int], threshold: float,
                    keep_duplicates: bool = False, prints: Optional[Prints] = None) -> List[Document]:
    """Canonical documents list their duplicates; the duplicates are dropped or marked."""
    clusters: Dict[int, List[int]] = {}
    for i, j in enumerate(leader):
        clusters.setdefault(j, []).append(i)
    canonical = set()
    for j, members in clusters.items():
        if len(members) == 1:
            canonical.add(j)
            continue
        canon, sims = choose_canonical(docs, members, j, threshold, prints)
        canonical.add(canon)
        for i in sorted(sims, key=lambda i: docs[i].input):
            exact = sims[i] == 1.0 and key(docs[i].text) == key(docs[canon].text)
            docs[canon].duplicates.append(Duplicate(
                input=docs[i].input, url=docs[i].url, kind=EXACT if exact else NEAR,
                similarity=round(sims[i], 4)))
            docs[i].duplicate_of = docs[canon].input
    return [doc for i, doc in enumerate(docs) if i in canonical or keep_duplicates]
