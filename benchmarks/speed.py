"""Per-page speed of govclean and its peers side by side: one process, interleaved, best of N.

    taskset -c 1 python benchmarks/speed.py [--groups zh-gov,en-gov,aeb] [--rounds 3] [--clock wall|cpu]
                                            [--tools govclean,readability,trafilatura,gne,resiliparse,lxml-parse]

Every group's pages are read into memory once (govclean gets the file's bytes, peers the
decoded text, as in run.py). Then, for each of --rounds rounds, every tool times its passes
over the group in turn (worker.timed_passes: one pass at least, more until 2 s), so a burst
of load from other processes hits all tools alike; each tool keeps its best round. The
table gives pages/s and govclean's ratio to each peer (> 1: govclean is faster). Only the
ratios carry over between machines. Pin the process to one core with `taskset -c N` (the
script also pins itself to the highest CPU it may use).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package, when present

import corpus  # noqa: E402
import worker  # noqa: E402
from tools import TOOLS  # noqa: E402

HTML_GROUPS = "zh-gov,en-gov,aeb"
ALL_TOOLS = "govclean,readability,trafilatura,gne,resiliparse,lxml-parse"


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def best_rates(groups, tools, shared: Path, rounds: int, clock=time.perf_counter) -> dict:
    """{group: {tool: best pages/s over the rounds}}."""
    extractors = {t: TOOLS[t].build() for t in tools}
    out = {}
    for group in groups:
        pages = {t: worker.load_pages(shared, group, TOOLS[t].wants_bytes) for t in tools}
        best = {t: 0.0 for t in tools}
        for _ in range(rounds):
            for t in tools:
                _, _, passes, seconds = worker.timed_passes(extractors[t], pages[t], clock)
                best[t] = max(best[t], len(pages[t]) * passes / seconds)
        out[group] = best
        print(f"{group}: " + ", ".join(f"{t} {v:.1f}" for t, v in best.items()), file=sys.stderr)
    return out


def table(rates: dict, tools) -> str:
    peers = [t for t in tools if t != "govclean"]
    head = "| group | govclean p/s | " + " | ".join(peers) + " |"
    rows = [head, "| --- | ---: | " + " | ".join("---:" for _ in peers) + " |"]
    for group, best in rates.items():
        g = best.get("govclean", 0.0)
        cells = []
        for p in peers:
            ratio = g / best[p] if best[p] else 0.0
            cells.append(f"{best[p]:.1f} (govclean {ratio:.2f}x)" if p != "lxml-parse"
                         else f"{best[p]:.1f} ({best[p] / g if g else 0:.1f}x govclean)")
        rows.append(f"| {group} | {g:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default=HTML_GROUPS)
    ap.add_argument("--tools", default=ALL_TOOLS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                    help="wall time (default), or this process's CPU time (less disturbed by "
                         "other processes on a shared machine)")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    a = ap.parse_args(argv)
    if not corpus.corpus_root(a.shared).is_dir():
        print(f"no corpus at {corpus.corpus_root(a.shared)}: nothing to measure")
        return 0
    cpu = worker.pin_to_one_cpu()
    tools = a.tools.split(",")
    rates = best_rates(a.groups.split(","), tools, a.shared, a.rounds, CLOCKS[a.clock])
    print(f"one process on CPU {cpu}, {a.rounds} interleaved rounds, best round per tool"
          f" ({a.clock} time)")
    print(table(rates, tools))
    return 0


if __name__ == "__main__":
    sys.exit(main())
