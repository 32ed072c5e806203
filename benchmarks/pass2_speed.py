"""CPU time per page of a dedup batch's pass 2: cleaned again in full, or from pass 1's verdicts.

    python benchmarks/pass2_speed.py DIR [--rounds 3] [--limit N]

Runs `govclean clean -f jsonl --dedup near -j 1 DIR` in this process and keeps the tasks
its pass 2 gives its worker (batch._clean_task with a template: the page, its site's
template and pass 1's classify verdicts). Then every round cleans those pages again, as
the worker does (corpus.clean_bytes, then batch._cleaned: fingerprint and rendered
output), once in full (no verdicts: page_language and classify, the template struck as
its last step; the survey computed, as before round 6) and once from the verdicts (no
survey), one after the other, caches cleared before each (api.clear_caches), timed by
time.process_time. Each side keeps its best round; both give the same bytes (checked).
Run it from the folder holding DIR (benchmarks/dedup_scale.py --keep) for its input names.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def pass2_tasks(folder: str) -> list:
    """The tasks the batch's pass 2 gives its worker."""
    from govclean import batch
    from govclean.cli import main as cli

    tasks, real = [], batch._clean_task

    def keeping(task):
        if task[2]:  # a template: pass 2
            tasks.append(task)
        return real(task)

    batch._clean_task = keeping
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            cli(["clean", "-f", "jsonl", "--dedup", "near", "-j", "1", folder], standalone_mode=False)
    finally:
        batch._clean_task = real
    return tasks


def clean_again(tasks: list, verdicts: bool) -> tuple:
    """(CPU seconds, the outputs) of the tasks' pages cleaned as pass 2's worker cleans them."""
    from govclean import api, batch, corpus

    api.clear_caches()
    outputs = []
    start = time.process_time()
    for source, max_bytes, template, _, _, _, _, rendered, record in tasks:
        data = batch.read_source(source, max_bytes)
        batch.sha256(data)
        doc, _ = corpus.clean_bytes(data, source, template, max_bytes, record if verdicts else None)
        outputs.append(batch._cleaned(doc, None, None, True, False, rendered, first=not verdicts).output)
    return time.process_time() - start, outputs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    from govclean import compiled

    tasks = pass2_tasks(args.dir)
    tasks = tasks[:args.limit] if args.limit else tasks
    assert all(t[-1] for t in tasks), "a pass-2 task without verdicts"
    best = {True: float("inf"), False: float("inf")}
    for _ in range(args.rounds):
        for verdicts in (False, True):
            cpu, outputs = clean_again(tasks, verdicts)
            best[verdicts] = min(best[verdicts], cpu)
            if verdicts:
                assert outputs == full, "the pass-2 outputs differ"
            else:
                full = outputs
    n = len(tasks)
    print(f"{args.dir}: {n} pass-2 pages ({compiled.summary()}); "
          f"in full {best[False] * 1000 / n:.3f} ms a page, from the verdicts "
          f"{best[True] * 1000 / n:.3f} ms a page ({best[False] / best[True]:.2f}x)")


if __name__ == "__main__":
    main()
