"""Dedup: body fingerprints (exact hash, MinHash bands), clusters and one canonical per cluster."""
from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .model import Document, Duplicate
from .textutil import key, line_hash

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
# Candidate leaders are proposed by MinHash banding: a MinHash of NUM_PERM values cut into
# BANDS bands of ROWS values; two bodies of Jaccard similarity J share at least one band with
# probability 1 - (1 - J**ROWS)**BANDS: 0.94 at J = 0.29 (a body contained whole in one three
# times its size, the lowest similarity a merge needs on the corpus), 0.9999 at J = 0.5, and
# 0.28 at J = 0.1. Every candidate's true similarity is computed before a merge.
BANDS, ROWS = 32, 2
NUM_PERM = BANDS * ROWS  # a power of two: the bin is the top bits of a mixed hash
_BIN_SHIFT = np.uint64(64 - 6)  # 2**6 = NUM_PERM bins
# A band value held by this many leaders is stock text, not evidence of one article: a bin's
# minimum falls on a phrase every transcript of a ministry opens with, so all of them share
# that band. Its bucket stops taking leaders and stops proposing (one band of 32; copies
# share several). Measured: over all of ../shared/corpus (3,548 bodies) the largest bucket
# holds 43 bodies and capping at 64 changes no merge; in the dedup benchmark's collage
# batches unbounded buckets grow with the batch and made each newcomer's proposals, and the
# run, grow with it.
BUCKET_MAX = 64
# A proposed leader is verified only when its MinHash agrees with the newcomer's on at least
# this share of the NUM_PERM values (the MinHash estimate of their Jaccard similarity). Two
# bodies of unrelated articles that share common words share a band now and then (a pair at
# Jaccard 0.02 does with probability 32 * 0.02**2 = 1.3%, which over a large batch is many
# pairs) but agree on one or two values in 64; a pair at Jaccard 0.29, the lowest a merge
# needs on the corpus, falls below 0.1 with probability 0.03%. Measured on 5,000 generated
# pages: 77,000 verifications without it, nearly all of unrelated pages.
ESTIMATE_FLOOR = 0.1
# The band index's recent entries (a dict) are merged into its sorted arrays once they number
# MERGE_SHARE of the merged ones, and at least MERGE_MIN: a dict entry costs about ten times
# an array entry, and each merge copies the arrays, so a small share keeps memory near the
# arrays' and a geometric one keeps the copying linear over a batch (100,000 leaders: about
# 60 merges, a few hundred MB copied in all).
MERGE_SHARE = 1 / 16
MERGE_MIN = 1 << 16
# Candidates verified with their true similarity, at most, per newcomer: the leaders with the
# highest estimate. Over all of ../shared/corpus 10 queries propose more than
# 32 (at most 46, mfa-txt's stock phrases); the merges are those of an uncapped run.
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
    """What dedup knows of one body: its exact hash, length, shingle hashes and MinHash."""

    digest: str  # sha1 of the comparison form
    length: int  # characters of the comparison form (textutil.key)
    shingles: np.ndarray  # sorted unique 32-bit hashes of the body's character shingles
    sketch: np.ndarray  # its MinHash: NUM_PERM 32-bit values (empty for a body too short to merge)


def fingerprint(text: str) -> Fingerprint:
    norm = key(text)
    shingles = shingle_hashes(norm)
    sketch = minhash(shingles) if len(norm) >= MIN_BODY_CHARS else _NO_SKETCH
    return Fingerprint(digest=hashlib.sha1(norm.encode("utf-8")).hexdigest(), length=len(norm),
                       shingles=shingles, sketch=sketch)


class Prints(dict):
    """The fingerprints of one run, by body text: the template pass and the dedup pass
    look at the same bodies, and normalising a body costs more than comparing it.
    Passed explicitly (never process-global), so a run's memory ends with the run."""

    def of(self, text: str) -> Fingerprint:
        fp = self.get(text)
        if fp is None:
            fp = self[text] = fingerprint(text)
        return fp

    def copies(self, docs: Sequence[Document]) -> Tuple[List["Copy"], Shingles]:
        """The documents as deduplication sees them, and their shingle sets by number."""
        prints = [self.of(doc.text) for doc in docs]
        return [Copy.of(doc, fp) for doc, fp in zip(docs, prints)], lambda i: prints[i].shingles


@dataclass
class Copy:
    """One document as deduplication sees it, small enough to keep for every document of a
    large batch: what ranks it as a canonical copy, and its body's fingerprint without the
    shingle set, which is read through a loader (kept in memory by the library, on disk by
    a batch: see batch.py)."""

    __slots__ = ("input", "url", "text_dump", "filled", "published", "digest", "length",
                 "distinct", "sketch", "captured")
    input: str
    url: Optional[str]
    text_dump: bool
    filled: int
    published: Optional[str]
    digest: str
    length: int
    distinct: int  # distinct shingles
    sketch: np.ndarray  # NUM_PERM uint32: 256 bytes
    captured: Optional[str]  # an archive's capture date (ISO 8601, UTC)

    @classmethod
    def of(cls, doc: Document, fp: Fingerprint) -> "Copy":
        return cls(doc.input, doc.url, doc.extra.get("kind") == "text",
                   sum(1 for name in METADATA_FIELDS if getattr(doc, name)), doc.published,
                   fp.digest, fp.length, len(fp.shingles), fp.sketch, doc.captured)

    def rank(self) -> Tuple:
        """Sort key of the leaders: HTML first, most metadata, longest body, earliest date,
        latest capture, path."""
        return (self.text_dump, -self.filled, -self.length, self.published or "9999",
                latest_first(self.captured), self.input)


Shingles = Callable[[int], np.ndarray]  # copy number -> its shingle set

# Digits mapped so that an ISO date sorts latest first (and no capture date after all).
_LATEST_FIRST = str.maketrans("0123456789", "9876543210")


def latest_first(captured: Optional[str]) -> str:
    """Sort key: the latest capture of a page first. Two captures of one URL with the same
    body are otherwise equal; the later one is the page as its publisher last left it
    (corrections, a renamed attachment), and the earlier one stays listed as its duplicate."""
    return captured.translate(_LATEST_FIRST) if captured else "~"


def shingle_hashes(norm: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """32-bit hashes of every `size`-character window of `norm`, sorted and unique: the top
    half of a 64-bit polynomial hash. 32 bits halve what a batch keeps per body; two bodies of
    15,000 shingles share a colliding pair with probability 0.05, which moves no similarity."""
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        return codes.astype(np.uint32)
    width = min(size, len(codes))
    n = len(codes) - width + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            h = h * _MULT + codes[j:j + n]
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def hash_items(items) -> np.ndarray:
    """Sorted unique 64-bit hashes of strings (stable across runs, unlike hash())."""
    return np.unique(np.array([line_hash(s) for s in items], dtype=np.uint64))


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


def cluster(docs: Sequence[Document], mode: str = NEAR,
            threshold: float = DEFAULT_THRESHOLD, prints: Optional[Prints] = None) -> List[int]:
    """For each document, the index of its cluster's leader (itself if it leads)."""
    copies, shingles = (Prints() if prints is None else prints).copies(docs)
    return cluster_copies(copies, shingles, mode, threshold)


def cluster_copies(copies: Sequence[Copy], shingles: Shingles, mode: str = NEAR,
                   threshold: float = DEFAULT_THRESHOLD) -> List[int]:
    """For each copy, the index of its cluster's leader (itself if it leads).

    Identical bodies join at once (exact hash); the others join the most similar leader
    before them in canonical order (leader clustering), so every duplicate is verified
    against its own leader and the answer does not depend on the order of the inputs.
    """
    order = sorted(range(len(copies)), key=lambda i: copies[i].rank())
    leader = list(range(len(copies)))
    if mode == OFF:
        return leader
    index = LeaderIndex(threshold, order, shingles) if mode == NEAR else None
    by_digest: Dict[str, int] = {}
    for i in order:
        copy = copies[i]
        if copy.length < MIN_BODY_CHARS:
            continue
        if copy.digest in by_digest:
            leader[i] = leader[by_digest[copy.digest]]
            continue
        by_digest[copy.digest] = i
        if index is not None:
            leader[i] = index.join(i, shingles(i), copy.sketch)
    return leader


def leader_cluster(sets: Sequence[np.ndarray], order: Sequence[int], threshold: float,
                   contained_share: Optional[float] = None) -> List[int]:
    """Each set's leader: the most similar earlier leader (similarity >= threshold), or itself."""
    leader = list(range(len(sets)))
    index = LeaderIndex(threshold, order, sets.__getitem__, contained_share)
    for i in order:
        if len(sets[i]):
            leader[i] = index.join(i, sets[i], minhash(sets[i]))
    return leader


class LeaderIndex:
    """Leaders in a MinHash band index; a newcomer joins its best verified leader or leads.

    Only leaders are indexed and every candidate's true similarity is computed; a newcomer
    verifies at most MAX_VERIFIED leaders proposed by at most BANDS buckets of BUCKET_MAX,
    so the work per document is bounded whatever the size of the batch.
    """

    def __init__(self, threshold: float, order: Sequence[int], shingles: Shingles,
                 contained_share: Optional[float] = CONTAINED_SHARE):
        self.threshold = threshold
        self.contained_share = contained_share
        self.rank = array("q", bytes(8 * (max(order) + 1))) if len(order) else array("q")
        for r, i in enumerate(order):
            self.rank[i] = r  # ties go to the earlier leader
        self.buckets = BandBuckets()
        self.sketches: Dict[int, np.ndarray] = {}
        self.shingles = shingles  # a leader's shingle set, read when it is a candidate

    def join(self, i: int, items: np.ndarray, sketch: np.ndarray) -> int:
        bands = band_keys(sketch).tolist()
        best, best_sim = i, self.threshold
        for j in self._candidates(bands, sketch):
            sim = similarity(items, self.shingles(j), self.contained_share)
            if sim > best_sim or (sim == best_sim and best == i):
                best, best_sim = j, sim
        if best == i:
            self.buckets.add(i, bands)
            self.sketches[i] = sketch
        return best

    def _candidates(self, bands: List[int], sketch: np.ndarray) -> List[int]:
        """The leaders sharing a band whose MinHash estimate reaches ESTIMATE_FLOOR: the
        MAX_VERIFIED highest, in leader order."""
        shared = list(self.buckets.count(bands))
        if not shared:
            return []
        estimate = (np.stack([self.sketches[j] for j in shared]) == sketch).mean(axis=1)
        found = [(-e, self.rank[j], j) for j, e in zip(shared, estimate.tolist()) if e >= ESTIMATE_FLOOR]
        return sorted((j for _, _, j in sorted(found)[:MAX_VERIFIED]), key=self.rank.__getitem__)


class BandBuckets:
    """Band value -> the leaders holding it; a bucket that reaches BUCKET_MAX is stock text,
    closed for good. Most entries sit in two numpy arrays sorted by band (12 bytes an entry);
    new ones go to a dict (about 100 bytes an entry) that is merged into the arrays whenever
    it holds a MERGE_SHARE of them: 32 bands a leader made a plain dict cost 2.9 kB a leader,
    143 MB for 50,000 leaders."""

    def __init__(self):
        self.bands = np.zeros(0, dtype=np.uint64)
        self.leaders = np.zeros(0, dtype=np.int64)
        self.recent: Dict[int, List[int]] = {}
        self.pending = 0  # entries in self.recent
        self.closed: set = set()

    def add(self, i: int, bands: Sequence[int]) -> None:
        for band, held in zip(bands, self._held(bands)):
            if band in self.closed:
                continue
            if len(held) + 1 >= BUCKET_MAX:
                self.closed.add(band)
                continue
            self.recent.setdefault(band, []).append(i)
            self.pending += 1
        if self.pending >= max(MERGE_MIN, MERGE_SHARE * len(self.bands)):
            self._merge()

    def count(self, bands: Sequence[int]) -> Dict[int, int]:
        shared: Dict[int, int] = {}
        for band, held in zip(bands, self._held(bands)):
            if band not in self.closed:
                for j in held:
                    shared[j] = shared.get(j, 0) + 1
        return shared

    def _held(self, bands: Sequence[int]) -> List[List[int]]:
        """Each band's leaders, merged and recent."""
        keys = np.array(bands, dtype=np.uint64)
        lo = np.searchsorted(self.bands, keys, "left").tolist()
        hi = np.searchsorted(self.bands, keys, "right").tolist()
        return [(self.leaders[a:b].tolist() if b > a else []) + self.recent.get(band, [])
                for band, a, b in zip(bands, lo, hi)]

    def _merge(self) -> None:
        """The recent entries, sorted, inserted into the arrays (one copy, no full sort)."""
        bands = np.fromiter((b for b, held in self.recent.items() for _ in held), dtype=np.uint64,
                            count=self.pending)
        leaders = np.fromiter((j for held in self.recent.values() for j in held), dtype=np.int64,
                              count=self.pending)
        order = np.argsort(bands, kind="stable")
        bands, leaders = bands[order], leaders[order]
        at = np.searchsorted(self.bands, bands, "right")
        self.bands, self.leaders = np.insert(self.bands, at, bands), np.insert(self.leaders, at, leaders)
        self.recent, self.pending = {}, 0


_NO_SKETCH = np.zeros(0, dtype=np.uint32)


def minhash(items: np.ndarray) -> np.ndarray:
    """A MinHash of a set of hashes by one-permutation hashing: each value mixed by
    MurmurHash3's finalizer, the top bits choose one of NUM_PERM bins, and each bin keeps its
    least value (one sort, where classic MinHash applies NUM_PERM permutations: 15-35 ms for
    a 15,000-shingle transcript with datasketch or numpy, under 1 ms this way). Two sets agree
    on a bin with probability about their Jaccard similarity. An empty bin (short bodies)
    takes the next filled bin's value, mixed with the distance (rotation densification)."""
    if len(items) == 0:
        return np.zeros(NUM_PERM, dtype=np.uint32)
    with np.errstate(over="ignore"):
        h = np.sort(_fmix(items.astype(np.uint64)))
        bins = np.arange(NUM_PERM, dtype=np.uint64)
        first = np.searchsorted(h >> _BIN_SHIFT, bins)
        filled = first < len(h)
        filled[filled] = (h[first[filled]] >> _BIN_SHIFT) == bins[filled]
        values = np.where(filled, h[np.minimum(first, len(h) - 1)], np.uint64(0))
        if not filled.all():
            have = np.flatnonzero(filled)
            nxt = have[np.searchsorted(have, np.arange(NUM_PERM)) % len(have)]
            distance = ((nxt - np.arange(NUM_PERM)) % NUM_PERM).astype(np.uint64)
            values = np.where(filled, values, _fmix(values[nxt] + distance * _MULT))
    # the bin's value: the 32 bits below the bin number's 6
    return ((values << np.uint64(6)) >> np.uint64(32)).astype(np.uint32)


def _fmix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit."""
    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xFF51AFD7ED558CCD)
    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def band_keys(sketch: np.ndarray) -> np.ndarray:
    """A MinHash cut into BANDS keys: a 64-bit hash of each band's ROWS values and the
    band's number."""
    rows = sketch.astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = np.arange(BANDS, dtype=np.uint64)
        for r in range(ROWS):
            keys = keys * _MULT + rows[:, r]
    return keys


def decide(copies: Sequence[Copy], leader: Sequence[int], shingles: Shingles,
           threshold: float) -> Dict[int, Dict[int, float]]:
    """Each cluster of two or more: its canonical copy -> {other copy: similarity to it}."""
    clusters: Dict[int, List[int]] = {}
    for i, j in enumerate(leader):
        clusters.setdefault(j, []).append(i)
    decided = {}
    for j, members in clusters.items():
        if len(members) > 1:
            canon, sims = choose_canonical(copies, members, j, threshold, shingles)
            decided[canon] = sims
    return decided


def choose_canonical(copies: Sequence[Copy], members: Sequence[int], leader: int,
                     threshold: float, shingles: Shingles) -> Tuple[int, Dict[int, float]]:
    """The cluster's canonical copy and each other copy's similarity to it.

    The rule: an HTML page before a text dump, then a complete body (COMPLETE_SHARE), then
    the most metadata, then the most central body (highest mean similarity to the other
    copies), then the longest body, the earliest published date, the latest capture (an
    archive's WARC-Date), the input path. Only a copy
    at least `threshold` similar to every other copy may be canonical (the leader is).
    """
    sets = {i: shingles(i) for i in members}
    sim = lambda i, j: 1.0 if copies[i].digest == copies[j].digest else similarity(sets[i], sets[j])
    if len(members) > MAX_CLUSTER_COMPARE:
        return leader, {i: sim(i, leader) for i in members if i != leader}
    sims = {(i, j): sim(i, j) for i in members for j in members if i < j}
    pair = lambda i, j: sims[(min(i, j), max(i, j))]
    largest = max(copies[i].distinct for i in members)

    def rank(i):
        # plain Jaccard: containment would call every complete copy equally central
        central = sum(similarity(sets[i], sets[j], None) for j in members if j != i) / (len(members) - 1)
        c = copies[i]
        return (c.text_dump, c.distinct < COMPLETE_SHARE * largest, -c.filled, -round(central, 6),
                -c.length, c.published or "9999", latest_first(c.captured), c.input)

    for i in sorted(members, key=rank):
        if all(pair(i, j) >= threshold for j in members if j != i):
            return i, {j: pair(i, j) for j in members if j != i}
    return leader, {j: pair(leader, j) for j in members if j != leader}  # pragma: no cover


def duplicates(copies: Sequence[Copy], canon: int, sims: Dict[int, float]) -> List[Duplicate]:
    """What the canonical document lists of its copies, by input path."""
    return [Duplicate(input=copies[i].input, url=copies[i].url,
                      kind=EXACT if copies[i].digest == copies[canon].digest else NEAR,
                      similarity=round(sims[i], 4))
            for i in sorted(sims, key=lambda i: copies[i].input)]


def fold_duplicates(docs: Sequence[Document], leader: Sequence[int], threshold: float,
                    keep_duplicates: bool = False, prints: Optional[Prints] = None) -> List[Document]:
    """Canonical documents list their duplicates; the duplicates are dropped or marked."""
    copies, shingles = (Prints() if prints is None else prints).copies(docs)
    dropped = set()
    for canon, sims in decide(copies, leader, shingles, threshold).items():
        docs[canon].duplicates.extend(duplicates(copies, canon, sims))
        for i in sims:
            docs[i].duplicate_of = docs[canon].input
        dropped.update(sims)
    return [doc for i, doc in enumerate(docs) if keep_duplicates or i not in dropped]
