"""Where a dedup batch's CPU goes: the parent against its workers, and how many pages pass 2 cleans again.

    python benchmarks/batch_split.py DIR [-j 2] [--no-freeze] [--phases] [--out FILE]

Runs `govclean clean -f jsonl --dedup near -j N DIR` in this process (the CLI's own main),
its output to FILE (default: discarded), and prints the wall time, the parent's CPU
(getrusage RUSAGE_SELF), the workers' (RUSAGE_CHILDREN), the parent's peak RSS, and the
pages pass 2 cleaned again with their site's template. --no-freeze runs the batch without
the parent's collector freezes (govclean/heap.py), for an A/B in the same code. --phases
prints, on standard error, the wall time and the parent's and the workers' CPU (as far as
reaped: the workers' comes in at the end) as each of the batch's stages starts and ends:
listing and planning, pass 1, site templates (with their clustering), pass 2, clustering,
then writing until the end. Run it from
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


def time_phases(start: float) -> None:
    """Stamp each stage of a corpus-mode batch on stderr (wall s, parent and workers' CPU s)."""
    from govclean import batch, corpus, dedup

    def stamp(what: str) -> None:
        me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        print(f"{time.perf_counter() - start:8.2f} s  parent {me.ru_utime + me.ru_stime:7.2f}  "
              f"workers {kids.ru_utime + kids.ru_stime:7.2f}  {what}", file=sys.stderr, flush=True)

    def wrapped(module, name: str) -> None:
        original = getattr(module, name)

        def stamped(*args, **kwargs):
            stamp(f"> {name}")
            try:
                return original(*args, **kwargs)
            finally:
                stamp(f"< {name}")
        setattr(module, name, stamped)

    for module, name in ((batch, "_plan"), (corpus, "learn_site_templates"),
                         (batch, "_second_pass"), (dedup, "cluster_copies")):
        wrapped(module, name)
    first = batch._first_pass

    def first_pass(*args, **kwargs):
        stamp("> pass 1")
        yield from first(*args, **kwargs)
        stamp("< pass 1")
    batch._first_pass = first_pass
    import atexit
    atexit.register(stamp, "end")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-freeze", action="store_true")
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--out", default=os.devnull)
    args = ap.parse_args()
    seen: dict = {}
    count_second_pass(seen)
    start = time.perf_counter()
    if args.phases:
        time_phases(start)
    if args.no_freeze:
        from govclean import heap
        heap.Freezer.freeze = lambda self: None
    from govclean.cli import main as cli
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
