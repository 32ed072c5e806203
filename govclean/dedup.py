"""Dedup: body fingerprints (exact hash, MinHash bands), clusters and one canonical per cluster."""
from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .compiled import Extension
from .model import Document, Duplicate
from .textutil import body_key, line_hash

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
# ... but only when the larger body has at most this many times the smaller one's shingles:
# a short article quoted whole inside a much longer, different one (a one-paragraph answer
# inside a press conference that strings several together) is not a copy of it. Measured:
# the true copies of ../shared/corpus that hold each other differ at most 1.46 times (an
# HTML page and its text dump), the dedup benchmark's copies 1.17 times, while its short
# transcripts held whole by a collage of paragraphs are 3.6 to 16 times smaller (10k batch:
# 16 of its 22 false pairs); 3 keeps an extraction that lost two thirds of the article.
CONTAINED_MAX_RATIO = 3.0
# Candidate pairs are proposed by MinHash banding: a MinHash of NUM_PERM values cut into
# BANDS bands of ROWS values; two bodies of Jaccard similarity J share at least one band with
# probability 1 - (1 - J**ROWS)**BANDS: 0.94 at J = 0.29 (a body contained whole in one three
# times its size, the lowest similarity a merge needs on the corpus), 0.9999 at J = 0.5, and
# 0.28 at J = 0.1. Every candidate's true similarity is computed before a merge.
BANDS, ROWS = 32, 2
NUM_PERM = BANDS * ROWS  # a power of two: the bin is the top bits of a mixed hash
_BIN_SHIFT = np.uint64(64 - 6)  # 2**6 = NUM_PERM bins
# A band value held by more than this many bodies is stock text, not evidence of one article:
# a bin's minimum falls on a phrase every transcript of a ministry opens with, so all of them
# share that band. Each body of such a bucket is paired only with the bucket's MAX_VERIFIED
# best-ranked bodies (the leaders it could join), so the pairs grow linearly with the
# batch, not with its square (with 64 partners, the site grouping of the 10k benchmark
# batch, one site, made 640,000 pairs a band and the CLI's peak rose from 96 to 117 MB). Measured: over all of ../shared/corpus (3,548 bodies) the
# largest bucket holds 43 bodies; in the dedup benchmark's collage batches buckets grow
# with the batch.
BUCKET_MAX = 64
# A candidate pair is verified only when the two MinHashes agree on at least
# this share of the NUM_PERM values (the MinHash estimate of their Jaccard similarity). Two
# bodies of unrelated articles that share common words share a band now and then (a pair at
# Jaccard 0.02 does with probability 32 * 0.02**2 = 1.3%, which over a large batch is many
# pairs) but agree on one or two values in 64; a pair at Jaccard 0.29, the lowest a merge
# needs on the corpus, falls below 0.1 with probability 0.03%. Measured on 5,000 generated
# pages: 77,000 verifications without it, nearly all of unrelated pages.
ESTIMATE_FLOOR = 0.1
# Bodies (cluster_copies) are screened against a floor of their own, from the two sizes:
# the least Jaccard similarity at which the pair could merge (0.5 for bodies of like size,
# down to 0.27 for a body held whole by one three times its size) less this many standard
# deviations of a 64-value estimate, so that such a pair is screened out with probability
# 0.1%. Two collages sharing a paragraph (Jaccard 0.1-0.2, like sizes) then need 0.31, not
# 0.1. Measured on the 100k benchmark batch: verifications and dedup CPU time in the table of
# docs/dedup.md; the corpus output is unchanged.
ESTIMATE_Z = 3.1
# Candidates verified, at most, per body: the screened partners ranked before it whose
# MinHash agrees most with its own. Measured on the five corpus folders in one batch: bodies
# have up to 21 such partners (28 in the site grouping of text dumps by line sets); capping
# at 8 by agreement leaves the output byte-identical, capping at 8 by rank does not (pairs
# P 0.987, R 0.962). Without a cap the site grouping of the 10k benchmark batch (one site,
# stock lines, threshold 0.25) verified 665,000 pairs; with it, at most 8 a page.
MAX_VERIFIED = 8
# Pairs whose MinHashes are compared at once: each costs 2 x 256 bytes of gathered values,
# so 4,096 keep the transient at 2 MB (65,536 took 34 MB, a third of a 1k batch's peak).
PAIR_CHUNK = 1 << 12
# Pairs prescreened at once (prescreen_pairs): 2 x 64 bytes each, so 16,384 keep the
# transient at 2 MB, as PAIR_CHUNK does for the full values.
PRESCREEN_CHUNK = 1 << 14
# Pairs verified, and edges split, as Python ints at a time: a pair as a list costs ~130
# bytes, an edge as a tuple ~150, so 4,096 keep each transient under 1 MB (the site grouping
# of 100,000 dumps without a site verified ~800,000 pairs: its peak, docs/dedup.md).
VERIFY_CHUNK = 1 << 12
# Verification looks up the first 1/VERIFY_HEAD of the smaller set's values before the
# rest, and stops there when even all the rest shared could not reach the threshold.
# The containment share (0.85) needs more than 15% looked up to rule a pair out: with a
# quarter, a pair whose smaller body is less than 40% held stops there. Measured on the
# 100k dedup benchmark batch (19,134 verified pairs, 8,541 of them rejected, mostly a
# short transcript and one 2-3 times its size that holds a quarter of it): verification
# 1.0-1.1 CPU s looking up everything, 0.78-0.79 with a quarter first, 0.82-1.14 with a
# half, 0.96-0.98 with an eighth (never enough to rule out containment); same edges.
VERIFY_HEAD = 4
# Two shingle sets are intersected by a merge when the larger has at most this many times
# the smaller's values, else by binary searches of the smaller's. Measured on random sets
# of 300 and 3,000 values: the merge takes half the time at like sizes (30 against 60 us
# at 3,000), 0.55x at 8 times, about the same at 16 (136 against 147 us).
MERGE_MAX_RATIO = 8
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


def fingerprint(text: str, paragraphs: Optional[Sequence[str]] = None) -> Fingerprint:
    """The body's fingerprint; `paragraphs`, the texts it was joined from, save normalising
    it again (textutil.body_key)."""
    norm = body_key(text, paragraphs)
    shingles = shingle_hashes(norm)
    sketch = minhash(shingles) if len(norm) >= MIN_BODY_CHARS else _NO_SKETCH
    return Fingerprint(digest=hashlib.sha1(norm.encode("utf-8")).hexdigest(), length=len(norm),
                       shingles=shingles, sketch=sketch)


class Prints(dict):
    """The fingerprints of one run, by body text: the template pass and the dedup pass
    look at the same bodies, and normalising a body costs more than comparing it.
    Passed explicitly (never process-global), so a run's memory ends with the run.

    With a spool (spool.Spool), each shingle set waits on disk, as in a batch: memory then
    holds a body's sketch and sizes, not its shingles (about 4 bytes a character)."""

    def __init__(self, spool=None):
        super().__init__()
        self.spool = spool

    def of(self, text: str) -> Fingerprint:
        fp = self.get(text)
        if fp is None:
            fp = self[text] = self._kept(fingerprint(text))
        return fp

    def _kept(self, fp: Fingerprint) -> Fingerprint:
        """The fingerprint as held: its shingles, or (spooled) where they are and how many."""
        if self.spool is None:
            return fp
        return Fingerprint(fp.digest, fp.length, _Spooled(self.spool.put(fp.shingles.tobytes()),
                                                          len(fp.shingles)), fp.sketch)

    def shingles(self, fp: Fingerprint) -> np.ndarray:
        if self.spool is None:
            return fp.shingles
        return np.frombuffer(self.spool.get(fp.shingles.ref), dtype=np.uint32)

    def copies(self, docs: Sequence[Document]) -> Tuple[List["Copy"], Shingles]:
        """The documents as deduplication sees them, and their shingle sets by number."""
        prints = [self.of(doc.text) for doc in docs]
        return [Copy.of(doc, fp) for doc, fp in zip(docs, prints)], lambda i: self.shingles(prints[i])


class _Spooled:
    """A shingle set in a spool: its record, and its length (len(), as Copy.of reads it)."""

    __slots__ = ("ref", "size")

    def __init__(self, ref: Tuple[int, int], size: int):
        self.ref, self.size = ref, size

    def __len__(self) -> int:
        return self.size


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
    15,000 shingles share a colliding pair with probability 0.05, which moves no similarity.
    By govclean._shingle's one rolling pass when it loads (the same array)."""
    kernel = _compiled_shingle()
    if kernel is not None:
        out = kernel.shingle_hashes(norm, size)
        if out is not None:  # None: a lone surrogate, which the numpy form refuses
            return out
    return _shingle_hashes_numpy(norm, size)


def _shingle_hashes_numpy(norm: str, size: int) -> np.ndarray:
    """shingle_hashes in numpy: `size` passes over the code points, then a sort."""
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        return codes.astype(np.uint32)
    width = min(size, len(codes))
    n = len(codes) - width + 1
    h = codes[:n].copy()  # in place from here (integer arrays wrap silently on overflow)
    for j in range(1, width):
        h *= _MULT
        h += codes[j:j + n]
    h >>= _HALF
    return sorted_unique(h.astype(np.uint32), in_place=True)


def sorted_unique(values: np.ndarray, in_place: bool = False) -> np.ndarray:
    """np.unique of a 1-d array, by one sort and a mask: numpy 2's np.unique goes through a
    hash table and sorts after, 3-4 times the time on a body's shingles (measured on the
    dedup benchmark's transcripts: 0.18 s a thousand bodies, 0.05 s this way). in_place:
    sort `values` itself (an array of the caller's own, not to be read after)."""
    if in_place:
        values.sort()
    else:
        values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)  # not np.r_: its index machinery costs more
    keep[0] = True  # than the comparison on a page's few thousand values
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def line_hashes(keys: List[str]) -> List[Optional[int]]:
    """[line_hash(k) if k else None for k in keys], by govclean._shingle's BLAKE2b in one
    call when it loads (the same values; 0.22 against 0.54 us a short line)."""
    kernel = _compiled_shingle()
    hashes = None if kernel is None else kernel.line_hashes(keys)
    if hashes is None:  # no kernel, or a lone surrogate: line_hash raises as it always has
        hashes = [line_hash(k) if k else None for k in keys]
    return hashes


def sorted_hashes(hashes: List[Optional[int]]) -> np.ndarray:
    """The 64-bit hashes that are not None (line_hashes' values), sorted and unique, as
    uint64: in one call of govclean._shingle when it loads (the same array)."""
    kernel = _compiled_shingle()
    if kernel is not None:
        return kernel.sorted_hashes(hashes)
    return sorted_unique(np.array([h for h in hashes if h is not None], dtype=np.uint64))


def hash_items(items) -> np.ndarray:
    """Sorted unique 64-bit hashes of strings (stable across runs, unlike hash())."""
    return sorted_unique(np.array([line_hash(s) for s in items], dtype=np.uint64))


def similarity(a: np.ndarray, b: np.ndarray, contained_share: Optional[float] = CONTAINED_SHARE) -> float:
    """Jaccard similarity of two hash sets, or the share of the smaller one the larger
    holds when that is at least `contained_share` (one body contains the other) and the
    larger is at most CONTAINED_MAX_RATIO times the smaller."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    return _score(_common(a, b), len(a), len(b), contained_share)


def _score(inter: int, na: int, nb: int, contained_share: Optional[float]) -> float:
    """similarity() of two sets of na and nb values that share `inter`: never smaller for
    a larger `inter` (containment takes over from Jaccard only above it), so the score of
    an upper bound of `inter` bounds the similarity."""
    small, large = sorted((na, nb))
    contained = inter / small
    if contained_share is not None and contained >= contained_share and large <= CONTAINED_MAX_RATIO * small:
        return contained
    return inter / (na + nb - inter)


def _common(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted unique arrays share: both merged (a stable sort of the
    two runs is one merge) and equal neighbours counted, or, when one is more than
    MERGE_MAX_RATIO times the other, the smaller looked up in the larger (a binary search
    each; np.intersect1d sorts both again, 3x the time on long bodies)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) <= MERGE_MAX_RATIO * len(a):
        both = np.concatenate([a, b])
        both.sort(kind="stable")
        return int(np.count_nonzero(both[1:] == both[:-1]))
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


def cluster(docs: Sequence[Document], mode: str = NEAR,
            threshold: float = DEFAULT_THRESHOLD, prints: Optional[Prints] = None) -> List[int]:
    """For each document, the index of its cluster's leader (itself if it leads)."""
    copies, shingles = (Prints() if prints is None else prints).copies(docs)
    return cluster_copies(copies, shingles, mode, threshold)


def cluster_copies(copies: Sequence[Copy], shingles: Shingles, mode: str = NEAR,
                   threshold: float = DEFAULT_THRESHOLD, near: Optional[Callable] = None) -> List[int]:
    """For each copy, the index of its cluster's leader (itself if it leads).

    The stages below, run in one process: copies numbered in canonical order (Copy.rank, a
    total order), identical bodies folded onto the first (exact_representatives), then, in
    near mode, candidate pairs from MinHash bands, screened, verified, and clusters as
    connected components split at their leaders. No step depends on the input order.
    """
    if mode == OFF:
        return list(range(len(copies)))
    order = canonical_order(copies)
    rep = np.asarray(_first_of(_labels([c.digest for c in copies])[order]), dtype=np.int64)
    heads = np.unique(rep)  # positions in `order` of the distinct bodies
    lead = np.arange(len(order))
    if mode == NEAR and len(heads):
        picked = order[heads]
        sketches, sizes = _sketch_matrix(copies, picked)
        # near: an engine's run of near_leaders' stages (engines/dask), the same answer
        local = (near or near_leaders)(sketches, _Renumbered(shingles, picked.tolist()), threshold, sizes=sizes)
        lead[heads] = heads[np.asarray(local, dtype=np.int64)]
    leader = np.arange(len(copies))
    leader[order] = order[lead[rep]]
    return leader.tolist()


def canonical_order(copies: Sequence[Copy]) -> np.ndarray:
    """The numbers of the copies long enough to merge (MIN_BODY_CHARS), in the order of
    Copy.rank: numpy's lexsort over the rank's fields (strings by their places, _codes),
    read in the copies' own order. Sorting the rank tuples compares them in Python and
    reads the copies at random (100,000 copies: 0.30-0.35 CPU s, twice this way's)."""
    n = len(copies)
    fields = [_codes([c.input for c in copies]), _codes([latest_first(c.captured) for c in copies]),
              _codes([c.published or "9999" for c in copies]),
              np.fromiter((-c.length for c in copies), np.int64, n),
              np.fromiter((-c.filled for c in copies), np.int64, n),
              np.fromiter((c.text_dump for c in copies), np.int64, n)]
    order = np.lexsort(fields)  # the last field sorts first, as in Copy.rank
    return order[-fields[3][order] >= MIN_BODY_CHARS]


def _codes(strings: List[str]) -> np.ndarray:
    """Each string's place among the distinct strings in Python's order (numpy's str
    arrays would be as wide as the longest path, for every copy)."""
    place = {v: k for k, v in enumerate(sorted(set(strings)))}
    return np.fromiter((place[v] for v in strings), np.int64, len(strings))


def _labels(values: List[str]) -> np.ndarray:
    """A number for each value, the same for equal values (in no particular order)."""
    label: Dict[str, int] = {}
    return np.fromiter((label.setdefault(v, len(label)) for v in values), np.int64, len(values))


def _first_of(codes: np.ndarray) -> List[int]:
    """For each position, the first position holding the same code."""
    if len(codes) == 0:
        return []
    by_code = np.argsort(codes, kind="stable")
    sorted_codes = codes[by_code]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    first = np.empty(int(codes.max()) + 1, dtype=np.int64)
    first[sorted_codes[starts]] = by_code[starts]
    return first[codes].tolist()


def _sketch_matrix(copies: Sequence[Copy], picked: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """The MinHashes (rows) and shingle counts of copies[picked], in that order. The copies
    are read in their own order, where their arrays lie in memory one after another, then
    the rows put in canonical order by numpy: stacking them straight in canonical order
    reads memory at random (100,000 copies: 0.46 CPU s, against 0.14 this way)."""
    seq = np.sort(np.asarray(picked, dtype=np.int64))
    ids = seq.tolist()
    sketches = np.stack([copies[i].sketch for i in ids])
    sizes = np.fromiter((copies[i].distinct for i in ids), np.int64, len(ids))
    at = np.searchsorted(seq, picked)
    return sketches[at], sizes[at]


class _Renumbered:
    """Shingles by another numbering: k -> shingles(ids[k]); many() too when the loader
    reads many sets at once (a spool on a cluster)."""

    def __init__(self, shingles: Shingles, ids: List[int]):
        self.shingles, self.ids = shingles, ids

    def __call__(self, k: int) -> np.ndarray:
        return self.shingles(self.ids[k])

    def many(self, ks: Sequence[int]) -> Dict[int, np.ndarray]:
        many = getattr(self.shingles, "many", None)
        if many is None:
            return {k: self(k) for k in ks}
        got = many([self.ids[k] for k in ks])
        return {k: got[self.ids[k]] for k in ks}


def leader_cluster(sets: Sequence[np.ndarray], order: Sequence[int], threshold: float,
                   contained_share: Optional[float] = None) -> List[int]:
    """Each set's leader: the most similar earlier leader in `order` (similarity >=
    threshold), or itself; empty sets lead alone. The same stages as cluster_copies."""
    leader = list(range(len(sets)))
    ids = [i for i in order if len(sets[i])]
    if not ids:
        return leader
    sketches = np.empty((len(ids), NUM_PERM), dtype=np.uint32)  # filled row by row: no
    for k, i in enumerate(ids):  # list of one array a set (368 bytes each) before a stack
        sketches[k] = minhash(sets[i])
    local = near_leaders(sketches, lambda k: sets[ids[k]], threshold, contained_share)
    for k, i in enumerate(ids):
        leader[i] = ids[local[k]]
    return leader


def near_leaders(sketches: np.ndarray, shingles: Shingles, threshold: float,
                 contained_share: Optional[float] = CONTAINED_SHARE,
                 sizes: Optional[np.ndarray] = None) -> List[int]:
    """All near-duplicate stages over bodies numbered 0..n-1 in canonical order: row k of
    `sketches` is body k's MinHash, shingles(k) its shingle set. Body k's leader, by number.
    One process runs them band by band (the rows of one band at a time bound the memory);
    an engine on many machines runs the same functions over partitions. sizes[k]: body k's
    number of shingles (for the size-aware screen; none: the plain ESTIMATE_FLOOR)."""
    ids, packed = np.arange(len(sketches), dtype=np.int64), pack_sketches(sketches)
    pile: List[np.ndarray] = [_NO_PAIRS]  # the pairs capped so far, then each band's since
    for band in range(BANDS):  # one band's rows at a time: memory bounded by the screen
        found = prescreen_pairs(candidate_pairs(_band_matrix(sketches, band)[:, 0], ids), packed)
        floor = ESTIMATE_FLOOR if sizes is None else merge_floor(found, sizes, threshold, contained_share)
        pile.append(screen_pairs(found, sketches, floor))
        found = None
        if sum(map(len, pile[1:])) > MAX_VERIFIED * len(sketches):  # the cap of a union: the same
            pile = [_capped(pile, sketches)]
    edges = _verified_edges(_capped(pile, sketches), shingles, threshold, contained_share)
    return split_edges(len(sketches), *edges)


def _verified_edges(pairs: np.ndarray, shingles: Shingles, threshold: float,
                    contained_share: Optional[float]) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """verify_pairs' edges as three arrays (best-ranked id, other id, similarity), the
    pairs verified VERIFY_CHUNK at a time: 24 bytes an edge where a list of tuples costs
    about 150 (and the pairs as Python lists 130 more a pair, all at once)."""
    lo, hi, sims = array("q"), array("q"), array("d")
    for start in range(0, len(pairs), VERIFY_CHUNK):
        for a, b, sim in verify_pairs(pairs[start:start + VERIFY_CHUNK], shingles, threshold,
                                      contained_share):
            lo.append(min(a, b))
            hi.append(max(a, b))
            sims.append(sim)
    return (np.frombuffer(lo, dtype=np.int64), np.frombuffer(hi, dtype=np.int64),
            np.frombuffer(sims, dtype=np.float64))


def _capped(pile: List[np.ndarray], sketches: np.ndarray) -> np.ndarray:
    """cap_pairs of the distinct pairs of the arrays in `pile`: the best partners of a union
    are the best of each part's best, so capping now or at the end gives the same pairs.
    The pile is emptied as it is joined, and the joined array let go once its distinct pairs
    are known: each array is held once at a time (a 100,000-page site grouping of dumps
    without a site peaked here, docs/dedup.md)."""
    pairs = np.concatenate(pile)
    pile.clear()
    pairs = unique_pairs(pairs)
    return cap_pairs(pairs, sketches)


_NO_PAIRS = np.zeros((0, 2), dtype=np.int64)


def exact_representatives(digests: Sequence[str]) -> List[int]:
    """Stage "exact": for bodies in canonical order, by their digests (Fingerprint.digest),
    each body's representative: the position of the first body with its digest.

    Contract: pure; the representative of a digest group is its best-ranked body, so the
    answer depends only on the canonical order. On many machines: group by digest, keep the
    minimum canonical id."""
    return _first_of(_labels(list(digests)))


def band_rows(sketches: np.ndarray, ids: np.ndarray, band: Optional[int] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Stage "bands" (a map over any partition of bodies): the band keys of each body.

    sketches: (n, NUM_PERM) uint32 MinHashes; ids: n int64 canonical ids (numbers whose order
    is the canonical total order, Copy.rank). Returns (keys, ids): uint64 band keys (each
    holds its band's number, so keys of different bands never meet) and the id of the body
    each came from; all BANDS bands, or only `band`. Pure; rows in any order."""
    if band is not None:
        return _band_matrix(sketches, band)[:, 0], np.asarray(ids, dtype=np.int64)
    return _band_matrix(sketches).reshape(-1), np.repeat(np.asarray(ids, dtype=np.int64), BANDS)


def _band_matrix(sketches: np.ndarray, band: Optional[int] = None) -> np.ndarray:
    """(n, BANDS) uint64: band_keys of every row; (n, 1): those of one band. Built one band
    at a time from the ROWS columns it needs (the whole matrix at once widened every sketch
    to 64 bits first: 98 MB at the peak for 100,000 bodies where the keys are 24 MB; band
    by band, 27 MB and the same time)."""
    bands = range(BANDS) if band is None else (band,)
    keys = np.empty((len(sketches), len(bands)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for col, number in enumerate(bands):
            key = np.full(len(sketches), number, dtype=np.uint64)
            for r in range(ROWS):
                key = key * _MULT + sketches[:, number * ROWS + r].astype(np.uint64)
            keys[:, col] = key
    return keys


def candidate_pairs(keys: np.ndarray, ids: np.ndarray, bucket_max: Optional[int] = None) -> np.ndarray:
    """Stage "candidates" (a reduce by band key: every row of one key must be in the same
    call; on many machines, a shuffle on the key): the pairs of bodies that share a band.

    keys, ids: rows from band_rows. Returns an (m, 2) int64 array of id pairs (a < b),
    distinct within a key; the same pair under several keys (bands) is left to the caller
    (unique_pairs), which finds it among the few screened pairs at a fraction of the cost.
    A bucket of more than bucket_max (BUCKET_MAX) bodies is stock text: each of its bodies
    is paired only with its MAX_VERIFIED best-ranked (smallest ids) members, so the work
    stays linear and every body still meets the leaders it may join. Pure; the pairs (as a
    set, and their order) do not depend on the order of the rows."""
    cap = BUCKET_MAX if bucket_max is None else bucket_max
    keys, ids = _by_key(keys, ids)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    found = [_NO_PAIRS]
    # the bucket sizes there are, ascending: a count of each (np.unique hashed them, 0.19 of
    # dedup proper's 2.2 CPU s at 100,000 bodies)
    for size in np.flatnonzero(np.bincount(sizes[sizes > 1])).tolist():
        partners = size if size <= cap else MAX_VERIFIED  # a crowded bucket: its best-ranked few
        found.append(_bucket_pairs(ids, starts[sizes == size], size, partners))
    return np.concatenate(found)


def _by_key(keys: np.ndarray, ids: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """The rows sorted by (key, id), a repeated row (one body's key given twice) once. Ids
    already ascending (one process's bands) need only a stable sort of the keys."""
    if len(ids) > 1 and (ids[1:] > ids[:-1]).all():
        order = np.argsort(keys, kind="stable")
    else:
        order = np.lexsort((ids, keys))
    keys, ids = keys[order], ids[order]
    if len(ids) > 1:
        again = np.r_[False, (keys[1:] == keys[:-1]) & (ids[1:] == ids[:-1])]
        if again.any():
            keys, ids = keys[~again], ids[~again]
    return keys, ids


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """The distinct pairs, sorted (each pair as one 64-bit number: np.unique(axis=0) sorts
    rows as bytes, ten times slower)."""
    if len(pairs) == 0:
        return _NO_PAIRS
    codes = sorted_unique((pairs[:, 0] << np.int64(32)) | pairs[:, 1])
    return np.stack([codes >> np.int64(32), codes & np.int64(0xFFFFFFFF)], axis=1)


def _bucket_pairs(ids: np.ndarray, starts: np.ndarray, size: int, cap: int) -> np.ndarray:
    """The pairs (a, b), a before b, of the buckets of `size` sorted ids at `starts`: all of
    them, or those whose a is among the bucket's first `cap` (cap * size of them, not size**2)."""
    firsts = min(size, cap)
    a = np.repeat(np.arange(firsts), size - 1 - np.arange(firsts))
    b = np.concatenate([np.arange(i + 1, size) for i in range(firsts)]) if firsts else a
    return np.stack([ids[starts[:, None] + a].ravel(), ids[starts[:, None] + b].ravel()], axis=1)


def pack_sketches(sketches: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM // 8) uint64: the low byte of each MinHash value, 64 bytes a body (one
    cache line). Two equal values have equal low bytes, so agreement counted on these bytes
    is never below the true agreement: a bound the prescreen can reject on."""
    return np.ascontiguousarray(sketches.astype(np.uint8)).view(np.uint64)


def prescreen_pairs(pairs: np.ndarray, packed: np.ndarray, floor: float = ESTIMATE_FLOOR,
                    chunk: int = PRESCREEN_CHUNK) -> np.ndarray:
    """Stage "prescreen": the candidate pairs whose packed bytes (pack_sketches) agree on at
    least `floor` of the NUM_PERM values. The byte count bounds the true agreement from
    above, so no pair that screen_pairs would keep at a floor of at least `floor` is
    dropped; an unrelated pair agrees on 1/256 of its other values by chance. Two 64-byte
    rows gathered a pair, not 2 x 256 bytes: 8 times faster than screen_pairs, which checks
    the few pairs left (measured in docs/dedup.md). Pure; keeps the pairs' order."""
    keep = [_packed_agreement(pairs[at:at + chunk], packed) >= floor * NUM_PERM
            for at in range(0, len(pairs), chunk)]
    return pairs[np.concatenate(keep)] if keep else pairs


def _packed_agreement(pairs: np.ndarray, packed: np.ndarray) -> np.ndarray:
    """How many bytes of packed rows each pair's two bodies share (uint8: at most 64)."""
    a = np.take(packed, pairs[:, 0], axis=0).view(np.uint8)
    b = np.take(packed, pairs[:, 1], axis=0).view(np.uint8)
    return (a == b).sum(axis=1, dtype=np.uint8)


def screen_pairs(pairs: np.ndarray, sketches: np.ndarray, floor=ESTIMATE_FLOOR,
                 chunk: int = PAIR_CHUNK) -> np.ndarray:
    """Stage "screen": the candidate pairs whose MinHash estimate of Jaccard similarity (the
    share of agreeing values) is at least `floor` (one number, or one per pair: merge_floor).
    sketches[id] is body id's MinHash (on many machines, join the pairs with the sketches of
    both ids). Pure; keeps the pairs' order."""
    floor = np.broadcast_to(np.asarray(floor, dtype=float), (len(pairs),))
    keep = [_agreement(pairs[at:at + chunk], sketches, chunk) >= floor[at:at + chunk] * NUM_PERM
            for at in range(0, len(pairs), chunk)]
    return pairs[np.concatenate(keep)] if keep else pairs


def merge_floor(pairs: np.ndarray, sizes: np.ndarray, threshold: float,
                contained_share: Optional[float] = CONTAINED_SHARE) -> np.ndarray:
    """Each pair's screening floor, from the two bodies' sizes alone: the least Jaccard
    similarity at which the pair could still merge (threshold, possible only when the smaller
    body has at least threshold times the larger one's shingles; or a containment of
    contained_share within CONTAINED_MAX_RATIO, Jaccard cs / (ratio + 1 - cs)), less
    ESTIMATE_Z standard deviations of a NUM_PERM-value estimate; never below ESTIMATE_FLOOR.
    A pair that cannot merge at all gets 2 (screened out). Pure; per pair."""
    small = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]]).astype(float)
    large = np.maximum(np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]]), 1).astype(float)
    ratio = large / np.maximum(small, 1)
    least = np.where(small >= threshold * large, threshold, 2.0)
    if contained_share is not None:
        held = contained_share / (ratio + 1 - contained_share)
        least = np.minimum(least, np.where(ratio <= CONTAINED_MAX_RATIO, held, 2.0))
    floor = least - ESTIMATE_Z * np.sqrt(np.clip(least * (1 - least), 0, None) / NUM_PERM)
    return np.where(least > 1, 2.0, np.maximum(floor, ESTIMATE_FLOOR))


def cap_pairs(pairs: np.ndarray, sketches: np.ndarray, cap: Optional[int] = None) -> np.ndarray:
    """Stage "cap" (a reduce by each pair's later id b: all pairs of one b in one call): each
    body keeps at most `cap` (MAX_VERIFIED) candidates, the partners whose MinHash agrees
    most with its own (ties: the best-ranked). sketches[id] as in screen_pairs. Pure; any
    row order."""
    cap = MAX_VERIFIED if cap is None else cap
    if len(pairs) == 0:
        return pairs
    agree = _agreement(pairs, sketches)
    pairs = pairs[np.lexsort((pairs[:, 0], -agree, pairs[:, 1]))]
    later = pairs[:, 1]
    starts = np.flatnonzero(np.r_[True, later[1:] != later[:-1]])
    within = np.arange(len(pairs)) - np.repeat(starts, np.diff(np.r_[starts, len(pairs)]))
    return pairs[within < cap]


def _agreement(pairs: np.ndarray, sketches: np.ndarray, chunk: int = PAIR_CHUNK) -> np.ndarray:
    """How many MinHash values each pair's two bodies share. Rows are gathered as 32
    uint64, not 64 uint32 (1M random pairs: 0.14-0.16 CPU s against 0.17-0.21)."""
    rows = np.ascontiguousarray(sketches).view(np.uint64)
    return np.concatenate([(np.take(rows, pairs[at:at + chunk, 0], axis=0).view(np.uint32)
                            == np.take(rows, pairs[at:at + chunk, 1], axis=0).view(np.uint32)).sum(axis=1)
                           for at in range(0, len(pairs), chunk)] or [np.zeros(0, dtype=np.int64)])


def verify_pairs(pairs: np.ndarray, shingles: Shingles, threshold: float,
                 contained_share: Optional[float] = CONTAINED_SHARE) -> List[Tuple[int, int, float]]:
    """Stage "verify": each pair's true similarity (Jaccard of the shingle sets, or
    containment, see similarity()); the edges (a, b, similarity) at least `threshold`.
    shingles(id) gives a body's shingle set (on many machines, join the pairs with them).
    Pure; one pair at a time, so any partition of the pairs gives the same edges."""
    edges = []
    for a, b in pairs.tolist():
        sa, sb = shingles(a), shingles(b)
        small, large = sorted((len(sa), len(sb)))
        if small < threshold * large and (contained_share is None or small * CONTAINED_MAX_RATIO < large):
            continue  # too different in size: Jaccard < threshold, and not containment
        sim = _verified(sa, sb, threshold, contained_share)
        if sim is not None:
            edges.append((a, b, sim))
    return edges


def _verified(a: np.ndarray, b: np.ndarray, threshold: float,
              contained_share: Optional[float]) -> Optional[float]:
    """similarity(a, b) when it is at least `threshold`, else None. The smaller set's
    first 1/VERIFY_HEAD values (its lowest hashes: a sample) are looked up first; if
    all the others were shared too and the score still fell short, the rest is not looked
    up. The same answer as similarity(), bit for bit."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) == 0:
        return 0.0 if threshold <= 0 else None
    head = len(a) // VERIFY_HEAD
    found = _common(a[:head], b) if head else 0
    if _score(found + len(a) - head, len(a), len(b), contained_share) < threshold:
        return None
    sim = _score(found + _common(a[head:], b), len(a), len(b), contained_share)
    return sim if sim >= threshold else None


def components(edges: Sequence[Tuple[int, int, float]]) -> Dict[int, int]:
    """Stage "components": union-find over the verified edges; each id that has an edge ->
    its component's root, the smallest (best-ranked) id. Pure; any edge order."""
    parent: Dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    for a, b, _ in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        parent.setdefault(a, a), parent.setdefault(b, b)
    return {x: find(x) for x in parent}


def split_component(members: Sequence[int], edges: Sequence[Tuple[int, int, float]]) -> Dict[int, int]:
    """Stage "clusters" (a map over components: members and the edges between them): each
    member's leader. Members in canonical order (ascending id) join the most similar leader
    among their verified neighbours (ties: the best-ranked), else lead; so two bodies meet
    in a cluster only through a leader both were verified against, never through a chain of
    copies. Pure; depends only on the ids' order and the edges."""
    near: Dict[int, List[Tuple[float, int]]] = {}
    for a, b, sim in edges:
        near.setdefault(max(a, b), []).append((sim, min(a, b)))
    leader: Dict[int, int] = {}
    for i in sorted(members):
        joinable = [(-sim, j) for sim, j in near.get(i, ()) if leader[j] == j]
        leader[i] = min(joinable)[1] if joinable else i
    return leader


def split_components(n: int, edges: Sequence[Tuple[int, int, float]]) -> List[int]:
    """The leader of each of the bodies 0..n-1: components, then each one split
    (split_edges, over the edges as arrays)."""
    lo = np.array([min(a, b) for a, b, _ in edges], dtype=np.int64)
    hi = np.array([max(a, b) for a, b, _ in edges], dtype=np.int64)
    return split_edges(n, lo, hi, np.array([sim for _, _, sim in edges], dtype=np.float64))


def split_edges(n: int, lo: np.ndarray, hi: np.ndarray, sims: np.ndarray) -> List[int]:
    """split_component over every component at once, the edges (lo < hi) as arrays: an
    edge never joins two components, so taking all bodies in canonical order, each joining
    the most similar of its earlier neighbours that leads (ties: the best-ranked), gives
    each component's split. The edges sorted by (hi, -similarity, lo): a body's first
    edge to a leader is the one it joins."""
    order = np.lexsort((lo, -sims, hi))
    leader = list(range(n))
    joined = -1  # the last body that joined a leader: its further edges are not read
    for start in range(0, len(order), VERIFY_CHUNK):
        part = order[start:start + VERIFY_CHUNK]
        for i, j in zip(hi[part].tolist(), lo[part].tolist()):
            if i != joined and leader[j] == j:
                leader[i], joined = j, i
    return leader


_NO_SKETCH = np.zeros(0, dtype=np.uint32)


def minhash(items: np.ndarray) -> np.ndarray:
    """A MinHash of a set of hashes by one-permutation hashing: each value mixed by
    MurmurHash3's finalizer, the top bits choose one of NUM_PERM bins, and each bin keeps its
    least value (one pass, where classic MinHash applies NUM_PERM permutations: 15-35 ms for
    a 15,000-shingle transcript with datasketch or numpy, under 1 ms this way). Two sets agree
    on a bin with probability about their Jaccard similarity. An empty bin (short bodies)
    takes the next filled bin's value, mixed with the distance (rotation densification).
    By govclean._shingle's one C pass when it loads and `items` are contiguous uint32 (a
    body's shingles; the same array)."""
    kernel = _compiled_shingle()
    if kernel is not None and items.dtype == np.uint32 and items.flags.c_contiguous:
        return kernel.minhash(items)
    return _minhash_numpy(items)


def _minhash_numpy(items: np.ndarray) -> np.ndarray:
    """minhash in numpy: a few passes over the mixed values, then the densification."""
    if len(items) == 0:
        return np.zeros(NUM_PERM, dtype=np.uint32)
    h = _fmix_in_place(items.astype(np.uint64))
    bins = (h >> _BIN_SHIFT).astype(np.intp)
    # each bin's least value: ufunc.at, no sort (1,900 values: 20 us against 48 sorted, with
    # numpy 2; numpy before 1.25 runs ufunc.at slower, the same values)
    values = np.full(NUM_PERM, _U64_MAX)
    np.minimum.at(values, bins, h)
    filled = np.bincount(bins, minlength=NUM_PERM) > 0
    with np.errstate(over="ignore"):
        if not filled.all():
            have = np.flatnonzero(filled)
            nxt = have[np.searchsorted(have, np.arange(NUM_PERM)) % len(have)]
            distance = ((nxt - np.arange(NUM_PERM)) % NUM_PERM).astype(np.uint64)
            values = np.where(filled, values, _fmix(values[nxt] + distance * _MULT))
    # the bin's value: the 32 bits below the bin number's 6
    return ((values << np.uint64(6)) >> np.uint64(32)).astype(np.uint32)


_U64_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)
_HALF = np.uint64(32)
_FMIX_SHIFT = np.uint64(33)
_FMIX_C1 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX_C2 = np.uint64(0xC4CEB9FE1A85EC53)


# govclean._shingle, or None: the numpy forms give the same arrays
_compiled_shingle = Extension("govclean._shingle")


def _fmix_in_place(h: np.ndarray) -> np.ndarray:
    """_fmix over an array of the caller's own, without a new array each step."""
    t = h >> _FMIX_SHIFT
    h ^= t
    h *= _FMIX_C1
    np.right_shift(h, _FMIX_SHIFT, out=t)
    h ^= t
    h *= _FMIX_C2
    np.right_shift(h, _FMIX_SHIFT, out=t)
    h ^= t
    return h


def _fmix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit."""
    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xFF51AFD7ED558CCD)
    h = (h ^ (h >> np.uint64(33))) * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def band_keys(sketch: np.ndarray) -> np.ndarray:
    """A MinHash cut into BANDS keys: a 64-bit hash of each band's ROWS values and the
    band's number."""
    return _band_matrix(sketch.reshape(1, -1))[0]


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
