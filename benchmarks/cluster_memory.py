"""Client memory of the Dask engine: peak RSS of the process that runs `govclean clean --engine dask`
against the number of pages (the workers are other processes, not counted).

    python benchmarks/cluster_memory.py [--group mfa-txt] [--sizes 3000,10000] [--shared PATH]
    python benchmarks/cluster_memory.py --transfer zh-gov en-gov mfa-txt   # bytes a page, worker -> client
    python benchmarks/cluster_memory.py --traced ...   # also the peak of Python objects (tracemalloc)

Each measurement runs `govclean clean -q --engine dask -j 2 -f parquet -o OUT INPUT` in a fresh
process and reads that process's peak RSS (ru_maxrss) when it ends. The default LocalCluster's
scheduler runs inside that process, so its memory is counted too (on a real cluster it is
elsewhere). Inputs: the corpus group (when ../shared is there) and generated pages
(memory_stream.generate: ~6 kB HTML pages, one in ten a re-save). Prints one JSON line a run
and a table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from memory_stream import generate, sizes  # noqa: E402


def measure(folder: str, out: str, traced: bool = False) -> dict:
    """Runs in the child: the command line in this process, its peak RSS at the end (and,
    traced, the peak of the memory Python objects held, which is slower to run)."""
    import resource
    import tracemalloc

    from govclean.cli import main

    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        main(["clean", "-q", "--engine", "dask", "-j", "2", "-f", "parquet", "-o", out, folder])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    row = {"exit": code, "seconds": round(time.perf_counter() - started, 1), "client_peak_rss_mb": round(rss, 1)}
    if traced:
        row["client_peak_python_mb"] = round(tracemalloc.get_traced_memory()[1] / (1 << 20), 1)
    return row


def run(folder: str, pages: int, label: str, traced: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="govclean-clmem-") as tmp:
        child = [sys.executable, __file__, "--child", folder, os.path.join(tmp, "out")]
        out = subprocess.run(child + (["--traced"] if traced else []),
                             check=True, capture_output=True, text=True).stdout
    row = {"input": label, "pages": pages, **json.loads(out.strip().splitlines()[-1])}
    print(json.dumps(row), flush=True)
    return row


def transfer(shared: str, groups) -> None:
    """Per page, pickled: what a worker sends the client in pass 1 now (the summary), what it
    sent before (the whole result), the compressed document fetched to write it, and the
    shingle set (fetched only for candidate pairs and clusters)."""
    import pickle

    from govclean.batch import Settings, _clean_task, _task
    from govclean.engines.dask import summarize
    from govclean.inputs import iter_sources

    for group in groups:
        sources = list(iter_sources([str(Path(shared) / "corpus" / group)]))
        results = [_clean_task(_task(s, Settings(), spooled=True, blob=True)) for s in sources]
        ok = [r for r in results if r.failure is None]
        n = len(ok)
        size = lambda xs: len(pickle.dumps(xs, protocol=pickle.HIGHEST_PROTOCOL)) / n
        print(json.dumps({"group": group, "pages": n,
                          "summary_b": round(size(summarize(ok, 0))),
                          "whole_result_b": round(size(ok)),
                          "document_b": round(sum(len(r.blob) for r in ok) / n),
                          "shingles_b": round(sum(r.shingles.nbytes for r in ok) / n)}), flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--group", default="mfa-txt")
    ap.add_argument("--sizes", type=sizes, nargs="+", default=[[3000, 10000]])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--traced", action="store_true", help="also the peak of Python objects")
    ap.add_argument("--no-group", action="store_true", help="generated pages only")
    ap.add_argument("--transfer", nargs="+", metavar="GROUP", help="bytes a page sent to the client")
    ap.add_argument("--child", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(*args.child, traced=args.traced)))
        return 0
    if args.transfer:
        transfer(args.shared, args.transfer)
        return 0
    rows = []
    group = Path(args.shared) / "corpus" / args.group
    if group.is_dir() and not args.no_group:
        rows.append(run(str(group), sum(1 for p in group.rglob("*") if p.is_file()), args.group, args.traced))
    with tempfile.TemporaryDirectory(prefix="govclean-clmem-pages-") as tmp:
        for size in [n for group_ in args.sizes for n in group_]:
            folder = os.path.join(tmp, str(size))
            generate(folder, size)
            rows.append(run(folder, size, "generated", args.traced))
    print("\n| input | pages | client peak RSS (MiB) | Python objects (MiB) | seconds |\n| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['input']} | {r['pages']:,} | {r['client_peak_rss_mb']} | "
              f"{r.get('client_peak_python_mb', '')} | {r['seconds']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
