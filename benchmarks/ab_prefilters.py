"""CPU time per page of clean_page with round 6's C scans and prefilters and without them, in one process, interleaved.

    taskset -c 1 python benchmarks/ab_prefilters.py [--groups zh-gov,en-gov,aeb,web] [--rounds 7] [--limit N]

Both sides are the worktree's code in the form it is installed (run it after `pip install -e .`,
`govclean --version` saying "compiled"), the compiled walker on both: only these differ,
govclean._markup's scans in segment.cap_attributes (off: segment's regexes) and govclean._walk's
prefilters in sources.attachments, time_candidates and script_lines (off: every element).
Every round cleans each group's pages (in memory) one way, then the other, caches cleared
before every pass, timed by time.process_time; each side keeps its best round. The two
sides' Documents (their repr) are compared on the first round: the script fails if any page differs.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package

import corpus  # noqa: E402
from ab_speed import group_files  # noqa: E402


def set_form(on: bool, markup) -> None:
    """The C scans and prefilters on, or off (the regexes, and every element read)."""
    from govclean import segment, sources

    segment._compiled_markup.loaded[:] = [markup if on else None]
    sources._compiled_walk = segment._compiled_walk if on else (lambda: None)


def one_pass(on: bool, markup, pages) -> tuple:
    """(ms a page, the pages' Documents as repr) of one pass."""
    from govclean import api

    set_form(on, markup)
    api.clear_caches()
    out = []
    start = time.process_time()
    for rel, data in pages:
        out.append(api.clean_page(data, filename=rel))
    ms = 1e3 * (time.process_time() - start) / len(pages)
    return ms, [repr(r) for r in out]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="zh-gov,en-gov,aeb,web")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--limit", type=int, default=None, help="each group's first N files")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    a = ap.parse_args(argv)
    from govclean import compiled, segment

    walk, markup = segment._compiled_walk(), segment._compiled_markup()
    if walk is None or markup is None:
        print(f"govclean's extensions do not load here: {compiled.extension_forms()}", file=sys.stderr)
        return 2
    print(f"govclean modules {compiled.summary()}; {walk.__file__}, {markup.__file__}")
    print("| group | without: clean_page ms/page | with scans and prefilters ms/page | speed-up |")
    print("| --- | ---: | ---: | ---: |")
    try:
        for group in a.groups.split(","):
            pages = [(corpus.relpath(a.shared, p), p.read_bytes())
                     for p in group_files(a.shared, group)[:a.limit]]
            one_pass(True, markup, pages[:1])  # lazy imports and compiled patterns are not per-page cost
            off = on = float("inf")
            for round_ in range(a.rounds):
                ms_off, out_off = one_pass(False, markup, pages)
                ms_on, out_on = one_pass(True, markup, pages)
                if round_ == 0 and out_off != out_on:
                    differ = [rel for (rel, _), x, y in zip(pages, out_off, out_on) if x != y]
                    print(f"{group}: {len(differ)} pages differ, e.g. {differ[:3]}", file=sys.stderr)
                    return 1
                off, on = min(off, ms_off), min(on, ms_on)
            print(f"| {group} | {off:.2f} | {on:.2f} | {off / on:.2f}x |", flush=True)
    finally:
        set_form(True, markup)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
