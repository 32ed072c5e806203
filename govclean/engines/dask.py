"""The Dask engine: the per-page stages run on a dask.distributed cluster, in partitions."""
from __future__ import annotations

from collections import OrderedDict, deque
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import Callable, Iterator, List, NamedTuple, Optional, Sequence

from ..batch import OnDocument, Settings, run_batch
from ..errors import GovcleanError
from ..inputs import Source
from ..report import OnProgress, Summary, no_progress
from ..spool import Spool

# Inputs per Dask task. Each task costs the scheduler about a millisecond and a round trip;
# a page costs 5-20 ms to clean, so 32 pages keep that overhead near 1% while a task's
# result (documents as compressed bytes, about 10 KB a page) stays well under a MB.
PARTITION_INPUTS = 32
# Tasks in flight per worker: enough to keep every worker busy while the client takes in
# results in input order, few enough that finished results waiting for an earlier one to
# come in stay bounded (the client never holds more than this many partitions per worker).
IN_FLIGHT_PER_WORKER = 4
# Dedup stages on the cluster: bodies per band-rows task (a task's rows: 32 bands x 16 bytes
# x 4,096 = 2 MB); key buckets of the band shuffle per worker (each bucket holds every row of
# its keys, so candidate_pairs sees whole buckets); candidate pairs per verify task (with the
# shingle sets of the bodies they name, a few MB).
BAND_BODIES = 4096
BUCKETS_PER_WORKER = 2
VERIFY_PAIRS = 2048
# Kept partitions whose documents (or shingle sets) the client holds after fetching them:
# the batch writes in input order, pass 1's and pass 2's partitions interleaved, so a few
# suffice; each is a partition's documents (about 32 x 10 kB compressed).
FETCHED_PARTS = 8
# The default cluster: -j worker processes of one thread (the stages hold the GIL), on the
# loopback interface only, without the dashboard.
LOCAL_HOST = "127.0.0.1"


def run(sources: Sequence[Source], settings: Settings, *, scheduler: Optional[str] = None,
        on_progress: OnProgress = no_progress, on_document: Optional[OnDocument] = None,
        client=None, partition_inputs: int = PARTITION_INPUTS,
        summary: Optional[Summary] = None) -> Summary:
    """run_batch with its per-page tasks (pass 1: clean, survey, fingerprint; pass 2: clean
    again with the site template) run on the cluster at `scheduler`, on the given client,
    or on a LocalCluster of settings.jobs workers; the corpus stages run here."""
    if any(s.path is None and s.problem is None for s in sources):
        raise GovcleanError("-", "standard input goes with --engine local")
    with _client(settings, scheduler, client) as c:
        keeper = Keeper(c)
        cleaner = _cleaner_on(c, keeper, partition_inputs)
        near = lambda sketches, shingles, threshold, sizes=None: near_leaders(
            c, sketches, shingles, threshold, sizes=sizes)
        hashed = lambda part: c.submit(hash_partition, part, pure=False)
        hasher = lambda tasks: _ordered(c, hashed, list(tasks), partition_inputs)
        try:
            return run_batch(sources, replace(settings, cleaner=cleaner, near=near, hasher=hasher,
                                              spool=lambda: KeptSpool(keeper)),
                             on_progress=on_progress, on_document=on_document, summary=summary)
        finally:
            keeper.release()


@contextmanager
def _client(settings: Settings, scheduler: Optional[str], client) -> Iterator[object]:
    if client is not None:
        yield client
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise GovcleanError("--engine dask", "needs dask.distributed: pip install 'govclean[cluster]'") from None
    if scheduler:
        with Client(scheduler) as c:
            yield c
        return
    with LocalCluster(n_workers=settings.jobs, threads_per_worker=1, processes=True,
                      host=LOCAL_HOST, dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def _cleaner_on(client, keeper: "Keeper", partition_inputs: int) -> Callable:
    @contextmanager
    def cleaner(settings: Settings, tasks: int):
        cleaned = partial(keeper.submit, settings.chrome)
        yield lambda todo: _ordered(client, cleaned, list(todo), partition_inputs)
    return cleaner


def clean_partition(chrome: List[str], tasks: list) -> list:
    """One partition's tasks, on a worker: batch._clean_task for each, in order."""
    from ..batch import _clean_task, use_chrome

    use_chrome(chrome)
    return [_clean_task(t) for t in tasks]


def hash_partition(tasks: list) -> list:
    """One partition of the plan, on a worker: batch.hash_task for each input (its bytes
    read there, only the 64-character hash comes back)."""
    from ..batch import hash_task

    return [hash_task(t) for t in tasks]


def _ordered(client, submit: Callable[[list], object], todo: list, size: int) -> Iterator:
    """The results of submit(partition) over todo, in order: partitions of `size` submitted
    a window at a time, each taken in (and released on the cluster: its future dropped)
    before the next is submitted. A worker that dies takes its partitions with it; the
    scheduler runs them again elsewhere (they are pure)."""
    parts = (todo[i:i + size] for i in range(0, len(todo), size))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    for results in _windowed(map(submit, parts), workers * IN_FLIGHT_PER_WORKER):
        yield from results


# ------------------------------------------------------------------ results kept on the workers


class Held(NamedTuple):
    """Where one page's document (field "blob") or shingle set ("shingles") waits on the
    cluster: in the results of kept partition `part`, at position `pos`."""

    part: int
    pos: int
    field: str


def summarize(results: list, part: int) -> list:
    """On the worker that cleaned a partition: what the client takes in of each page (its
    hash, failure, survey and dedup.Copy), the document (or rendered output), shingle
    set and classify verdicts (pass 2's, fetched when it starts) left as Held."""
    return [r._replace(blob=_held(r.blob, part, pos, "blob"), shingles=Held(part, pos, "shingles"),
                       output=_held(r.output, part, pos, "output"),
                       verdicts=_held(r.verdicts, part, pos, "verdicts"))
            if r.shingles is not None else r for pos, r in enumerate(results)]


def _held(value, part: int, pos: int, field: str) -> Optional[Held]:
    """Where a page's value waits on the cluster; None for one the page does not have."""
    return None if value is None else Held(part, pos, field)


def pick(results: list, field: str, positions: Optional[List[int]] = None) -> list:
    """On a worker: one field of a kept partition's results (all, or at these positions)."""
    chosen = results if positions is None else [results[p] for p in positions]
    return [getattr(r, field) for r in chosen]


class Keeper:
    """The cleaned partitions (pass 1 and pass 2) kept on the workers for the whole run: the
    client holds a future for each and a summary of each page, and fetches a partition's
    documents (to write them) or chosen shingle sets (to verify pairs, to choose canonical
    copies) only when it needs them. Released at the end of the run."""

    def __init__(self, client):
        self.client = client
        self.parts: list = []
        self.recent: "OrderedDict" = OrderedDict()  # (part, field) -> values, FETCHED_PARTS

    def submit(self, chrome: List[str], tasks: list):
        """Clean one partition, kept where it ran; the future of its summaries. Pages that
        are not spooled (--dedup off, one page) go out as soon as cleaned: nothing kept."""
        kept = self.client.submit(clean_partition, chrome, tasks, pure=False)
        if not any(spooled for _, _, _, spooled, *_ in tasks):
            return kept
        self.parts.append(kept)
        return self.client.submit(summarize, kept, len(self.parts) - 1, pure=False)

    def fetch(self, held: Held):
        """One value, by its partition's whole field (documents are read in input order)."""
        key = (held.part, held.field)
        if key not in self.recent:
            self.recent[key] = self.client.submit(pick, self.parts[held.part], held.field,
                                                  pure=False).result()
            if len(self.recent) > FETCHED_PARTS:
                self.recent.popitem(last=False)
        self.recent.move_to_end(key)
        return self.recent[key][held.pos]

    def fetch_many(self, helds: List[Held]) -> list:
        """Many values at once: one task per partition they are in, gathered together."""
        by_part: dict = {}
        for h in helds:
            by_part.setdefault((h.part, h.field), []).append(h.pos)
        keys = list(by_part)
        got = self.client.gather([self.client.submit(pick, self.parts[p], f, by_part[(p, f)], pure=False)
                                  for p, f in keys])
        values = {(p, f, pos): v for (p, f), vs in zip(keys, got) for pos, v in zip(by_part[(p, f)], vs)}
        return [values[(h.part, h.field, h.pos)] for h in helds]

    def release(self) -> None:
        for future in self.parts:
            future.release()
        self.parts, self.recent = [], OrderedDict()


class KeptSpool(Spool):
    """The batch's spool on the Dask engine: what the workers keep (Held) stays there and is
    fetched from them; anything else (a document from the state) goes to the local file."""

    def __init__(self, keeper: Keeper):
        super().__init__()
        self.keeper = keeper

    def put(self, data):
        return data if isinstance(data, Held) else super().put(data)

    def put_all(self, parts):
        local = iter(Spool.put_all(self, [p for p in parts if not isinstance(p, Held)]))
        return [p if isinstance(p, Held) else next(local) for p in parts]

    def get(self, ref):
        return self.keeper.fetch(ref) if isinstance(ref, Held) else super().get(ref)

    def put_array(self, array):
        return array if isinstance(array, Held) else super().put_array(array)

    def get_array(self, ref, dtype: str = "uint32"):
        return self.keeper.fetch(ref) if isinstance(ref, Held) else super().get_array(ref, dtype)

    def get_arrays(self, refs, dtype: str = "uint32") -> list:
        held = [r for r in refs if isinstance(r, Held)]
        fetched = iter(self.keeper.fetch_many(held)) if held else iter(())
        return [next(fetched) if isinstance(r, Held) else super(KeptSpool, self).get_array(r, dtype)
                for r in refs]


# ------------------------------------------------------------------ dedup stages as tasks


def near_leaders(client, sketches, shingles: Callable, threshold: float,
                 contained_share: Optional[float] = None, sizes=None) -> List[int]:
    """dedup.near_leaders with its stages as Dask tasks: band rows by partition of bodies,
    shuffled by band key into buckets, candidate pairs and the MinHash screen per bucket,
    each body's best MinHash partners kept (cap_pairs, here), verification per chunk of
    pairs (each with the shingle sets it needs, read here), then the components here (the
    verified edges are few). The same answer: the stages are
    pure and each bucket holds every row of its keys."""
    import numpy as np

    from .. import dedup

    share = dedup.CONTAINED_SHARE if contained_share is None else contained_share
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    buckets = workers * BUCKETS_PER_WORKER
    # keys never repeat (pure=False, hash=False): the same sketches come twice in a batch
    # (templates, then the output), and a key released after the first call could take
    # the second call's data with it
    submit = partial(client.submit, pure=False)
    at_all = client.scatter(sketches, broadcast=True, hash=False)
    maps = [submit(band_partition, sketches[i:i + BAND_BODIES],
                   np.arange(i, min(i + BAND_BODIES, len(sketches)), dtype=np.int64), buckets)
            for i in range(0, len(sketches), BAND_BODIES)]
    picks = [[submit(_pick, m, b) for m in maps] for b in range(buckets)]
    screen = (sizes, threshold, share)  # the size-aware floor of dedup.merge_floor
    reduces = [submit(bucket_pairs, picks[b], at_all, screen) for b in range(buckets)]
    found = [p for p in client.gather(reduces) if len(p)]
    pairs = dedup.unique_pairs(np.concatenate(found)) if found else np.zeros((0, 2), dtype=np.int64)
    # capped here, once: a body's pairs come from many buckets, and the best `cap` of a
    # union are the best of the bests the one-process run keeps band by band
    pairs = dedup.cap_pairs(pairs, sketches)
    chunks = (pairs[i:i + VERIFY_PAIRS] for i in range(0, len(pairs), VERIFY_PAIRS))
    verify = lambda chunk: submit(verify_chunk, chunk, _sets(shingles, np.unique(chunk).tolist()),
                                  threshold, share)
    # a window of chunks in flight: the client holds the shingle sets of a few chunks at
    # once, not those of every candidate pair
    edges = [e for part in _windowed(map(verify, chunks), workers * IN_FLIGHT_PER_WORKER) for e in part]
    return dedup.split_components(len(sketches), edges)


def _windowed(futures: Iterator, size: int) -> Iterator:
    """The futures' results in order, at most `size` of them submitted and not taken in."""
    window: deque = deque()
    for future in futures:
        window.append(future)
        if len(window) >= size:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


def _sets(shingles, ks: List[int]) -> dict:
    """The shingle sets of bodies ks, read together when the loader can (from the workers
    that keep them), else one by one."""
    many = getattr(shingles, "many", None)
    return many(ks) if many is not None else {k: shingles(k) for k in ks}


def band_partition(sketches, ids, buckets: int) -> list:
    """Stage "bands" on a worker: each body's band rows, split into buckets by key."""
    import numpy as np

    from ..dedup import band_rows

    keys, ids = band_rows(sketches, ids)
    which = keys % np.uint64(buckets)
    return [(keys[which == b], ids[which == b]) for b in range(buckets)]


def _pick(parts: list, bucket: int):
    return parts[bucket]


def bucket_pairs(rows: list, sketches, screen: tuple):
    """Stage "candidates", "prescreen" then "screen" on a worker: one bucket's rows from
    every partition (a pair shared by several bands comes once from each: the client's
    unique_pairs keeps one);
    screen: (sizes, threshold, contained_share) for dedup.merge_floor (sizes None: the
    plain ESTIMATE_FLOOR)."""
    import numpy as np

    from ..dedup import (ESTIMATE_FLOOR, candidate_pairs, merge_floor, pack_sketches, prescreen_pairs,
                         screen_pairs)

    keys = np.concatenate([k for k, _ in rows])
    ids = np.concatenate([i for _, i in rows])
    pairs = prescreen_pairs(candidate_pairs(keys, ids), pack_sketches(sketches))
    sizes, threshold, share = screen
    floor = ESTIMATE_FLOOR if sizes is None else merge_floor(pairs, sizes, threshold, share)
    return screen_pairs(pairs, sketches, floor)


def verify_chunk(pairs, sets: dict, threshold: float, share: float) -> list:
    """Stage "verify" on a worker: the chunk's edges, with the shingle sets it was given."""
    from ..dedup import verify_pairs

    return verify_pairs(pairs, sets.__getitem__, threshold, share)
