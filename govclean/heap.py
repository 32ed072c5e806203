"""The batch parent's garbage collector: what a batch holds to its end is kept out of the collector's full scans."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

# Pages filed away in pass 1 between two freezes. A freeze costs a collection of the two
# young generations (a few milliseconds); full collections rescan whatever is not frozen,
# so at most this many pages' objects are rescanned. Chosen on the dedup benchmark's 100k
# batch (docs/speed.md, "Round 5: the batch parent"): every value from 1,024 to 16,384 took
# the parent's collector time from ~17 CPU s to under 1 s; 4,096 is in the middle.
FREEZE_EVERY = 4096


class Freezer:
    """freeze(): what the process holds now leaves the collector's scans, for the batch."""

    def __init__(self, active: bool):
        self.active = active

    def freeze(self) -> None:
        if self.active:
            gc.collect(1)  # young garbage in cycles goes now, not frozen with the rest
            gc.freeze()


@contextmanager
def batch_heap() -> Iterator[Freezer]:
    """A Freezer for one batch; at its end everything frozen goes back to the collector
    (its oldest generation), so garbage made meanwhile is collected as before. Inactive when
    the collector is off or the process freezes objects itself (a pre-fork server): its
    freezing is its own."""
    freezer = Freezer(gc.isenabled() and gc.get_freeze_count() == 0)
    try:
        yield freezer
    finally:
        if freezer.active:
            gc.unfreeze()
