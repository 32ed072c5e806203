"""Bounded memory: peak RSS of a batch against its number of pages (generated pages).

    python benchmarks/memory_stream.py                       # 1k, 10k, 50k pages
    python benchmarks/memory_stream.py --sizes 1000 5000 --modes stream

Each measurement runs in a fresh process, so peaks do not mix. Modes:
  corpus   govclean.corpus.clean_corpus(folder): the library's batch, every Document kept (no blocks)
  stream   iter_sources + clean_source one page at a time, each Document dropped after
           use: the floor a streaming batch can reach (plus its index and fingerprints)
  cli      `govclean clean -j 1 -f jsonl -o OUT folder`: the command line in corpus mode
           (bodies and fingerprints held until duplicates are decided; pages are not)
  cli-off  the same with --dedup off: each document written and let go at once
Pages are generated (not copied from ../shared): ~6 kB of HTML each, English and Chinese
prose with chrome around it, every tenth page a re-save of an earlier one (so corpus mode
writes about nine documents in ten).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worker import peak_rss_mb  # noqa: E402

# Page size and vocabulary: the median saved page of ../shared/corpus holds 2-8 kB of text.
PARAGRAPHS = (4, 12)
# English words: a fixed vocabulary of 5,000 made-up words, so that two pages share words as
# real ones do but few 5-character shingles (a 20-word vocabulary made every English page a
# near-duplicate of every other, and corpus mode folded them all into one).
_VOCAB = random.Random(1)
WORDS_EN = ["".join(_VOCAB.choice("abcdefghijklmnoprstuvwy") for _ in range(_VOCAB.randint(3, 9)))
            for _ in range(5000)]
CHARS_ZH = "关于做好春季森林防火工作的通知各乡镇人民政府县直有关单位为切实今年现将事项如下会议要求压实责任确保任务按期完成"
CHROME = ("<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a> <a href='/gk'>信息公开</a></div>"
          "<div class='crumb'>当前位置：首页 &gt; 新闻动态</div>")
FOOTER = "<div class='foot'>主办单位：某某县人民政府 政府网站标识码 1234567890 京ICP备12345678号</div>"


def make_page(rnd: random.Random, i: int) -> str:
    zh = i % 2 == 0
    paras = []
    for _ in range(rnd.randint(*PARAGRAPHS)):
        if zh:
            paras.append("".join(rnd.choice(CHARS_ZH) for _ in range(rnd.randint(60, 160))) + "。")
        else:
            paras.append(" ".join(rnd.choice(WORDS_EN) for _ in range(rnd.randint(30, 80))).capitalize() + ".")
    title = f"Page {i} " + " ".join(rnd.choice(WORDS_EN) for _ in range(5))
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"{CHROME}<h1>{title}</h1><div class='info'>来源：县政府办 发布时间：2024-03-{1 + i % 28:02d}</div>"
            f"{body}{FOOTER}</body></html>")


def generate(folder: str, count: int, seed: int = 0) -> None:
    rnd = random.Random(seed)
    pages = []
    for i in range(count):
        page = pages[rnd.randrange(len(pages))] if i % 10 == 9 and pages else make_page(rnd, i)
        if len(pages) < 1000:
            pages.append(page)
        sub = os.path.join(folder, f"{i // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"p{i:06d}.html"), "w", encoding="utf-8") as fh:
            fh.write(page)


def measure(folder: str, mode: str) -> dict:
    """Runs in the child: clean the folder, report peak RSS and time."""
    from govclean.corpus import clean_corpus, clean_source
    from govclean.inputs import iter_sources

    started = time.perf_counter()
    documents = failures = 0
    if mode.startswith("cli"):
        return measure_cli(folder, mode, started)
    if mode == "corpus":
        result = clean_corpus([folder])
        documents, failures = len(result.documents), len(result.failures)
    else:
        for source in iter_sources([folder]):
            doc, failure = clean_source(source)
            documents += doc is not None
            failures += failure is not None
    return {"mode": mode, "documents": documents, "failures": failures,
            "seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def measure_cli(folder: str, mode: str, started: float) -> dict:
    """The command line in this process (one job, so its peak is this process's)."""
    from govclean.cli import main

    out = f"{folder}.{mode}.out"  # a fresh output folder each: a re-run would hold the old index's plan
    args = ["clean", "-q", "-j", "1", "-f", "jsonl", "-o", out, folder]
    if mode == "cli-off":
        args[1:1] = ["--dedup", "off"]
    try:
        main(args)
    except SystemExit as exit_:
        failures = int(exit_.code or 0)
    documents = sum(len(files) for path, _, files in os.walk(out) if ".govclean" not in path)
    return {"mode": mode, "documents": documents, "failures": failures,
            "seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def sizes(text: str) -> list:
    return [int(n) for n in text.split(",") if n]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=sizes, nargs="+", default=[[1000, 10000, 50000]],
                        help="page counts, spaced or comma-separated (1000,10000)")
    parser.add_argument("--modes", nargs="+", default=["cli", "cli-off", "stream"],
                        choices=["corpus", "stream", "cli", "cli-off"])
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(*args.child)))
        return 0
    rows = []
    args.sizes = [n for group in args.sizes for n in group]
    with tempfile.TemporaryDirectory(prefix="govclean-mem-") as tmp:
        for size in args.sizes:
            folder = os.path.join(tmp, str(size))
            generate(folder, size)
            for mode in args.modes:
                out = subprocess.run([sys.executable, __file__, "--child", folder, mode],
                                     check=True, capture_output=True, text=True).stdout
                row = {"pages": size, **json.loads(out)}
                rows.append(row)
                print(json.dumps(row), flush=True)
    print("\n| pages | mode | peak RSS (MiB) | seconds |\n| ---: | --- | ---: | ---: |")
    for r in rows:
        print(f"| {r['pages']:,} | {r['mode']} | {r['peak_rss_mb']} | {r['seconds']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
