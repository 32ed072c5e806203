"""The batch parent's collector: what the batch holds is frozen while it runs and given back at its end."""
from __future__ import annotations

import gc
import weakref

import pytest

from batchpages import write_pages
from govclean import batch
from govclean.batch import Settings, run_batch
from govclean.heap import batch_heap
from govclean.inputs import iter_sources


class Cycle:
    def __init__(self):
        self.me = self


def run(folder, jobs: int = 1) -> tuple:
    """The batch's outputs, and the freeze count seen when each document was final."""
    seen, outputs = [], []

    def keep(doc, text):
        seen.append(gc.get_freeze_count())
        outputs.append(text)

    settings = Settings(fmt="jsonl", jobs=jobs, use_index=False)
    run_batch(list(iter_sources([str(folder)])), settings, on_document=keep)
    return outputs, seen


@pytest.fixture
def pages(tmp_path):
    write_pages(tmp_path / "p", 6)
    return tmp_path / "p"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_freezes_what_it_holds_and_gives_it_back(pages, monkeypatch, jobs):
    assert gc.get_freeze_count() == 0
    plain, _ = run(pages, jobs)
    monkeypatch.setattr(batch, "FREEZE_EVERY", 2)  # a freeze every two pages of pass 1
    outputs, seen = run(pages, jobs)
    assert outputs == plain
    assert len(seen) == 6 and all(count > 0 for count in seen)  # frozen while it ran
    assert gc.get_freeze_count() == 0  # and given back


def test_a_process_that_freezes_objects_keeps_its_freezing(pages, monkeypatch):
    monkeypatch.setattr(batch, "FREEZE_EVERY", 2)
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        _, seen = run(pages)
        # the batch froze nothing of its own (what it froze would add thousands of objects;
        # the count falls as frozen objects are freed)
        assert len(seen) == 6 and all(0 < count <= mine for count in seen)
        assert 0 < gc.get_freeze_count() <= mine  # nor unfroze what the process froze
    finally:
        gc.unfreeze()


def test_with_the_collector_off_nothing_is_frozen(pages, monkeypatch):
    monkeypatch.setattr(batch, "FREEZE_EVERY", 2)
    gc.disable()
    try:
        _, seen = run(pages)
    finally:
        gc.enable()
    assert seen == [0] * 6


def test_young_garbage_is_collected_before_a_freeze():
    with batch_heap() as heap:
        cycle = Cycle()
        gone = weakref.ref(cycle)
        del cycle
        heap.freeze()
        assert gone() is None


def test_garbage_frozen_in_the_batch_is_collected_after_it():
    kept = Cycle()
    gone = weakref.ref(kept)
    gc.collect()  # kept survives into the oldest generation, where gc.collect(1) does not look
    with batch_heap() as heap:
        del kept
        heap.freeze()
        assert gone() is not None  # frozen with the batch
        gc.collect()
        assert gone() is not None  # a full collection does not see it either
    gc.collect()
    assert gone() is None  # given back at the batch's end: collected as before
