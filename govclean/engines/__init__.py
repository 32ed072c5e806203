"""Engines: what schedules the batch's stages, this machine's process pool or a Dask cluster."""
from __future__ import annotations

from typing import Any, Dict, Optional, Sequence

from ..batch import OnDocument, Settings
from ..inputs import Source
from ..report import OnProgress, Summary, no_progress

ENGINES = ("local", "dask")


def run(sources: Sequence[Source], settings: Settings, *, engine: str = "local",
        scheduler: Optional[str] = None, on_progress: OnProgress = no_progress,
        on_document: Optional[OnDocument] = None, summary: Optional[Summary] = None,
        **engine_options: Any) -> Summary:
    """Run a batch on the named engine; both give the same documents in the same order.
    A summary passed in is filled as the run goes (what an interrupted run reports)."""
    if engine == "local":
        from .local import run as run_local

        return run_local(sources, settings, on_progress=on_progress, on_document=on_document,
                         summary=summary)
    if engine == "dask":
        from .dask import run as run_dask

        return run_dask(sources, settings, scheduler=scheduler, on_progress=on_progress,
                        on_document=on_document, summary=summary, **engine_options)
    raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")


def run_parquet(sources: Sequence[Source], settings: Settings, out: str,
                storage: Optional[Dict[str, Any]] = None, **run_options: Any) -> Summary:
    """A batch written as a Parquet dataset under out (a folder or a URL), whole or absent:
    the documents a jsonl run would print, in the same order, as typed columns.

    Its state (state.py: the batch index, kept at OUT/.govclean/index.sqlite) spares the
    cleaning of inputs seen before unchanged; their documents still take part in the site
    templates and the deduplication, so new pages are folded into old articles."""
    from dataclasses import replace

    from ..parquet import DatasetWriter
    from ..state import State

    with State(out, storage, enabled=settings.use_index and not settings.index) as state:
        # the documents come to on_document (no output folder), every one of them each run
        settings = replace(settings, fmt="jsonl", output=None, emit_unchanged=True,
                           storage=storage, index=settings.index or state.path,
                           whole_documents=True)
        writer = DatasetWriter(out, storage)
        try:
            summary = run(sources, settings, on_document=lambda doc, _content: writer.add(doc),
                          **run_options)
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        state.commit()
    return summary
