"""Time and peak memory of one page per hostile shape (issue 12 item 7), each in a fresh process.

    python benchmarks/hostile_shapes.py [--shapes attributes,text_heavy,...]

Pages are generated (nothing stored). Each shape is cleaned by clean_page() in its own
interpreter; the line printed is the shape, its size, the seconds and the peak RSS
(VmHWM). The target: every page under --max-bytes (50 MB) within 10 s and 1 GB on the
2-core development machine. Not a timed test: numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

from hostile import PROSE, PROSE_ZH, page  # noqa: E402

MIB = 1024 * 1024


def text_heavy() -> bytes:
    """49 MiB of distinct paragraphs."""
    para = f"{PROSE} {PROSE_ZH}"
    return page("".join(f"<p>{i} {para}</p>\n" for i in range(49 * MIB // 320))).encode()


def one_line() -> bytes:
    """49 MiB of text in one paragraph."""
    words = PROSE + " " + PROSE_ZH + " "
    return page("<p>" + words * (49 * MIB // len(words.encode())) + "</p>").encode()


def attributes() -> bytes:
    """120,000 attributes on one element."""
    attrs = " ".join(f'a{i}="v{i}"' for i in range(120_000))
    return page(f"<div {attrs}><p>{PROSE}</p></div><p>{PROSE}</p>").encode()


def attributes_quoted() -> bytes:
    """120,000 attributes whose values hold '>' (no long run without < or >)."""
    attrs = " ".join(f'a{i}=">"' for i in range(120_000))
    return page(f"<div {attrs}><p>{PROSE}</p></div><p>{PROSE}</p>").encode()


def many_attributes_tags() -> bytes:
    """40 MB of tags with 199 attributes each (just under the limit)."""
    tag = "<i" + "".join(f" a{i}=v" for i in range(199)) + ">x</i>"
    return page(tag * (40 * MIB // len(tag))).encode()


def short_tags_attributes() -> bytes:
    """49 MiB of short tags with 10 valueless attributes each (17 million in all)."""
    tag = "<i a b c d e f g h j k>x</i>"
    return page(tag * (49 * MIB // len(tag))).encode()


def lines() -> bytes:
    """A 300,000-line text dump."""
    return "\n".join(f"{i} {PROSE[: (i % 60) + 10]}" for i in range(300_000)).encode()


def inline_elements() -> bytes:
    """49 MiB of empty inline elements."""
    return page("<p>" + "<b></b>" * (49 * MIB // 7) + "</p>").encode()


SHAPES = {f.__name__: f for f in (text_heavy, one_line, attributes, attributes_quoted,
                                  many_attributes_tags, short_tags_attributes, lines,
                                  inline_elements)}


def measure(name: str) -> None:
    """In the child: generate, clean, print seconds and VmHWM."""
    from govclean.api import clean_page

    data = SHAPES[name]()
    start = time.perf_counter()
    doc = clean_page(data, filename=name + (".txt" if name == "lines" else ".html"))
    seconds = time.perf_counter() - start
    with open("/proc/self/status", encoding="ascii") as fh:
        hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    cut = doc.extra.get("warnings", "").replace("\n", "; ") or "-"
    print(f"{name:22} {len(data) / MIB:6.1f} MiB {seconds:6.1f} s {hwm / 1024:7.0f} MB   {cut}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        measure(args.child)
        return
    print(f"{'shape':22} {'size':>10} {'time':>8} {'peak RSS':>10}   limit reached")
    for name in args.shapes.split(","):
        subprocess.run([sys.executable, __file__, "--child", name], check=False)


if __name__ == "__main__":
    main()
