"""Time dedup proper (dedup.cluster_copies alone) on the dedup_scale batches, and explain its false pairs.

    python benchmarks/dedup_proper.py --sizes 1000,10000,30000,100000 [--rounds 3] [--compare REV]

Per size: CPU seconds of cluster_copies (the best of --rounds runs), its peak memory
(tracemalloc: what dedup proper allocates above the fingerprints it is given, a separate
run since tracing slows it), the rows each stage gives, pair P/R against the injected
pairs. --compare REV: REV's govclean exported beside this one (as ab_speed.py does) and
its cluster_copies timed in the same rounds, interleaved, on the same fingerprints.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import corpus  # noqa: E402
import dedup_gen  # noqa: E402
from dedup_scale import SEED  # noqa: E402  the same batches as the CLI benchmark

from govclean import dedup  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000,100000", help="batch sizes, comma-separated")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(REPO))
    ap.add_argument("--share", type=float, default=dedup_gen.NEAR_DUP_SHARE)
    ap.add_argument("--explain", type=int, default=0, help="print this many false pairs per size")
    ap.add_argument("--bucket-max", type=int, help="try another dedup.BUCKET_MAX")
    ap.add_argument("--rounds", type=int, default=1, help="timed runs per size (the best is kept)")
    ap.add_argument("--compare", metavar="REV", help="time REV's cluster_copies too, interleaved")
    ap.add_argument("--stages", action="store_true",
                    help="one more run (and one of REV's) with the CPU seconds of each stage")
    a = ap.parse_args(argv)
    a.sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    return a


def body(rendered: str) -> str:
    """The text after the transcript's "content:" line: the command line reads the title,
    url and author lines as metadata, so only this part is compared."""
    return rendered.partition("content:")[2]


def copies_of(texts: list[str]):
    """Each document's body as dedup sees it (a text dump without metadata), and its
    shingle sets."""
    prints = [dedup.fingerprint(t) for t in texts]
    copies = [dedup.Copy(f"doc-{i:06d}", None, True, 0, None, fp.digest, fp.length,
                         len(fp.shingles), fp.sketch, None) for i, fp in enumerate(prints)]
    return copies, [fp.shingles for fp in prints]


def predicted(leader: list[int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, j in enumerate(leader):
        groups.setdefault(j, []).append(i)
    return {p for g in groups.values() for p in combinations(sorted(g), 2)}


def kind(i: int, pool_size: int, bases: int) -> str:
    """What document i is: a pool transcript, a collage beyond the pool, or an injected copy."""
    if i >= bases:
        return "copy"
    return "pool" if i < pool_size else "collage"


def explain(pairs, shingles, pool_size, bases, limit) -> dict:
    """What the false pairs are: the two kinds, Jaccard, containment and size ratio."""
    kinds: Counter = Counter()
    shown = 0
    for a, b in sorted(pairs):
        sa, sb = shingles[a], shingles[b]
        inter = dedup._common(sa, sb)
        small, large = sorted((len(sa), len(sb)))
        jac = inter / (len(sa) + len(sb) - inter)
        label = "+".join(sorted((kind(a, pool_size, bases), kind(b, pool_size, bases))))
        label += " jaccard>=0.5" if jac >= dedup.DEFAULT_THRESHOLD else " contained"
        kinds[label] += 1
        if shown < limit:
            shown += 1
            print(f"  {a} {b} {label}: J {jac:.3f} held {inter / small:.3f} ratio {large / small:.2f}")
    return dict(kinds)


STAGES = ("candidate_pairs", "prescreen_pairs", "screen_pairs", "cap_pairs", "verify_pairs")


def counting() -> Counter:
    """Count the rows each near-duplicate stage gives (wrapping dedup's functions, which
    near_leaders looks up at each call)."""
    counts: Counter = Counter()
    for name in STAGES:
        def counted(*args, _f=getattr(dedup, name), _name=name, **kw):
            out = _f(*args, **kw)
            counts[_name + " in"] += len(args[0])
            counts[_name + " out"] += len(out)
            return out
        if hasattr(dedup, name):  # prescreen_pairs is new
            setattr(dedup, name, counted)
    return counts


def measure(pool, size: int, a) -> dict:
    batch = dedup_gen.build_batch(pool, size, SEED + size, a.share)
    bases = size - round(size * a.share)
    texts = [body(doc.render(wrap=w)) for doc, w in zip(batch.docs, batch.wrapped)]
    start = time.process_time()
    copies, shingles = copies_of(texts)
    fp_cpu = time.process_time() - start
    leader = dedup.cluster_copies(copies, shingles.__getitem__)
    cpu, base_cpu = best_cpu(copies, shingles, a)
    tracemalloc.start()
    dedup.cluster_copies(copies, shingles.__getitem__)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    counts = counting()
    dedup.cluster_copies(copies, shingles.__getitem__)  # again, counting the stages' rows
    for name in STAGES:
        if hasattr(dedup, name):
            setattr(dedup, name, getattr(dedup, name).__kwdefaults__["_f"])
    gold = {p for c in batch.clusters for p in combinations(sorted(c), 2)}
    pred = predicted(leader)
    false = pred - gold
    row = {"size": size, "fingerprint_cpu_s": round(fp_cpu, 2), "dedup_cpu_s": round(cpu, 3),
           "dedup_peak_mib": round(peak, 1),
           "pred_pairs": len(pred), "gold_pairs": len(gold),
           "pair_precision": round(len(pred & gold) / max(1, len(pred)), 4),
           "pair_recall": round(len(pred & gold) / max(1, len(gold)), 4),
           "rows": dict(counts)}
    if base_cpu is not None:
        tracemalloc.start()
        same = BASE.cluster_copies(copies, shingles.__getitem__) == leader
        base_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        row.update(base_cpu_s=round(base_cpu, 3), base_over_this=round(base_cpu / cpu, 2),
                   base_peak_mib=round(base_peak, 1), same_leaders_as_base=same)
    if a.stages:
        row["stage_cpu_s"] = stage_seconds(dedup, copies, shingles)
        if BASE is not None:
            row["base_stage_cpu_s"] = stage_seconds(BASE, copies, shingles)
    row["false"] = explain(false, shingles, len(pool), bases, a.explain)
    row["missed"] = explain(gold - pred, shingles, len(pool), bases, a.explain)
    return row


BASE = None  # REV's dedup module (--compare)
# The functions near_leaders and cluster_copies call, timed by --stages (those REV lacks
# are skipped; REV's candidate_pairs includes its unique_pairs of each band's pairs; near_leaders
# splits with split_edges since round 5, split_components before; and
# everything not listed, such as the canonical order and the exact groups, is "rest").
TIMED = ("_band_matrix", "candidate_pairs", "prescreen_pairs", "merge_floor", "screen_pairs",
         "cap_pairs", "verify_pairs", "split_components", "split_edges")


def stage_seconds(module, copies, shingles) -> dict:
    """CPU seconds of each TIMED function of `module` in one cluster_copies run."""
    spent: Counter = Counter()
    saved = {name: getattr(module, name) for name in TIMED if hasattr(module, name)}

    def timed(f, name):
        def run(*args, **kw):
            start = time.process_time()
            try:
                return f(*args, **kw)
            finally:
                spent[name] += time.process_time() - start
        return run

    for name, f in saved.items():
        setattr(module, name, timed(f, name))
    start = time.process_time()
    try:
        module.cluster_copies(copies, shingles.__getitem__)
    finally:
        for name, f in saved.items():
            setattr(module, name, f)
    spent["rest"] = time.process_time() - start - sum(spent.values())
    return {k: round(v, 3) for k, v in spent.items()}


def best_cpu(copies, shingles, a):
    """The least CPU seconds of cluster_copies over a.rounds runs, and REV's (None without
    --compare), REV's run first in each round."""
    best = base = float("inf")
    for _ in range(a.rounds):
        if BASE is not None:
            start = time.process_time()
            BASE.cluster_copies(copies, shingles.__getitem__)
            base = min(base, time.process_time() - start)
        start = time.process_time()
        dedup.cluster_copies(copies, shingles.__getitem__)
        best = min(best, time.process_time() - start)
    return best, (base if BASE is not None else None)


def load_base(rev: str, into: Path):
    """REV's govclean.dedup, exported under the name govclean_base (ab_speed.export_base)."""
    import importlib

    from ab_speed import export_base
    export_base(rev, into)
    sys.path.insert(0, str(into))
    return importlib.import_module("govclean_base.dedup")


def main(argv=None) -> int:
    a = parse_args(argv)
    mfa = corpus.corpus_root(a.shared) / "mfa-txt"
    if not mfa.is_dir():
        print(f"dedup_proper: no transcripts at {mfa}; nothing to run (pass --shared PATH).")
        return 0
    pool = dedup_gen.distinct_pool(dedup_gen.load_pool(mfa))
    if a.bucket_max:
        dedup.BUCKET_MAX = a.bucket_max
    global BASE
    with tempfile.TemporaryDirectory() as tmp:
        BASE = load_base(a.compare, Path(tmp)) if a.compare else None
        for size in a.sizes:
            print(json.dumps(measure(pool, size, a)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
