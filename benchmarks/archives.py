"""Archives against loose files: whole-process time and peak memory of the same pages both ways.

    python benchmarks/archives.py speed  [--shared PATH] [--modes off near] [--runs 2]
    python benchmarks/archives.py memory [--pages 10000]

speed: the corpus groups zh-gov, zh-gov-txt, en-gov, en-gov-txt as files, then as one WARC
(gzip per record, each page a response record with its Content-Type, written at run time in a
temporary folder), each cleaned by `python -m govclean clean -q -j 1 -f jsonl --no-index` in a
fresh process, the two interleaved, best of --runs (2); the ratio WARC/files is what the
archive costs, in wall time and in CPU time (user + system: less swayed by other load).
memory: --pages generated pages (benchmarks/memory_stream.py) as a folder and as a WARC, each
cleaned by the command line in corpus mode (-j 1 -o OUT), peak RSS (VmHWM) of the process.
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
sys.path.insert(0, str(HERE.parent / "tests"))
GROUPS = ("zh-gov", "zh-gov-txt", "en-gov", "en-gov-txt")


# Runs of each input, interleaved (files, WARC, files, ...), the best of each reported: on a
# shared machine the load changes between runs, and the least disturbed run is the best one.
RUNS = 2


def timed(args) -> tuple:
    """Wall seconds and CPU seconds (user + system of the child) of one whole-process run."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "govclean", "clean", "-q", "-j", "1", "-f", "jsonl",
                             "--no-index", *args], stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def speed(shared: Path, modes, runs: int = RUNS) -> None:
    from archivegen import corpus_warc

    pages = [p for g in GROUPS for p in sorted((shared / "corpus" / g).iterdir())]
    with tempfile.TemporaryDirectory(prefix="govclean-arch-") as tmp:
        warc = Path(tmp) / "corpus.warc.gz"
        corpus_warc(warc, pages, lambda p: f"https://corpus.example.gov/{p.parent.name}/{p.name}")
        folders = [str(shared / "corpus" / g) for g in GROUPS]
        print(f"{len(pages)} pages; WARC {warc.stat().st_size} bytes")
        for mode in modes:
            pairs = [(timed(["--dedup", mode, *folders]), timed(["--dedup", mode, str(warc)]))
                     for _ in range(runs)]
            files = [min(p[0][i] for p in pairs) for i in (0, 1)]
            archive = [min(p[1][i] for p in pairs) for i in (0, 1)]
            print(json.dumps({"dedup": mode, "files_s": round(files[0], 2), "warc_s": round(archive[0], 2),
                              "ratio": round(archive[0] / files[0], 3), "files_cpu_s": round(files[1], 2),
                              "warc_cpu_s": round(archive[1], 2), "cpu_ratio": round(archive[1] / files[1], 3)}),
                  flush=True)


def memory(count: int) -> None:
    from memory_stream import generate
    from archivegen import Warc

    with tempfile.TemporaryDirectory(prefix="govclean-archmem-") as tmp:
        folder = os.path.join(tmp, "pages")
        generate(folder, count)
        w = Warc()
        for path in sorted(Path(folder).rglob("*.html")):
            w.response(f"https://www.example.gov/{path.parent.name}/{path.name}", path.read_bytes())
        warc = os.path.join(tmp, "pages.warc.gz")
        with open(warc, "wb") as fh:
            fh.write(w.bytes())
        del w
        for name, target in (("files", folder), ("warc", warc)):
            out = subprocess.run([sys.executable, __file__, "--child", target, os.path.join(tmp, f"out-{name}")],
                                 check=True, capture_output=True, text=True).stdout
            print(json.dumps({"pages": count, "input": name, **json.loads(out)}), flush=True)


def child(target: str, out: str) -> None:
    from worker import peak_rss_mb
    from govclean.cli import main

    started = time.perf_counter()
    try:
        main(["clean", "-q", "-j", "1", "-f", "jsonl", "-o", out, target])
    except SystemExit:
        pass
    written = sum(len(f) for p, _, f in os.walk(out) if ".govclean" not in p)
    print(json.dumps({"documents": written, "seconds": round(time.perf_counter() - started, 1),
                      "peak_rss_mb": round(peak_rss_mb(), 1)}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="?", choices=["speed", "memory"], default="speed")
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--modes", nargs="+", default=["off", "near"])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=RUNS, help="speed: runs of each input, best kept")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
    elif args.what == "memory":
        memory(args.pages)
    elif not (args.shared / "corpus").is_dir():
        print(f"no corpus at {args.shared}/corpus: nothing to measure")
    else:
        speed(args.shared, args.modes, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
