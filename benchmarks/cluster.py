"""Cluster benchmark: the Dask engine on a 2-worker LocalCluster against the local engine -j 2.

    python benchmarks/cluster.py [--group mfa-txt] [--repeats 3] [--shared PATH]

Runs `govclean clean -q -f jsonl -j 2 GROUP` both ways, alternating, `--repeats` times each,
as a user would (a fresh process; the Dask run starts and stops its LocalCluster inside the
timing), checks that both print the same bytes, and writes benchmarks/out/cluster.json with
the median wall times, their ratio (target: at most 1.3) and the per-core rates the sizing
table of docs/cluster.md is worked out from.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The engines' target: the Dask engine may cost at most this much more than the local one.
TARGET_RATIO = 1.3
JOBS = 2


def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, done.stdout


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--group", default="mfa-txt")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args(argv)
    folder = Path(args.shared) / "corpus" / args.group
    if not folder.is_dir():
        print(f"{folder} is not there; nothing to measure")
        return 0
    pages = sum(1 for p in folder.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    base = [sys.executable, "-m", "govclean", "clean", "-q", "-f", "jsonl", "-j", str(JOBS)]
    runs = {"local": [], "dask": []}
    outputs = {}
    for _ in range(args.repeats):
        for engine in runs:
            seconds, out = timed(base + ["--engine", engine, str(folder)])
            runs[engine].append(round(seconds, 2))
            outputs.setdefault(engine, out)
    local, dask = (statistics.median(runs[e]) for e in ("local", "dask"))
    result = {
        "group": args.group, "pages": pages, "bytes": size, "jobs": JOBS, "runs": runs,
        "median_s": {"local": local, "dask": dask}, "ratio": round(dask / local, 3),
        "target_ratio": TARGET_RATIO, "same_output": outputs["local"] == outputs["dask"],
        "documents": outputs["local"].count(b"\n"),
        "pages_per_s_per_core": {"local": round(pages / local / JOBS, 1), "dask": round(pages / dask / JOBS, 1)},
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "cluster.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
