"""Time one small page through the CLI, whole process (start-up, imports, clean, write).

`--against PYTHON` times another install too (e.g. main's code exported and installed in a
venv of its own), the two runs alternating, so both see the same load; each is also given
minus its own interpreter's `python -c pass`. The children run from a temporary folder, so
`python -m govclean` imports each interpreter's installed govclean, never the one in the
current folder."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Runs per command: the best one is reported (the machine is shared; the best run is the
# one least disturbed by other processes).
RUNS = 7
# How many of the slowest imports (cumulative, -X importtime) are listed.
TOP_IMPORTS = 12
# A small saved government page: a title, a date, a source and a few paragraphs, so the
# rules find the body on their own (as on most pages; readability is asked only when not).
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>市教育局召开课后服务推进会_通知公告</title></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/xw">新闻</a></div>
<div class="article"><h1>市教育局召开课后服务推进会</h1>
<div class="info">发布时间：2024-03-15 来源：市教育局</div>
<p>为进一步做好全市中小学课后服务工作，市教育局近日召开专题推进会，总结上学期工作经验。</p>
<p>会议指出，课后服务是减轻学生过重课业负担、解决家长按时接送难题的重要举措。</p>
<p>会议要求，各学校要丰富服务内容，统筹安排作业辅导、体育锻炼、艺术活动和科普阅读。</p>
</div><div class="footer">主办单位：市教育局 网站标识码 3301000001</div></body></html>
"""


# The children run as an installed program does: with its bytecode cached, and the
# patterns an earlier run compiled kept beside it (govclean/recache.py). Under
# PYTHONDONTWRITEBYTECODE=1 an editable install compiles every module of govclean from
# source on each run (about 0.05 s more) and keeps no pattern (about 0.04 s more). One run
# before the timed ones writes both.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: str | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV,
                            cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"startup: {' '.join(cmd)} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def alternating(cmds: dict, runs: int, cwd: str | None = None) -> dict:
    """name -> the best wall and CPU of `runs` runs of each command, taken in turn."""
    for cmd in cmds.values():
        timed(cmd, cwd)  # warm: bytecode written, patterns kept, files in the page cache
    times: dict = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(timed(cmd, cwd))
    return {name: {"wall": min(t[0] for t in got), "cpu": min(t[1] for t in got)}
            for name, got in times.items()}


def slowest_imports(cmd: list[str], cwd: str | None = None) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the top-level imports, slowest first."""
    err = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True,
                         env=CHILD_ENV, cwd=cwd).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit() and not name.startswith("  "):
                rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:TOP_IMPORTS]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument("--against", metavar="PYTHON", help="also time this interpreter's govclean, alternating")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govclean-startup-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(PAGE, encoding="utf-8")
        pythons = {"this": sys.executable, **({"against": a.against} if a.against else {})}
        cmds = {}
        for name, python in pythons.items():
            cmds[f"{name} pass"] = [python, "-c", "pass"]
            cmds[name] = [python, "-m", "govclean", "clean", "-f", "jsonl", str(page)]
        got = alternating(cmds, a.runs, tmp)
        for name, python in pythons.items():
            bare, run = got[f"{name} pass"], got[name]
            if a.against:
                print(f"{python}:")
            print(f"python -c pass:          wall {bare['wall']:.3f} s, cpu {bare['cpu']:.3f} s")
            print(f"govclean clean one page: wall {run['wall']:.3f} s, cpu {run['cpu']:.3f} s "
                  f"(best of {a.runs}; minus python -c pass: cpu {run['cpu'] - bare['cpu']:.3f} s)")
        print("slowest top-level imports (cumulative ms):")
        for us, name in slowest_imports(cmds["this"], tmp):
            print(f"  {us / 1000:8.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
