"""CPU time per page of clean_page with the compiled walker (govclean._walk) and without it (the proxy walk), in one process, interleaved.

    taskset -c 1 python benchmarks/ab_walker.py [--groups zh-gov,en-gov,aeb,web] [--rounds 7] [--limit N]
                                                [--segment | --walk]

Both sides are the worktree's code in the form it is installed (run it after `pip install -e .`,
`govclean --version` saying "compiled"): only segment._Walker's source of elements differs,
govclean._walk's events or lxml's iterwalk proxies. Every round cleans each group's pages (in
memory) one way, then the other, caches cleared before every pass, timed by
time.process_time; each side keeps its best round. The two sides' Documents (their repr) are compared
on the first round: the script fails if any page differs. --segment times the segment stage
alone (segment.segment_html on each HTML page's loaded text; the blocks compared), --walk
the walk alone (segment._Walker.walk over trees parsed once, before the rounds).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package

import corpus  # noqa: E402
from ab_speed import group_files  # noqa: E402


def one_pass(walk, pages, stage: str = "") -> tuple:
    """(ms a page, the pages' results) of one pass with segment's walker source set to walk:
    clean_page's Documents, segment_html's blocks of the pages' texts (stage "segment"), or
    the blocks of the walk of the pages' trees (stage "walk")."""
    from govclean import api, segment

    segment._compiled_walk.loaded[:] = [walk]
    api.clear_caches()
    out = []
    start = time.process_time()
    for rel, data in pages:
        if stage == "walk":
            walker = segment._Walker(data[1])
            walker.walk(data[0])
            out.append(walker.blocks)
        elif stage == "segment":
            out.append(segment.segment_html(data).blocks)
        else:
            out.append(api.clean_page(data, filename=rel))
    ms = 1e3 * (time.process_time() - start) / len(pages)
    return ms, [repr(r) for r in out]


def html_texts(pages) -> list:
    """(name, text) of the HTML pages among (name, bytes)."""
    from govclean.load import load_bytes
    from govclean.model import HTML

    loaded = [(rel, load_bytes(data, rel)) for rel, data in pages]
    return [(rel, page.text) for rel, page in loaded if page.kind == HTML]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--groups", default="zh-gov,en-gov,aeb,web")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--limit", type=int, default=None, help="each group's first N files")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    ap.add_argument("--segment", action="store_const", const="segment", dest="stage", default="",
                    help="time segment_html alone")
    ap.add_argument("--walk", action="store_const", const="walk", dest="stage", help="time the walk alone")
    a = ap.parse_args(argv)
    from govclean import compiled, segment

    walk = segment._compiled_walk()
    if walk is None:
        print(f"govclean._walk does not load here: {compiled.extension_forms()}", file=sys.stderr)
        return 2
    print(f"govclean modules {compiled.summary()}; walker {walk.__file__}")
    what = {"segment": "segment_html", "walk": "_Walker.walk"}.get(a.stage, "clean_page")
    print(f"| group | proxy walk: {what} ms/page | compiled walker ms/page | speed-up |")
    print("| --- | ---: | ---: | ---: |")
    for group in a.groups.split(","):
        pages = [(corpus.relpath(a.shared, p), p.read_bytes())
                 for p in group_files(a.shared, group)[:a.limit]]
        if a.stage:
            pages = html_texts(pages)
        if a.stage == "walk":
            roots = [(rel, segment.parse_html(text)) for rel, text in pages]
            pages = [(rel, (root, segment.css_hidden_names(root))) for rel, root in roots]
        one_pass(walk, pages[:1], a.stage)  # lazy imports and compiled patterns are not per-page cost
        proxies = events = float("inf")
        for round_ in range(a.rounds):
            ms_p, out_p = one_pass(None, pages, a.stage)
            ms_e, out_e = one_pass(walk, pages, a.stage)
            if round_ == 0 and out_p != out_e:
                differ = [rel for (rel, _), x, y in zip(pages, out_p, out_e) if x != y]
                print(f"{group}: {len(differ)} pages differ, e.g. {differ[:3]}", file=sys.stderr)
                return 1
            proxies, events = min(proxies, ms_p), min(events, ms_e)
        print(f"| {group} | {proxies:.2f} | {events:.2f} | {proxies / events:.2f}x |", flush=True)
    segment._compiled_walk.loaded[:] = [walk]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
