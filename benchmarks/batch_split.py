"""Where a dedup batch's CPU goes: the parent against its workers, and how many pages pass 2 cleans again.

    python benchmarks/batch_split.py DIR [-j 2] [--no-freeze] [--out FILE]

Runs `govclean clean -f jsonl --dedup near -j N DIR` in this process (the CLI's own main),
its output to FILE (default: discarded), and prints the wall time, the parent's CPU
(getrusage RUSAGE_SELF), the workers' (RUSAGE_CHILDREN), the parent's peak RSS, and the
pages pass 2 cleaned again with their site's template. --no-freeze runs the batch without
the parent's collector freezes (govclean/heap.py), for an A/B in the same code. Run it from
the folder holding DIR to get the same input names (and bytes) as dedup_scale.py.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def count_second_pass(seen: dict) -> None:
    """Count the pages pass 2 cleans again: corpus.needs_second_pass, which batch._second_pass
    imports at each call, wrapped to count its answers."""
    from govclean import corpus

    original = corpus.needs_second_pass

    def counted(page, template):
        again = original(page, template)
        seen["pages"] = seen.get("pages", 0) + 1
        seen["pass2"] = seen.get("pass2", 0) + again
        return again

    corpus.needs_second_pass = counted


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-freeze", action="store_true")
    ap.add_argument("--out", default=os.devnull)
    args = ap.parse_args()
    seen: dict = {}
    count_second_pass(seen)
    if args.no_freeze:
        from govclean import heap
        heap.Freezer.freeze = lambda self: None
    from govclean.cli import main as cli
    start = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        with contextlib.suppress(SystemExit):
            cli(["clean", "-f", "jsonl", "--dedup", "near", "-j", str(args.jobs), args.dir],
                standalone_mode=False)
    wall = time.perf_counter() - start
    me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"{args.dir}: wall {wall:.1f} s, parent {me.ru_utime + me.ru_stime:.1f} CPU s, "
          f"workers {kids.ru_utime + kids.ru_stime:.1f} CPU s, parent peak {me.ru_maxrss / 1024:.0f} MiB, "
          f"pass 2 {seen.get('pass2', 0)} of {seen.get('pages', 0)} pages"
          + (" (no freezes)" if args.no_freeze else ""))


if __name__ == "__main__":
    main()
