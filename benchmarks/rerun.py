"""Incremental re-run speed: a first run over ../shared/corpus, then a second with nothing changed.

    python benchmarks/rerun.py [--corpus ../shared/corpus] [--jobs N]

Prints the wall time of both runs (govclean as a subprocess, the way cron or CI runs it),
their ratio, and whether the second run wrote anything (output mtimes compared).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def snapshot(folder: Path) -> dict:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and ".govclean" not in p.parts}


def timed_run(args) -> tuple:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "govclean", "clean", "-v", *args],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    summary = [ln for ln in result.stderr.splitlines() if ln.startswith("govclean: ")
               and "inputs read" in ln]
    return elapsed, result.returncode, summary[-1] if summary else result.stderr[-500:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--format", default="jsonl")
    opts = parser.parse_args()
    if not os.path.isdir(opts.corpus):
        print(f"no corpus at {opts.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        args = ["-j", str(opts.jobs), "-f", opts.format, "-o", str(out), opts.corpus]
        first, rc1, sum1 = timed_run(args)
        before = snapshot(out)
        second, rc2, sum2 = timed_run(args)
        wrote = before != snapshot(out)
        nothing_changed_check = subprocess.run(
            [sys.executable, "-m", "govclean", "clean", "--check", *args], capture_output=True)
    print(f"corpus: {opts.corpus} ({len(before)} outputs, -j {opts.jobs}, -f {opts.format})")
    print(f"first run:  {first:7.2f} s  (exit {rc1})  {sum1}")
    print(f"second run: {second:7.2f} s  (exit {rc2})  {sum2}")
    print(f"speed-up:   {first / second:7.1f}x; second run wrote {'something' if wrote else 'nothing'}; "
          f"--check afterwards exits {nothing_changed_check.returncode}")
    return 0 if first / second >= 10 and not wrote else 1


if __name__ == "__main__":
    sys.exit(main())
