"""Benchmark govclean and its peers on the shared corpus: quality, speed, memory, report."""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import report  # noqa: E402
from tools import DEFAULT_TOOLS, FLOOR, TOOLS  # noqa: E402

NOT_APPLICABLE = "n/a (HTML only)"
# Speed rounds per cell: each tool's process is timed this many times, the tools taking
# turns within a group, and the best round is kept (as benchmarks/speed.py does in one
# process): one round let a burst of other work on the machine land on one tool's cell
# alone (the same cell moved 10-20% between quiet runs).
DEFAULT_ROUNDS = 3
# Keep libraries from starting extra worker threads: the timing is for one core.
ONE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--groups", default=",".join(corpus.DEFAULT_GROUPS),
                    help="comma-separated corpus groups (default: all six)")
    ap.add_argument("--tools", default=",".join(DEFAULT_TOOLS),
                    help="comma-separated tools (default: govclean and the four peers)")
    ap.add_argument("--out", type=Path, default=HERE / "out",
                    help="folder for predictions and results.json")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(REPO),
                    help="the shared folder holding corpus/ and eval/ (default: <repo>/../shared)")
    ap.add_argument("--no-floor", action="store_true", help="skip the bare lxml parse reference")
    ap.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                    help="speed rounds per cell, interleaved tool by tool; the best is kept "
                         f"(default {DEFAULT_ROUNDS}); quality is scored on the first")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="time passes by wall time (default) or the worker's own CPU time, "
                         "which other processes on a shared machine disturb less")
    ap.add_argument("--report-dir", type=Path, default=HERE,
                    help="where RESULTS.md and chart.png go (default: benchmarks/)")
    a = ap.parse_args(argv)
    a.groups = _names(a.groups, corpus.DEFAULT_GROUPS, ap, "group")
    a.tools = _names(a.tools, list(TOOLS), ap, "tool")
    return a


def _names(value: str, known: list[str], ap, kind: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        ap.error(f"unknown {kind}(s): {', '.join(unknown)}; choose from {', '.join(known)}")
    return names


def machine_info() -> dict:
    return {
        "nproc": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run_worker(tool: str, group: str, shared: Path, out: Path | None, clock: str = "wall") -> dict:
    """Run one tool over one group in a fresh interpreter; its last stdout line is JSON."""
    cmd = [sys.executable, str(HERE / "worker.py"), "--tool", tool, "--group", group,
           "--shared", str(shared), "--clock", clock]
    if out is not None:
        cmd += ["--out", str(out)]
    env = {**os.environ, **ONE_THREAD_ENV}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"status": "worker crashed", "error": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def score(shared: Path, group: str, pred: Path) -> dict:
    """The referee's summary for one prediction file."""
    cmd = [sys.executable, str(shared / "eval" / "score.py"),
           "--gold", str(corpus.corpus_root(shared) / "gold" / group), "--pred", str(pred), "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def run_cell(tool: str, group: str, shared: Path, out_dir: Path, clock: str = "wall",
             scored: bool = True) -> dict:
    """Quality (when scored) and speed of one tool on one group."""
    spec = TOOLS[tool]
    if corpus.is_text_group(group) and not spec.reads_text:
        return {"status": NOT_APPLICABLE}
    pred = out_dir / "pred" / tool / f"{group}.jsonl" if spec.scored and scored else None
    cell = run_worker(tool, group, shared, pred, clock)
    if cell.get("status") == "ok" and pred is not None:
        cell.update(score(shared, group, pred))
    return cell


def run_group(group: str, tools: list[str], a: argparse.Namespace) -> dict:
    """Every tool's cell on one group: the first round scored, then more speed rounds, the
    tools in turn (each round starting one tool later), each cell keeping its best."""
    cells: dict = {}
    for round_no in range(max(1, a.rounds)):
        for tool in tools[round_no % len(tools):] + tools[:round_no % len(tools)]:
            cell = run_cell(tool, group, a.shared, a.out, a.clock, scored=round_no == 0)
            cells[tool] = cell if round_no == 0 else best_of(cells[tool], cell)
    for cell in cells.values():
        cell["clock"], cell["rounds"] = a.clock, max(1, a.rounds)
    return cells


# A cell's speed figures, taken together from its best round.
SPEED_KEYS = ("pages_per_s", "passes", "seconds")


def best_of(kept: dict, again: dict) -> dict:
    """The first round's cell (quality, status) with the best speed of the rounds so far and
    the highest peak memory (the rounds' speeds listed too)."""
    if kept.get("status") != "ok" or again.get("status") != "ok":
        return kept
    speeds = kept.setdefault("round_pages_per_s", [kept["pages_per_s"]])
    speeds.append(again["pages_per_s"])
    if (again["pages_per_s"] or 0) > (kept["pages_per_s"] or 0):
        kept.update({k: again[k] for k in SPEED_KEYS})
    kept["peak_mb"] = max(kept["peak_mb"], again["peak_mb"])
    return kept


def progress(tool: str, group: str, cell: dict) -> None:
    if cell.get("status") != "ok":
        detail = cell.get("status") + (f": {cell['error']}" if cell.get("error") else "")
    else:
        f1 = cell.get("body_f1")
        detail = (f"{cell['pages_per_s']:.1f} p/s, {cell['peak_mb']:.0f} MiB"
                  + (f", F1 {f1:.3f}" if f1 is not None else "")
                  + (f", {cell['failures']} failed" if cell["failures"] else ""))
    print(f"  {group:<11} {tool:<12} {detail}", flush=True)


def build_meta(a: argparse.Namespace, tools: list[str]) -> dict:
    return {
        "date": datetime.date.today().isoformat(),
        "command": shlex.join(["python", _display_path(sys.argv[0]), *sys.argv[1:]]),
        "machine": machine_info(),
        "groups": a.groups,
        "pages": {g: len(corpus.group_files(a.shared, g)) for g in a.groups},
        "timed_tools": tools,
        "rounds": max(1, a.rounds),
        "clock": a.clock,
        "scored_tools": [t for t in tools if TOOLS[t].scored],
        "versions": {},
        "unavailable": {},
    }


def _display_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def record_cell(meta: dict, tool: str, cell: dict) -> None:
    if cell.get("version"):
        meta["versions"][tool] = cell["version"]
    if cell.get("status") == "unavailable":
        meta["unavailable"][tool] = cell.get("error")


def main(argv=None) -> int:
    a = parse_args(argv)
    if not (a.shared / "corpus").is_dir():
        print(f"benchmarks: no corpus at {a.shared / 'corpus'}; nothing to run "
              f"(pass --shared PATH).")
        return 0
    tools = a.tools + ([] if a.no_floor or FLOOR in a.tools else [FLOOR])
    meta = build_meta(a, tools)
    cells: dict = {}
    for group in a.groups:
        for tool, cell in run_group(group, tools, a).items():
            cells.setdefault(tool, {})[group] = cell
            record_cell(meta, tool, cell)
            progress(tool, group, cell)
    results = {"meta": meta, "cells": cells}
    write_outputs(results, a.out, a.report_dir)
    return 0


def write_outputs(results: dict, out_dir: Path, report_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    results_path = out_dir / "results.json"
    results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    report_dir.mkdir(parents=True, exist_ok=True)
    report.write_markdown(results, report_dir / "RESULTS.md", "chart.png")
    report.write_chart(results, report_dir / "chart.png")
    print(f"wrote {results_path}, {report_dir / 'RESULTS.md'}, {report_dir / 'chart.png'}")


if __name__ == "__main__":
    sys.exit(main())
