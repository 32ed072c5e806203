"""CPU ms a page of a batch worker's per-page work (clean_page, fingerprint, survey, rendered output) over a folder's files.

    python benchmarks/worker_pages.py /tmp/dsw/batch-10000 [--limit 3000] [--passes 1]
    PYTHONPATH=BASE python benchmarks/worker_pages.py ...   # another build of govclean (BASE/govclean)

What one worker of `govclean clean -f jsonl --dedup near` does for each page, without the
pool: corpus.clean_bytes, then batch._cleaned (the fingerprint, the site survey, the page's
JSONL output). The files are read into memory first; each pass is timed by
time.process_time (this process's CPU time) and printed as ms a page. Caches are kept
across the pages of a pass, as a worker keeps them. Run two builds one after the other,
alternating, for an A/B of compiled code (benchmarks/ab_speed.py imports both versions in
one process, so it compares the .py files only); `py-spy record -- python
benchmarks/worker_pages.py ...` profiles the same loop.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from govclean import batch, dedup, templates, write  # noqa: F401  (imported before timing)
from govclean.corpus import clean_bytes
from govclean.inputs import Source


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=3000, help="the folder's first N files (sorted)")
    ap.add_argument("--passes", type=int, default=1)
    a = ap.parse_args(argv)
    files = sorted(p for p in a.folder.iterdir() if p.is_file())[:a.limit]
    pages = [(Source(str(f), str(f), f.name), f.read_bytes()) for f in files]
    for _ in range(a.passes):
        start = time.process_time()
        for source, data in pages:
            doc, _failure = clean_bytes(data, source)
            if doc is not None:
                batch._cleaned(doc, None, None, True, False, "jsonl")
        print(f"{1e3 * (time.process_time() - start) / len(pages):.3f} ms/page ({len(pages)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
