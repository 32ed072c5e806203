"""Report: what a batch did, as progress events while it runs and a summary at the end (no rich)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, List, Optional

# Statuses of one input in a progress event.
WRITTEN = "written"  # cleaned and written (or emitted on stdout)
UNCHANGED = "unchanged"  # skipped: same content, same settings, output in place
FAILED = "failed"
REMOVED = "removed"  # its input disappeared; its output was removed
PENDING = "pending"  # --check: would be created, changed or removed
SKIPPED = "skipped"  # an archive record or member that is not a page (image, redirect, ...)


@dataclass
class Event:
    """One thing the batch reports: 'start' (total known), 'cleaned' (one input through the
    first pass), 'input' (one input's outcome, once the batch's duplicates are known), 'end'."""

    kind: str
    total: int = 0
    input: Optional[str] = None
    status: Optional[str] = None
    detail: Optional[str] = None  # output path written or removed, failure message, change


OnProgress = Callable[[Event], None]


@dataclass
class Failure:
    input: str
    message: str


@dataclass
class Summary:
    """Counts for the end-of-run summary, and what --check found to do."""

    inputs: int = 0
    written: int = 0
    unchanged: int = 0
    chrome_blocks: int = 0
    repeats_folded: int = 0
    duplicates: int = 0
    removed: int = 0
    skipped: int = 0  # archive records and members that are not pages
    failures: List[Failure] = field(default_factory=list)
    changes: List[str] = field(default_factory=list)  # "create PATH", "change PATH", "remove PATH"

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.changes else 0

    def line(self) -> str:
        """The summary in one line, the way the CLI prints it."""
        parts = [f"{self.inputs} inputs read", f"{self.written} documents written",
                 f"{self.unchanged} skipped as unchanged",
                 f"{self.chrome_blocks} chrome blocks removed",
                 f"{self.repeats_folded} repeated bodies folded",
                 f"{self.duplicates} duplicates found"]
        if self.removed:
            parts.append(f"{self.removed} outputs removed")
        if self.skipped:
            parts.append(f"{self.skipped} archive records skipped (not pages)")
        parts.append(f"{len(self.failures)} failures")
        return ", ".join(parts)


def no_progress(event: Event) -> None:
    """The default progress callback: nothing."""
