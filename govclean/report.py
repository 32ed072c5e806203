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
SKIPPED = "skipped"  # not a page: a walk's file or companion folder, an archive record or member


@dataclass
class Event:
    """One thing the batch reports: 'start' (total known), 'cleaned' (one input through the
    first pass), 'input' (one input's outcome, once the batch's duplicates are known),
    'warning' (something left alone: input names it, detail says why), 'end'."""

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
    skipped: int = 0  # not pages (SKIPPED): a walk's files and folders, archive records and members
    no_text: int = 0  # pages with no article text: reported, no output (also failures)
    failures: List[Failure] = field(default_factory=list)
    warnings: List[Failure] = field(default_factory=list)  # pages cut at a limit, files left alone, a damaged index
    changes: List[str] = field(default_factory=list)  # "create PATH", "change PATH", "remove PATH"

    check: bool = False  # a --check run: its exit code says whether anything would change

    @property
    def exit_code(self) -> int:
        """--check: 1 when something would be created, changed or removed (inputs that
        keep failing are no change); a run: 1 when any input failed."""
        if self.check:
            return 1 if self.changes else 0
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
        if self.no_text:
            parts.append(_n(self.no_text, "page") + " without article text")
        if self.skipped:
            parts.append(f"{self.skipped} skipped as not pages")
        parts.append(_n(len(self.failures), "failure"))
        if self.warnings:
            parts.append(_n(len(self.warnings), "warning"))
        return ", ".join(parts)


def _n(count: int, one: str, many: Optional[str] = None) -> str:
    """A count with its noun: 1 document, 2 documents."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def no_progress(event: Event) -> None:
    """The default progress callback: nothing."""
