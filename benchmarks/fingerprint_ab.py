"""CPU time of a batch worker's fingerprint and survey with govclean._shingle and with dedup's numpy forms, and a dedup batch's either way.

    python benchmarks/fingerprint_ab.py DIR [--limit 1000]
    python benchmarks/fingerprint_ab.py DIR --batch [--rounds 4] [-j 2]

The first form cleans DIR's first --limit files (sorted names) with clean_page, as a batch
worker does, and right after each page times dedup.fingerprint of its body and
templates.survey of it, once with the compiled kernels and once without (dedup's loader
answering None: the numpy forms and textutil.line_hash), the order alternating from page
to page, by time.process_time. Both sides run in this process, on the same pages, with the
same caches, so the ratio is the kernels' own.

--batch runs benchmarks/batch_split.py's batch (`govclean clean -f jsonl --dedup near -j N
DIR`) --rounds times each way, alternating, each in a fresh process whose workers inherit
the choice (fork), and prints batch_split's line for each: the workers' CPU is the figure
to compare. Run it from the folder holding DIR (as dedup_scale.py names the inputs); each
run's output is compared with the first's (the kernels change no byte).
"""
from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SIDES = ("kernel", "numpy")


_KERNEL: list = []  # [govclean._shingle as dedup loaded it first, or None]


def use(side: str) -> None:
    """Make dedup run the compiled kernels (when they load) or its Python forms."""
    from govclean import dedup

    if not _KERNEL:
        _KERNEL.append(dedup._compiled_shingle())
    if side == "kernel" and _KERNEL[0] is None:
        sys.exit("govclean._shingle does not load here: nothing to compare")
    dedup._compiled_shingle.loaded[:] = [_KERNEL[0] if side == "kernel" else None]


def in_process(folder: str, limit: int) -> None:
    from govclean import clean_page, dedup, templates
    from govclean.model import BODY

    files = sorted(p for p in Path(folder).iterdir() if p.is_file())[:limit]
    spent = {(what, side): 0.0 for what in ("fingerprint", "survey") for side in SIDES}
    for n, path in enumerate(files):
        doc = clean_page(path.read_bytes(), filename=str(path))
        paragraphs = [b.text for b in doc.blocks if b.label == BODY]
        for side in SIDES if n % 2 else SIDES[::-1]:
            use(side)
            start = time.process_time()
            dedup.fingerprint(doc.text, paragraphs)
            middle = time.process_time()
            templates.survey(doc)
            spent["fingerprint", side] += middle - start
            spent["survey", side] += time.process_time() - middle
    print(f"{len(files)} pages of {folder}, us a page")
    print("| stage | kernel | numpy | ratio |\n| --- | ---: | ---: | ---: |")
    for what in ("fingerprint", "survey"):
        k, p = (1e6 * spent[what, side] / len(files) for side in SIDES)
        print(f"| {what} | {k:.1f} | {p:.1f} | {p / k:.2f}x |")


def one_batch(folder: str, jobs: int, side: str, out: str) -> None:
    """batch_split's batch in this process, with `side`'s fingerprints."""
    use(side)
    sys.argv = ["batch_split.py", folder, "-j", str(jobs), "--out", out]
    sys.path.insert(0, str(HERE))
    import batch_split

    batch_split.main()


def batches(folder: str, jobs: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = None
        for r in range(rounds):
            for side in SIDES if r % 2 == 0 else SIDES[::-1]:
                out = os.path.join(tmp, f"{side}-{r}.jsonl")
                line = subprocess.run([sys.executable, __file__, folder, "-j", str(jobs), "--one", side,
                                       "--out", out], check=True, capture_output=True, text=True).stdout
                first = first or out
                same = "same output" if filecmp.cmp(first, out, shallow=False) else "OUTPUT DIFFERS"
                print(f"{r + 1} {side}: {line.strip()} ({same})", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--batch", action="store_true")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--one", choices=SIDES, help=argparse.SUPPRESS)  # a --batch child
    ap.add_argument("--out", default=os.devnull, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one_batch(args.dir, args.jobs, args.one, args.out)
    elif args.batch:
        batches(args.dir, args.jobs, args.rounds)
    else:
        in_process(args.dir, args.limit)


if __name__ == "__main__":
    main()
