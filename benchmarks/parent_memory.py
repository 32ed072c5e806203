"""What the parent of `govclean clean -f jsonl --dedup near -j 2 BATCH` holds, stage by stage.

    python benchmarks/parent_memory.py BATCH            # RSS (VmRSS, VmHWM) at stage marks
    python benchmarks/parent_memory.py --walk BATCH     # bytes a page, by part, when pass 1 ends

The command line runs in this process (its workers are forked: not counted). Marks: the end
of pass 1, before and after each dedup.cluster_copies (the site templates' articles, then
the output's clusters), the end of the corpus stage, the end of the run; one JSON line each
on standard error (the JSONL output goes to standard output). --walk sizes every item the
batch holds when pass 1 ends (sys.getsizeof, each object counted once, numpy arrays with
their data) and prints bytes a page by attribute: what each page costs in the parent until
the batch is decided (docs/dedup.md, "Memory of the command line"). Batches:
`benchmarks/dedup_scale.py --generate-only --keep --workdir DIR --sizes 10000,30000`.
"""
from __future__ import annotations

import gc
import json
import sys
from collections import Counter

from govclean import batch, dedup  # the installed one (PYTHONPATH=OLD_COPY for another)


def status() -> dict:
    """This process's VmRSS and VmHWM in MiB."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmHWM", "VmRSS")):
                out[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    return out


def mark(name: str) -> None:
    gc.collect()
    print(json.dumps({"at": name, **status()}), file=sys.stderr, flush=True)


def deep(o, seen: set) -> int:
    """Bytes of o and what it holds, each object once (numpy: header and data)."""
    import numpy as np

    if o is None or isinstance(o, bool) or id(o) in seen:
        return 0
    seen.add(id(o))
    size = sys.getsizeof(o)
    if isinstance(o, np.ndarray):
        return size + (deep(o.base, seen) if o.base is not None else 0)
    if isinstance(o, dict):
        return size + sum(deep(k, seen) + deep(v, seen) for k, v in o.items())
    if isinstance(o, (list, tuple, set, frozenset)):
        return size + sum(deep(x, seen) for x in o)
    return size + sum(deep(v, seen) for _, v in attributes(o))


def attributes(o) -> list:
    if isinstance(o, (str, bytes, int, float)):
        return []
    named = list(vars(o).items()) if hasattr(o, "__dict__") else []
    return named + [(s, getattr(o, s, None)) for s in getattr(type(o), "__slots__", ())]


def shell(o, seen: set) -> int:
    """The object itself (and its __dict__), not what it holds."""
    seen.add(id(o))
    size = sys.getsizeof(o)
    if hasattr(o, "__dict__"):
        seen.add(id(vars(o)))
        size += sys.getsizeof(vars(o))
    return size


def walk(items: list) -> None:
    """Bytes a page by part: the item, its source, its page (survey, copy, references)."""
    counts: Counter = Counter()
    seen: set = set()
    for it in items:
        counts["item"] += shell(it, seen)
        for name, value in attributes(it):
            if name in ("source", "page") and value is not None:
                counts[name] += shell(value, seen)
                for sub, v in attributes(value):
                    if sub in ("survey", "copy") and v is not None:
                        counts[f"page.{sub}"] += shell(v, seen)
                        for leaf, w in attributes(v):
                            counts[f"page.{sub}.{leaf}"] += deep(w, seen)
                    else:
                        counts[f"{name}.{sub}"] += deep(v, seen)
            else:
                counts[f"item.{name}"] += deep(value, seen)
    n = max(1, len(items))
    print(f"{len(items)} pages: {sum(counts.values()) / n:.0f} bytes a page", file=sys.stderr)
    for part, size in counts.most_common():
        if size:
            print(f"  {part:24s} {size / n:8.1f}", file=sys.stderr)


def instrument(walking: bool) -> None:
    stage, cluster = batch._corpus_stage, dedup.cluster_copies

    def corpus_stage(items, *rest):
        mark("pass 1 done")
        if walking:
            walk(items)
        stage(items, *rest)
        mark("corpus stage done")

    def cluster_copies(*args, **kwargs):
        mark("before cluster_copies")
        leader = cluster(*args, **kwargs)
        mark("after cluster_copies")
        return leader

    batch._corpus_stage, dedup.cluster_copies = corpus_stage, cluster_copies


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    walking = "--walk" in args
    args = [a for a in args if a != "--walk"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    instrument(walking)
    from govclean.cli import main as cli

    try:
        cli(["clean", "-q", "-f", "jsonl", "--dedup", "near", "-j", "2", args[0]])
    except SystemExit:
        pass
    sys.stdout.flush()
    mark("end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
