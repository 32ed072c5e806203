"""Where clean_page spends its time: a cProfile stage breakdown over corpus pages in memory.

    GOVCLEAN_PURE=1 taskset -c 1 python benchmarks/profile_stages.py [--groups zh-gov,en-gov] [--shared PATH]
                                                      [--top N] [--passes N]

For each group, every page's bytes are read into memory, one page is cleaned untimed
(lazy imports, compiled patterns; readability-lxml is imported too), then `clean_page` runs over all pages `--passes` times
under cProfile (the per-line caches cleared before each pass, as in run.py). A stage's share
is the cumulative time of the function that owns it, over clean_page's own cumulative time:

    load         load.load_bytes            parse        segment.parse_html
    segment walk segment.css_hidden_names + segment._Walker.walk (+ _segment_text for dumps)
    classify     classify.classify          readability  classify.readability_opinion
    fold         fold.fold                  metadata     metadata.head_titles + build_document
    other        the rest of clean_page (assembling the Document)

cProfile slows Python code more than C code (lxml's parser), so shares lean towards the
Python stages; pages/s is measured separately, without the profiler (best of --passes).
`--top N` also prints the N functions with the largest own time.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package, when present

import corpus  # noqa: E402

# (stage, [(module file, function name), ...]) in pipeline order.
STAGES = [
    ("load", [("load.py", "load_bytes")]),
    ("parse", [("segment.py", "parse_html")]),
    ("segment walk", [("segment.py", "css_hidden_names"), ("segment.py", "walk"),
                      ("segment.py", "_segment_text")]),
    ("classify", [("classify.py", "classify")]),
    ("readability", [("classify.py", "readability_opinion")]),
    ("fold", [("fold.py", "fold")]),
    ("metadata", [("metadata.py", "head_titles"), ("metadata.py", "build_document")]),
]
TOTAL = ("api.py", "clean_page")


def load(shared: Path, group: str) -> list:
    return [(corpus.relpath(shared, p), p.read_bytes()) for p in corpus.group_files(shared, group)]


def one_pass(pages) -> None:
    from govclean import clean_page
    from govclean.api import clear_caches

    clear_caches()
    for rel, data in pages:
        clean_page(data, filename=rel)


def cumulative(stats: pstats.Stats, module: str, name: str) -> float:
    return sum(row[3] for (path, _, func), row in stats.stats.items()
               if func == name and Path(path).name == module and "govclean" in path)


def breakdown(stats: pstats.Stats) -> dict:
    total = cumulative(stats, *TOTAL)
    if not total:  # compiled modules: cProfile sees no Python frame of clean_page
        sys.exit("profile_stages: cProfile sees no clean_page (the compiled modules run); "
                 "run it with GOVCLEAN_PURE=1 in the environment")
    shares = {stage: sum(cumulative(stats, *f) for f in funcs) / total for stage, funcs in STAGES}
    shares["other"] = 1 - sum(shares.values())
    return shares


def pages_per_s(pages, passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        one_pass(pages)
        best = min(best, time.perf_counter() - start)
    return len(pages) / best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="zh-gov,en-gov")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--top", type=int, default=0)
    a = ap.parse_args(argv)
    if not corpus.corpus_root(a.shared).is_dir():
        print(f"no corpus at {corpus.corpus_root(a.shared)}: nothing to measure")
        return 0
    rows = []
    for group in a.groups.split(","):
        pages = load(a.shared, group)
        one_pass(pages[:1])  # warm-up
        import readability  # noqa: F401  clean_page imports it lazily, on the pages that need it
        profiler = cProfile.Profile()
        for _ in range(a.passes):
            profiler.runcall(one_pass, pages)
        stats = pstats.Stats(profiler)
        rows.append((group, len(pages), pages_per_s(pages, a.passes), breakdown(stats)))
        if a.top:
            print(f"--- {group}: top {a.top} by own time")
            stats.sort_stats("tottime").print_stats(a.top)
    stages = [s for s, _ in STAGES] + ["other"]
    print("| group | pages | pages/s (no profiler) | " + " | ".join(stages) + " |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in stages) + " |")
    for group, n, speed, shares in rows:
        print(f"| {group} | {n} | {speed:.1f} | " + " | ".join(f"{100 * shares[s]:.0f}%" for s in stages) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
