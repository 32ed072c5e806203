"""The batch parent's garbage collector: what a batch holds to its end is kept out of the collector's full scans."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

# Pages filed away in pass 1 between two freezes. A freeze costs a collection of the two
# young generations (milliseconds); full collections rescan what is not frozen yet, so at
# most this many pages' objects are rescanned. Measured at 4,096 on the dedup benchmark's
# 100k batch (docs/speed.md, "Round 5: the batch parent"): the parent's CPU 60.1 -> 42.5 s,
# the same as with the collector off (43.2 s); a round power of two of the order of the
# spool's and the decision's groups (DECIDE_BODIES), not tuned further.
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
