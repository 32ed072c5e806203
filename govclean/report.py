"""Report: what a batch did, as progress events while it runs and a summary at the end (no rich)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, List, Optional

# Statuses of one input in a progress event.
WRITTEN = "written"  # cleaned and written (or emitted on stdout)
UNCHANGED = "unchanged"  # skipped: same content, same settings, output in place
FAILED = "failed"
WARNING = "warning"  # cleaned, but the page was cut at a limit (detail says which)
REMOVED = "removed"  # its input disappeared; its output was removed
PENDING = "pending"  # --check: would be created, changed or removed


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
    failures: List[Failure] = field(default_factory=list)
    changes: List[str] = field(default_factory=list)  # "create PATH", "change PATH", "remove PATH"

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.changes else 0

    def line(self) -> str:
        """The summary in one line, the way the CLI prints it."""
        parts = [_n(self.inputs, "input") + " read", _n(self.written, "document") + " written",
                 f"{self.unchanged} skipped as unchanged",
                 _n(self.chrome_blocks, "chrome block") + " removed",
                 _n(self.repeats_folded, "repeated body", "repeated bodies") + " folded",
                 _n(self.duplicates, "duplicate") + " found"]
        if self.removed:
            parts.append(_n(self.removed, "output") + " removed")
        parts.append(_n(len(self.failures), "failure"))
        return ", ".join(parts)


def _n(count: int, one: str, many: Optional[str] = None) -> str:
    """A count with its noun: 1 document, 2 documents."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def no_progress(event: Event) -> None:
    """The default progress callback: nothing."""
