"""The local engine: this machine's process pool (batch.run_batch, with its index and --check)."""
from __future__ import annotations

from typing import Optional, Sequence

from ..batch import OnDocument, Settings, run_batch
from ..inputs import Source
from ..report import OnProgress, Summary, no_progress


def run(sources: Sequence[Source], settings: Settings, *, on_progress: OnProgress = no_progress,
        on_document: Optional[OnDocument] = None, summary: Optional[Summary] = None) -> Summary:
    return run_batch(sources, settings, on_progress=on_progress, on_document=on_document,
                     summary=summary)
