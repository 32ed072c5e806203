"""Fuzz: mutate seed pages (built-in, plus ../shared/corpus when present) and check that every
input gives a Document or a typed govclean error, and that every writer takes the Document.

    python -m tests.fuzz --count 10000            # from the repository root; exit 1 on any crash
    python -m tests.fuzz --count 200000 --seed 7 --save crashes/

The same --seed and --count give the same inputs (the corpus listing is sorted).
"""
from __future__ import annotations

import argparse
import codecs
import gzip
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Dict, List, Optional

try:
    from . import hostile  # python -m tests.fuzz
except ImportError:  # imported by pytest (tests/ on sys.path)
    import hostile

from govclean import clean_page
from govclean.errors import GovcleanError
from govclean.write import FORMATS, render

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
# Seeds are cut to this many bytes: mutation finds parser and decoder breakage in the first
# kilobytes, and small inputs keep 10,000 runs to about a minute on one core.
SEED_MAX_BYTES = 24 * 1024
# Corpus files used as seeds (sampled with the run's seed); more adds little but load time.
CORPUS_SEEDS = 120
# Mutations stacked on one input: 1..MAX_MUTATIONS.
MAX_MUTATIONS = 4
# Inputs cleaning slower than this are listed in the report (they are not failures).
SLOW_SECONDS = 2.0

TOKENS = [b"<div>", b"</div>", b"<p>", b"</p>", b"<table><tr><td>", b"</td></tr></table>",
          b"<script>", b"</script>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?xml version='1.0'?>",
          b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", b"&e;", b"&#0;", b"&#xD800;",
          b"&#x110000;", b"<meta charset=gbk>", b"<meta charset=utf-16>", b"<meta charset=idna>",
          b"<meta charset=x-unknown>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x1f\x8b",
          b"\r", b"\x0c", b"\xe2\x80\xae", "来源：新华社 发布时间：2024-01-02".encode(),
          "当前位置：首页 > 新闻".encode(), b"<div>" * 3000, b"<span>" * 300, b"<br>" * 500,
          b"<style>.x{display:none}</style>", b"<a href='javascript:x'>", b"\xc3", b"\xa0"]
ENCODINGS = ["utf-8", "gb18030", "big5", "shift_jis", "utf-16-le", "utf-16", "utf-32", "cp1252"]
NAMES = ["p.html", "p.htm", "p.txt", "p.html.gz", "p.xhtml", "p", "页面.html"]


def builtin_seeds() -> List[bytes]:
    dump = (f"{hostile.PROSE}\n\n当前位置：首页 > 新闻\n\n{hostile.PROSE_ZH}\n来源：新华社\n").encode()
    return [hostile.GOOD.encode(), hostile.GOOD_ZH.encode("gb18030"), dump,
            hostile.deep(2100).encode(), hostile.xxe("/etc/hostname"),
            codecs.BOM_UTF16_LE + hostile.GOOD.encode("utf-16-le"), gzip.compress(hostile.GOOD.encode())]


def corpus_seeds(rnd: random.Random, corpus: Path, count: int) -> List[bytes]:
    if not corpus.is_dir():
        return []
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and "gold" not in p.parts
                   and p.suffix in (".html", ".htm", ".txt", ".gz"))
    seeds = []
    for path in rnd.sample(files, min(count, len(files))):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                continue
        start = rnd.randrange(max(1, len(data) - SEED_MAX_BYTES)) if rnd.random() < 0.3 else 0
        seeds.append(data[start:start + SEED_MAX_BYTES])
    return seeds


def _span(rnd, data):
    a = rnd.randrange(len(data) + 1)
    return a, min(len(data), a + rnd.randrange(1, 256))


def flip(rnd, data, seeds):
    b = bytearray(data)
    for _ in range(rnd.randrange(1, 16)):
        if b:
            b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
    return bytes(b)


def insert_bytes(rnd, data, seeds):
    a = rnd.randrange(len(data) + 1)
    return data[:a] + bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 64))) + data[a:]


def insert_token(rnd, data, seeds):
    a = rnd.randrange(len(data) + 1)
    return data[:a] + rnd.choice(TOKENS) * rnd.choice((1, 1, 2, 10)) + data[a:]


def delete(rnd, data, seeds):
    a, b = _span(rnd, data)
    return data[:a] + data[b:]


def duplicate(rnd, data, seeds):
    a, b = _span(rnd, data)
    return data[:b] + data[a:b] * rnd.randrange(1, 20) + data[b:]


def truncate(rnd, data, seeds):
    return data[:rnd.randrange(len(data) + 1)]


def splice(rnd, data, seeds):
    other = rnd.choice(seeds)
    return data[:rnd.randrange(len(data) + 1)] + other[rnd.randrange(len(other) + 1):]


def reencode(rnd, data, seeds):
    text = data.decode("utf-8", errors=rnd.choice(["ignore", "replace"]))
    return text.encode(rnd.choice(ENCODINGS), errors="replace")


def wrap_gzip(rnd, data, seeds):
    packed = gzip.compress(data)
    return packed if rnd.random() < 0.7 else packed[:rnd.randrange(len(packed) + 1)]


MUTATORS: List[Callable] = [flip, insert_bytes, insert_token, insert_token, delete, duplicate,
                            truncate, splice, reencode, wrap_gzip]


def mutate(rnd: random.Random, data: bytes, seeds: List[bytes]) -> bytes:
    for _ in range(rnd.randrange(1, MAX_MUTATIONS + 1)):
        data = rnd.choice(MUTATORS)(rnd, data, seeds)
    return data


def check(data: bytes, name: str) -> str:
    """'doc' or 'refused'; anything else raised is a crash (re-raised to the caller)."""
    try:
        doc = clean_page(data, filename=name)
    except GovcleanError as exc:
        if exc.input != name or not exc.message or "\n" in exc.message:
            raise AssertionError(f"malformed error line: {exc!r}") from None
        return "refused"
    for fmt in FORMATS:
        render(doc, fmt)
    return "doc"


def run(count: int, seed: int = 0, corpus: Path = SHARED_CORPUS, save: Optional[Path] = None,
        out=sys.stdout) -> Dict[str, object]:
    """Fuzz `count` inputs; returns the counts, the crashes and the slowest inputs."""
    rnd = random.Random(seed)
    seeds = builtin_seeds() + corpus_seeds(rnd, corpus, CORPUS_SEEDS)
    counts = {"doc": 0, "refused": 0, "crash": 0}
    crashes, slow = [], []
    started = time.perf_counter()
    for i in range(count):
        data = mutate(rnd, rnd.choice(seeds), seeds)
        name = rnd.choice(NAMES)
        t0 = time.perf_counter()
        try:
            counts[check(data, name)] += 1
        except Exception as exc:  # the one place that must catch everything: it is the finding
            counts["crash"] += 1
            crashes.append((i, f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc(limit=-3)))
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"crash-{seed}-{i}.bin").write_bytes(data)
        spent = time.perf_counter() - t0
        if spent > SLOW_SECONDS:
            slow.append((round(spent, 2), i, len(data)))
    elapsed = time.perf_counter() - started
    report = {"count": count, "seed": seed, "seeds": len(seeds), "seconds": round(elapsed, 1),
              **counts, "crashes": crashes, "slow": sorted(slow, reverse=True)[:10]}
    print(f"fuzz: {count} inputs from {len(seeds)} seeds (seed {seed}) in {elapsed:.1f}s: "
          f"{counts['doc']} documents, {counts['refused']} refused, {counts['crash']} crashes",
          file=out)
    for i, line, tb in crashes[:20]:
        print(f"  input {i}: {line}\n{tb}", file=out)
    for spent, i, size in report["slow"]:
        print(f"  slow: input {i} ({size} bytes) took {spent}s", file=out)
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz",
                                     description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--count", type=int, default=10_000, help="inputs to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--corpus", type=Path, default=SHARED_CORPUS,
                        help="seed pages folder (default ../shared/corpus; skipped when absent)")
    parser.add_argument("--save", type=Path, default=None, help="write crashing inputs here")
    args = parser.parse_args(argv)
    report = run(args.count, args.seed, args.corpus, args.save)
    return 1 if report["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
