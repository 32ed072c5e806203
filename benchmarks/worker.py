"""Run one tool over one corpus group in this process, pinned to one core, and report speed."""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package, when present

import corpus  # noqa: E402
from tools import TOOLS  # noqa: E402

# Small groups finish one pass in well under a second; repeating the pass until this many
# seconds have passed keeps timer and scheduler noise to a few per cent.
MIN_TIMED_SECONDS = 2.0
# Kept so a crashing tool's report stays readable.
MAX_ERROR_EXAMPLES = 3


def pin_to_one_cpu() -> int | None:
    """Pin this process (and threads it starts later) to one CPU; None where unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's own peak resident set size in MiB: VmHWM where /proc has it. Not
    ru_maxrss on Linux: Linux carries a parent's peak into a child across fork and exec, so
    a child of a benchmark that built 100,000 documents in memory reported the builder's peak."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    if pid != "self":
        return 0.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def load_pages(shared: Path, group: str, wants_bytes: bool) -> list[tuple[str, object]]:
    """All pages of the group in memory: raw file bytes for govclean, decoded text for peers."""
    pages = []
    for path in corpus.group_files(shared, group):
        rel = corpus.relpath(shared, path)
        payload = path.read_bytes() if wants_bytes else corpus.decode(corpus.read_bytes(path))[0]
        pages.append((rel, payload))
    return pages


def run_pass(extract, pages, results=None, errors=None) -> None:
    """Extract every page once; keep results and errors when lists are given."""
    for rel, payload in pages:
        try:
            out = extract(payload, rel)
        except Exception as exc:  # a peer that raises gets an empty result for the page
            out = None
            if errors is not None:
                errors.append(f"{rel}: {type(exc).__name__}: {str(exc)[:120]}")
        if results is not None:
            results.append({"input": rel, **(out or _empty())})


def _empty() -> dict:
    return {"title": None, "published": None, "source": None, "text": ""}


def timed_passes(extract, pages, clock=time.perf_counter) -> tuple[list, list, int, float]:
    """Warm up on one page, then time passes: the first keeps the output, more run until
    MIN_TIMED_SECONDS of `clock` (wall time; time.process_time counts this process's CPU
    time only, which other processes on a shared machine disturb less)."""
    run_pass(extract, pages[:1])  # lazy imports and compiled patterns are not per-page cost
    results, errors = [], []
    start = clock()
    run_pass(extract, pages, results, errors)
    passes = 1
    while clock() - start < MIN_TIMED_SECONDS and pages:
        run_pass(extract, pages)
        passes += 1
    return results, errors, passes, clock() - start


def tool_version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def measure(tool_name: str, group: str, shared: Path, out: Path | None, clock: str = "wall") -> dict:
    cpu = pin_to_one_cpu()
    tool = TOOLS[tool_name]
    pages = load_pages(shared, group, tool.wants_bytes)
    try:
        extract = tool.build()
    except Exception as exc:  # ImportError, or a half-written package that fails on import
        return {"status": "unavailable", "error": f"{type(exc).__name__}: {exc}"}
    results, errors, passes, seconds = timed_passes(extract, pages, CLOCKS[clock])
    if out is not None:
        write_jsonl(out, results)
    return {
        "status": "ok",
        "version": tool_version(tool.dist),
        "pages": len(pages),
        "passes": passes,
        "seconds": round(seconds, 4),
        "pages_per_s": round(len(pages) * passes / seconds, 2) if seconds else None,
        "peak_mb": round(peak_rss_mb(), 1),
        "failures": len(errors),
        "failure_examples": errors[:MAX_ERROR_EXAMPLES],
        "cpu": cpu,
    }


def write_jsonl(path: Path, results: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in results:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tool", required=True, choices=sorted(TOOLS))
    ap.add_argument("--group", required=True, choices=corpus.DEFAULT_GROUPS)
    ap.add_argument("--shared", required=True, type=Path)
    ap.add_argument("--out", type=Path, help="JSONL to write (first pass)")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    a = ap.parse_args(argv)
    print(json.dumps(measure(a.tool, a.group, a.shared, a.out, a.clock), ensure_ascii=False))


if __name__ == "__main__":
    main()
