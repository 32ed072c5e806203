"""CPU time per page of clean_page with the compiled modules and with the .py files (GOVCLEAN_PURE=1), two processes, alternating.

    nice python benchmarks/compiled_ab.py [--groups zh-gov,en-gov,aeb,web,mfa-txt] [--rounds 5] [--limit N]

benchmarks/ab_speed.py cannot compare the two forms: one process imports a module once. Here
two worker processes hold each group's pages in memory, one started with GOVCLEAN_PURE=1; every
round asks each in turn (which one goes first alternates by round) to clean a group's pages,
caches cleared before every pass, timed by time.process_time in the worker (its own CPU time:
other processes on a shared machine disturb it less than wall time). Reported per group: the
best and the median round of each form and their ratio. The first pass of each worker also
hashes what clean_page returned: the two forms must agree (the table says so).
--against DIR puts a copy of the package (DIR/govclean, e.g. built with a typed .pxd) in the
pure process's place: its compiled form against the installed one.
A group is one of corpus.GROUP_PATTERNS or another corpus folder of text dumps (mfa-txt: its
*.txt files); --limit keeps each group's first N files.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from ab_speed import group_files  # noqa: E402


def worker(shared: Path, groups: list, limit) -> None:
    """Answer 'GROUP' lines on stdin with one JSON line: ms/page, output hash, form."""
    against = os.environ.get(AGAINST)
    if against:  # first on the path: ab_speed (imported above) put the worktree before PYTHONPATH
        sys.path.insert(0, against)
    from govclean import compiled
    from govclean.api import clean_page, clear_caches

    root = corpus.corpus_root(shared)
    pages = {g: [(str(p.relative_to(root)), p.read_bytes()) for p in group_files(shared, g)[:limit]]
             for g in groups}
    for line in sys.stdin:
        group = line.strip()
        clear_caches()
        digest = hashlib.sha256()
        start = time.process_time()
        for rel, data in pages[group]:
            doc = clean_page(data, filename=rel)
            digest.update(repr(doc).encode("utf-8", "surrogateescape"))
        ms = 1e3 * (time.process_time() - start) / len(pages[group])
        form = f"{compiled.summary()} from {Path(compiled.__file__).parent.parent}"
        print(json.dumps({"ms": ms, "hash": digest.hexdigest()[:12], "form": form}), flush=True)


# The environment variable that hands a worker --against's folder.
AGAINST = "GOVCLEAN_AB_AGAINST"


def start(pure: bool, argv: list, path=None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "GOVCLEAN_PURE"}
    if path is not None:
        env[AGAINST] = str(path.resolve())
    elif pure:
        env["GOVCLEAN_PURE"] = "1"
    return subprocess.Popen([sys.executable, __file__, "--worker", *argv], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)


def ask(proc: subprocess.Popen, group: str) -> dict:
    proc.stdin.write(group + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="zh-gov,en-gov,aeb,web,mfa-txt")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="each group's first N files")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    ap.add_argument("--against", type=Path, default=None, help="DIR/govclean's compiled form in pure's place")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    groups = a.groups.split(",")
    if a.worker:
        worker(a.shared, groups, a.limit)
        return 0
    passed = ["--groups", a.groups, "--shared", str(a.shared)] + (["--limit", str(a.limit)] if a.limit else [])
    procs = {"pure": start(True, passed, a.against), "compiled": start(False, passed)}
    times = {(f, g): [] for f in procs for g in groups}
    hashes, forms = {}, {}
    for r in range(a.rounds):
        for g in groups:
            for form in (("pure", "compiled") if r % 2 == 0 else ("compiled", "pure")):
                got = ask(procs[form], g)
                times[form, g].append(got["ms"])
                hashes[form, g], forms[form] = got["hash"], got["form"]
    for proc in procs.values():
        proc.stdin.close()
        proc.wait()
    if a.against:
        print(f"'pure' below is {a.against}/govclean: {forms['pure']}")
    print(f"pure: {forms['pure']}; compiled: {forms['compiled']}; {a.rounds} rounds, CPU ms/page\n")
    print("| group | pure best | compiled best | speed-up (best) | pure median | compiled median "
          "| speed-up (median) | same output |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for g in groups:
        p, c = times["pure", g], times["compiled", g]
        pm, cm = statistics.median(p), statistics.median(c)
        same = "yes" if hashes["pure", g] == hashes["compiled", g] else "NO"
        print(f"| {g} | {min(p):.3f} | {min(c):.3f} | {min(p) / min(c):.2f}x | {pm:.3f} | {cm:.3f} "
              f"| {pm / cm:.2f}x | {same} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
