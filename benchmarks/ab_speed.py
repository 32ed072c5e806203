"""CPU time per page of clean_page at another git revision and at the worktree's code, in one process, interleaved.

    taskset -c 1 python benchmarks/ab_speed.py REV [--groups zh-gov,en-gov,aeb] [--rounds 5] [--limit N]

A group is one of corpus.GROUP_PATTERNS or any other corpus folder of text dumps (mfa-txt:
its *.txt files); --limit keeps each group's first N files. --fingerprint times
dedup.fingerprint instead, over the bodies the worktree's clean_page gives.

REV's govclean package is exported (`git archive`) to a temporary folder under the name
govclean_base (the package imports itself relatively, so both copies load side by side),
then every round cleans each group's pages (in memory) with REV's code and with the
worktree's, one after the other, caches cleared before every pass, timed by
time.process_time (this process's CPU time: other processes on a shared machine disturb
it less than wall time). Each side keeps its best round. Both sides share one lxml and one
Python, so the ratio is the code's own.
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package

import corpus  # noqa: E402


def export_base(rev: str, into: Path) -> None:
    """REV's govclean/ as into/govclean_base/."""
    tar = subprocess.run(["git", "archive", rev, "govclean"], cwd=HERE.parent, check=True,
                         capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into)
    (into / "govclean").rename(into / "govclean_base")


def group_files(shared: Path, group: str) -> list:
    """A benchmark group's files, or a further corpus folder's text dumps."""
    if group in corpus.GROUP_PATTERNS:
        return corpus.group_files(shared, group)
    return sorted((corpus.corpus_root(shared) / group).glob("*.txt"))


def best_ms(clean, clear, pages, best: float) -> float:
    clear()
    start = time.process_time()
    for rel, data in pages:
        clean(data, filename=rel)
    return min(best, 1e3 * (time.process_time() - start) / len(pages))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rev")
    ap.add_argument("--groups", default="zh-gov,en-gov,aeb")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="each group's first N files")
    ap.add_argument("--fingerprint", action="store_true", help="time dedup.fingerprint of the bodies")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        export_base(a.rev, Path(tmp))
        sys.path.insert(0, tmp)
        from govclean import clean_page as new
        from govclean.api import clear_caches as clear_new
        from govclean_base import clean_page as old
        from govclean_base.api import clear_caches as clear_old
        if a.fingerprint:
            from govclean.dedup import fingerprint as new_print
            from govclean_base.dedup import fingerprint as old_print

        unit = "ms/body (fingerprint)" if a.fingerprint else "ms/page"
        print(f"| group | {a.rev} {unit} | worktree {unit} | speed-up |")
        print("| --- | ---: | ---: | ---: |")
        for group in a.groups.split(","):
            pages = [(corpus.relpath(a.shared, p), p.read_bytes())
                     for p in group_files(a.shared, group)[:a.limit]]
            before, after, clear_before, clear_after = old, new, clear_old, clear_new
            if a.fingerprint:  # the bodies as pages: fingerprint(text) for clean(data)
                pages = [(rel, new(data, filename=rel).text) for rel, data in pages]
                before, after = (lambda text, filename: old_print(text)), (lambda text, filename: new_print(text))
                clear_before = clear_after = lambda: None
            for clean in (before, after):  # lazy imports and compiled patterns are not per-page cost
                clean(pages[0][1], filename=pages[0][0])
            base = head = float("inf")
            for _ in range(a.rounds):
                base = best_ms(before, clear_before, pages, base)
                head = best_ms(after, clear_after, pages, head)
            print(f"| {group} | {base:.2f} | {head:.2f} | {base / head:.2f}x |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
