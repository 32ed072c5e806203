"""CPU time of one govclean function at another git revision and at the worktree's code, on the calls clean_page makes.

    taskset -c 1 python benchmarks/ab_function.py REV MODULE FUNCTION [--callers MODULE,...]
                                                  [--groups zh-gov,en-gov,aeb,web] [--rounds 7]

A whole-page A/B (ab_speed.py) cannot see a change worth 1-3% of a page on a busy machine;
this one times the changed function alone. Each group's pages are cleaned once by the
worktree's clean_page while govclean.MODULE.FUNCTION is wrapped (in MODULE and in every
--callers module that imported it by name) to record its arguments. Then, each round, REV's
FUNCTION (exported as in ab_speed.py) and the worktree's are called on every recorded call,
one after the other, timed by time.process_time; each keeps its best round. Each side's
per-line caches (api.clear_caches) are cleared before its pass, as in ab_speed.py, so a
pass is a first reading of the group. Arguments a function mutates (choose_title's
Document) are reused as they are left.

    python benchmarks/ab_function.py 73fae07 metadata choose_title
    python benchmarks/ab_function.py 73fae07 sources attachments --callers metadata
    python benchmarks/ab_function.py 73fae07 segment css_hidden_names
"""
from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package

import corpus  # noqa: E402
from ab_speed import export_base, group_files  # noqa: E402


def recorded_calls(module: str, name: str, callers, pages) -> list:
    """(args, kwargs) of every call clean_page makes to govclean.module.name over pages."""
    from govclean import clean_page

    calls = []
    owners = [importlib.import_module("govclean." + m) for m in [module, *callers]]
    original = getattr(owners[0], name)

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    for owner in owners:
        setattr(owner, name, spy)
    try:
        for rel, data in pages:
            clean_page(data, filename=rel)
    finally:
        for owner in owners:
            setattr(owner, name, original)
    return calls


def best_us(function, clear, calls, pages: int, best: float) -> float:
    clear()
    start = time.process_time()
    for args, kwargs in calls:
        function(*args, **kwargs)
    return min(best, 1e6 * (time.process_time() - start) / pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rev")
    ap.add_argument("module")
    ap.add_argument("function")
    ap.add_argument("--callers", default="", help="modules that imported the function by name")
    ap.add_argument("--groups", default="zh-gov,en-gov,aeb,web")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    a = ap.parse_args(argv)
    callers = [c for c in a.callers.split(",") if c]
    with tempfile.TemporaryDirectory() as tmp:
        export_base(a.rev, Path(tmp))
        sys.path.insert(0, tmp)
        after = getattr(importlib.import_module("govclean." + a.module), a.function)
        before = getattr(importlib.import_module("govclean_base." + a.module), a.function)
        clear_after = importlib.import_module("govclean.api").clear_caches
        clear_before = importlib.import_module("govclean_base.api").clear_caches
        print(f"| group | calls | {a.rev} us/page | worktree us/page | speed-up |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for group in a.groups.split(","):
            pages = [(corpus.relpath(a.shared, p), p.read_bytes()) for p in group_files(a.shared, group)]
            calls = recorded_calls(a.module, a.function, callers, pages)
            base = head = float("inf")
            for _ in range(a.rounds):
                base = best_us(before, clear_before, calls, len(pages), base)
                head = best_us(after, clear_after, calls, len(pages), head)
            print(f"| {group} | {len(calls)} | {base:.1f} | {head:.1f} | {base / head:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
