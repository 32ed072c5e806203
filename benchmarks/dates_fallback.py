"""Would htmldate help as a fallback for dates? The cascade's dates against the gold, and htmldate's where the cascade finds none.

    python benchmarks/dates_fallback.py [--groups web,zh-gov,zh-gov-txt,aeb] [--shared PATH]

For every page of each group: govclean.clean_page (the page's own cascade), then
htmldate.find_date(html, original_date=True) on the raw page. Prints per group: pages,
pages with a gold date, the cascade's right/wrong dates, the pages where it finds nothing
(with and without a gold date) and what htmldate says there (right, wrong, none; on pages
without a gold date only whether it gives one), and htmldate's own right/wrong over all
dated pages. Needs htmldate (the bench extra); nothing is written.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))  # the worktree's own govclean package, when present

import corpus  # noqa: E402


def htmldate_of(data: bytes) -> str | None:
    from htmldate import find_date

    html = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    try:
        return find_date(html.decode("utf-8", "replace"), original_date=True)
    except Exception:  # htmldate raises its own and lxml's errors on odd pages
        return None


def measure(shared: Path, group: str) -> Counter:
    from govclean import clean_page

    out: Counter = Counter()
    for path in sorted((shared / "corpus" / "gold" / group).rglob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        data = (shared / "corpus" / gold["input"]).read_bytes()
        mine = (clean_page(data, filename=gold["input"]).published or "")[:10] or None
        want = gold.get("published")
        theirs = htmldate_of(data)
        out["pages"] += 1
        out["gold dated"] += bool(want)
        if want and mine:
            out["cascade right" if mine == want else "cascade wrong"] += 1
        if want and theirs:
            out["htmldate alone right" if theirs == want else "htmldate alone wrong"] += 1
        if not mine and want:
            out["cascade none, dated"] += 1
            out["  htmldate there: " + ("none" if not theirs else "right" if theirs == want else "wrong")] += 1
        elif not mine:
            out["cascade none, undated"] += 1
            out["  htmldate gives a date there"] += bool(theirs)
        out["cascade gives a date"] += bool(mine)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", default="web,zh-gov,zh-gov-txt,aeb")
    ap.add_argument("--shared", type=Path, default=corpus.default_shared(HERE.parent))
    args = ap.parse_args()
    if not (args.shared / "corpus").is_dir():
        print(f"no corpus under {args.shared}: nothing to measure")
        return 0
    logging.disable(logging.CRITICAL)  # htmldate logs every page it cannot read
    for group in args.groups.split(","):
        counts = measure(args.shared, group)
        print(group + ": " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
