"""Time govclean's near-duplicate detection on growing mfa-txt batches with known duplicates."""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import dedup_gen  # noqa: E402
import report  # noqa: E402
from worker import peak_rss_mb  # noqa: E402

# The command under test: interface-stable (the CLI), unlike clean_corpus() whose
# signature is not final yet.
DEFAULT_COMMAND = "govclean clean -f jsonl --dedup near"
# One fixed seed so every run builds the same batches.
SEED = 20240601
# Seconds between two readings of the command's peak memory: a run lasts seconds to minutes.
POLL = 0.1


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000,100000", help="batch sizes, comma-separated")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(REPO))
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--workdir", type=Path, help="where batches are written (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated batches")
    ap.add_argument("--generate-only", action="store_true", help="build batches, run nothing")
    ap.add_argument("--reuse", action="store_true",
                    help="run the batches already in --workdir (from --generate-only --keep) "
                         "as they are, instead of building them again")
    ap.add_argument("--command", default=DEFAULT_COMMAND,
                    help=f"dedup command; the batch folder is appended (default: {DEFAULT_COMMAND})")
    ap.add_argument("--share", type=float, default=dedup_gen.NEAR_DUP_SHARE,
                    help="share of injected near-duplicates")
    ap.add_argument("--report", type=Path, default=HERE / "RESULTS.md",
                    help="Markdown file whose dedup section is (re)written")
    a = ap.parse_args(argv)
    if a.reuse and a.workdir is None:
        ap.error("--reuse runs the batches of a --workdir: name it")
    a.sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    return a


def run_measured(cmd: list[str], cwd: Path, stdout: Path) -> dict:
    """Run cmd; wall time and the child's own peak RSS (VmHWM, read every POLL seconds while
    it runs: ru_maxrss from os.wait4 would include this process's peak, carried across fork
    and exec, and this process holds the whole generated batch)."""
    import subprocess

    start = time.perf_counter()
    peak = 0.0
    with stdout.open("wb") as out, open(os.devnull, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, peak_rss_mb(proc.pid))
            time.sleep(POLL)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"exit_code": proc.returncode, "seconds": round(time.perf_counter() - start, 2),
            # user + system time of the command and the workers it waited for: on a shared
            # machine the figure that load does not inflate much
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(peak or usage.ru_maxrss / 1024, 1)}


def predicted_pairs(jsonl: Path) -> set[tuple[str, str]]:
    """Pairs of file names that the output puts in one cluster (canonical + its duplicates)."""
    pairs = set()
    for line in jsonl.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        doc = json.loads(line)
        members = [doc.get("input", "")] + [d.get("input", "") for d in doc.get("duplicates") or []]
        names = sorted({Path(str(m)).name for m in members})
        pairs.update(combinations(names, 2))
    return pairs


def pair_scores(pred: set, gold: set) -> dict:
    hits = len(pred & gold)
    return {
        "pred_pairs": len(pred), "gold_pairs": len(gold),
        "pair_precision": round(hits / len(pred), 4) if pred else None,
        "pair_recall": round(hits / len(gold), 4) if gold else None,
    }


def command_available(command: str) -> str | None:
    """None when the command's program is found, else why not."""
    program = shlex.split(command)[0]
    return None if shutil.which(program) else f"{program!r} not found on PATH"


def measure_size(pool, size: int, a: argparse.Namespace, workdir: Path, missing) -> dict:
    folder = workdir / f"batch-{size}"
    start = time.perf_counter()
    if a.reuse:
        gold = kept_pairs(folder)
        row = {"size": size, "copies": None, "gold_pairs": len(gold), "generate_seconds": None}
    else:
        batch = dedup_gen.build_batch(pool, size, SEED + size, a.share)
        gold = dedup_gen.write_batch(batch, folder, SEED + size)
        row = {"size": size, "copies": len(batch.docs) - (size - round(size * a.share)),
               "gold_pairs": len(gold), "generate_seconds": round(time.perf_counter() - start, 2)}
    if a.generate_only or missing:
        row["status"] = "generated only" if a.generate_only else f"unavailable ({missing})"
    else:
        row.update(run_command(a.command, folder, gold))
    if not a.keep and not a.reuse:
        shutil.rmtree(folder, ignore_errors=True)
    return row


def kept_pairs(folder: Path) -> set:
    """The injected pairs of a batch built before (dedup_gen.write_batch's pairs.tsv)."""
    tsv = folder.parent / f"{folder.name}.pairs.tsv"
    return {tuple(line.split("\t")) for line in tsv.read_text(encoding="utf-8").splitlines() if line}


def run_command(command: str, folder: Path, gold: set) -> dict:
    output = folder.parent / f"{folder.name}.out.jsonl"
    measured = run_measured([*shlex.split(command), folder.name], folder.parent, output)
    status = "ok" if measured["exit_code"] in (0, 1) else "failed"
    return {"status": status, **measured, **pair_scores(predicted_pairs(output), gold)}


def section(results: dict) -> str:
    lines = [
        "## Dedup at scale", "",
        f"`{results['command']}` over batches built from `mfa-txt` ({results['pool']} distinct "
        f"transcripts) with {results['share']:.0%} injected near-duplicates (chrome lines added, "
        "one paragraph replaced, re-wrapped at 80 columns); batches beyond the pool are "
        "collages of pool paragraphs. Pair precision/recall against the injected pairs; peak "
        "RSS of the govclean process.", "",
        "| documents | gold pairs | status | seconds | CPU s | docs/s | peak MiB | pair P | pair R |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results["sizes"]:
        rate = r["size"] / r["seconds"] if r.get("seconds") else None
        lines.append("| " + " | ".join([
            f"{r['size']:,}", f"{r['gold_pairs']:,}", r["status"], report.fmt(r.get("seconds"), "{}"),
            report.fmt(r.get("cpu_seconds"), "{}"),
            report.fmt(rate, "{:,.0f}"), report.fmt(r.get("peak_mb"), "{:.0f}"),
            report.fmt(r.get("pair_precision"), "{:.3f}"), report.fmt(r.get("pair_recall"), "{:.3f}"),
        ]) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    a = parse_args(argv)
    mfa = corpus.corpus_root(a.shared) / "mfa-txt"
    if not mfa.is_dir():
        print(f"dedup_scale: no transcripts at {mfa}; nothing to run (pass --shared PATH).")
        return 0
    missing = None if a.generate_only else command_available(a.command)
    if missing:
        print(f"dedup_scale: {missing}; generating batches only.")
    pool = dedup_gen.distinct_pool(dedup_gen.load_pool(mfa))
    workdir = a.workdir or Path(tempfile.mkdtemp(prefix="govclean-dedup-"))
    rows = []
    for size in a.sizes:
        rows.append(measure_size(pool, size, a, workdir, missing))
        print(json.dumps(rows[-1]), flush=True)
    results = {"command": a.command, "pool": len(pool), "share": a.share, "sizes": rows}
    write_results(results, a)
    if not a.keep and a.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def write_results(results: dict, a: argparse.Namespace) -> None:
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "dedup.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not a.generate_only:
        report.replace_dedup_section(a.report, section(results))


if __name__ == "__main__":
    sys.exit(main())
