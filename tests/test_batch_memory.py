"""What a batch in corpus mode holds in memory per page until the batch is decided."""
from __future__ import annotations

import tracemalloc

import pytest

from batchpages import sentence, write_pages
from govclean import batch
from govclean.batch import Settings, run_batch
from govclean.inputs import iter_sources

# Pages of the smaller batch; the larger one has twice as many, and the bytes held per page
# are the difference between the two divided by PAGES (what a batch holds whatever its
# size, imports and caches, cancels out).
PAGES = 400
# Bytes the parent may hold per page when pass 1 ends (every page cleaned in the pool,
# spooled, surveyed and fingerprinted; nothing decided yet), traced by tracemalloc.
# Measured on these pages (two thirds HTML, one third text dumps; Python 3.11, twice each,
# within 4 bytes): 2,118 bytes a page before the compaction of docs/dedup.md ("Memory of
# the command line": spool references as tuples, a MinHash array of its own a copy, the
# input name three times, the task list kept, empty lists), 1,711 after. The bound sits
# between the two: bringing back any one of the old costs of 200 bytes or more a page
# (the MinHash arrays alone were 320) fails it.
HELD_PER_PAGE_MAX = 1_900


def write_dumps(folder, count: int, start: int) -> None:
    """Text dumps (no site metadata: grouped by their line sets), a few lines each."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        lines = ["示例市人民政府 首页 政务公开 政务服务", f"示例市第{n}次会议纪要"]
        lines += [sentence(n, i) for i in range(5)] + ["主办单位：示例市人民政府办公室"]
        (folder / f"d{n:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def held_per_run(folder, monkeypatch) -> int:
    """Traced bytes the run holds when its corpus stage starts, above those before it."""
    seen = {}
    stage = batch._corpus_stage

    def measured(items, *rest):
        seen["held"] = tracemalloc.get_traced_memory()[0] - seen["before"]
        return stage(items, *rest)

    init = batch._init_worker

    def untraced_worker(chrome):  # a forked worker is traced too: not what is measured
        tracemalloc.stop()
        init(chrome)

    monkeypatch.setattr(batch, "_corpus_stage", measured)
    monkeypatch.setattr(batch, "_init_worker", untraced_worker)
    sources = list(iter_sources([str(folder)]))
    settings = Settings(fmt="jsonl", jobs=2, use_index=False)
    seen["before"] = tracemalloc.get_traced_memory()[0]
    run_batch(sources, settings, on_document=lambda doc, text: None)
    return seen["held"]


def make_batch(folder, pages: int):
    write_pages(folder / "html", pages * 2 // 3)
    write_dumps(folder / "txt", pages - pages * 2 // 3, 0)
    return folder


def test_parent_holds_little_per_page_until_the_batch_is_decided(tmp_path, monkeypatch):
    small = make_batch(tmp_path / "small", PAGES)
    large = make_batch(tmp_path / "large", 2 * PAGES)
    warm = make_batch(tmp_path / "warm", 30)  # imports and caches of a first run
    tracemalloc.start()
    try:
        held_per_run(warm, monkeypatch)
        held = [held_per_run(folder, monkeypatch) for folder in (small, large)]
    finally:
        tracemalloc.stop()
    per_page = (held[1] - held[0]) / PAGES
    assert 0 < per_page <= HELD_PER_PAGE_MAX, f"{per_page:.0f} bytes a page"


@pytest.mark.parametrize("leader", [[], [0], [0, 1, 2], [1, 1, 0, 0, 4, 1], [3, 3, 3, 3, 0]])
def test_clusters_are_those_of_two_or_more_in_order_of_their_first_member(leader):
    expected: dict = {}
    for i, j in enumerate(leader):
        expected.setdefault(j, []).append(i)
    assert batch._clusters(leader) == [(j, m) for j, m in expected.items() if len(m) > 1]
