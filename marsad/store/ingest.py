"""The single-writer ingest loop: read → (skip unchanged) → process → write, one article at a time.

Each article is committed on its own (:meth:`Store.write_result`), so a run killed
at any moment keeps every article it had committed and a re-run skips them (same
id and content hash) and finishes the rest.  The per-article work is
:func:`marsad.pipeline.process_article`; the reader looks the stored hashes of
:data:`STATUS_BATCH` articles up at once.  To parallelise it, feed its results from a
pool to :meth:`Store.write_result` in this same single process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import exc as sa_exc

from marsad.model import Article, IngestError
from marsad.pipeline import (
    ArticleResult,
    batches,
    content_hash,
    extraction_failure,
    item_name,
    process_article,
)
from marsad.store.core import Store, WriteOutcome

if TYPE_CHECKING:
    from marsad.geo import Gazetteer


@dataclass(slots=True)
class IngestSummary:
    """What an ingest run did; ``read == stored + replaced + skipped + failed``."""

    read: int = 0
    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    reports: int = 0  # event reports written by this run
    merged_events: int | None = None  # None when the run did not merge
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed per-article timings

    def fail(self, item: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((item, reason))

    def count_written(self, outcome: WriteOutcome, result: ArticleResult) -> None:
        """Count what :meth:`Store.write_result` did with ``result``."""
        if outcome == "skipped":
            self.skipped += 1  # stored by another writer since the status check
            return
        if outcome == "stored":
            self.stored += 1
        else:
            self.replaced += 1
        self.reports += len(result.events)
        for stage, seconds in result.timings.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds


#: Called after every item with the summary so far and the error line for a failed item.
ItemCallback = Callable[[IngestSummary, str | None], None]
#: Items read ahead so that the store is asked for their stored hashes in one query.
STATUS_BATCH = 256


def write_counted(store: Store, result: ArticleResult, summary: IngestSummary) -> tuple[str, str] | None:
    """Write one result and count its outcome; returns ``(item, reason)`` when it was not stored."""
    try:
        outcome = store.write_result(result)
    except sa_exc.OperationalError:
        raise  # the database itself is unusable: stop instead of failing every article
    except sa_exc.StatementError as error:
        cause = error.orig or error
        return item_name(result.article), f"not stored ({type(cause).__name__}: {cause})"
    summary.count_written(outcome, result)
    return None


def finish_item(
    summary: IngestSummary, failure: tuple[str, str] | None, on_item: ItemCallback | None
) -> None:
    """Record an item's failure, if any, then tell ``on_item`` (with the error line)."""
    if failure is not None:
        summary.fail(*failure)
    if on_item is not None:
        on_item(summary, f"{failure[0]}: {failure[1]}" if failure else None)


def merge_timed(store: Store, summary: IngestSummary) -> None:
    """Rebuild the merged events, recording their count and the ``merge`` stage time."""
    started = time.perf_counter()
    summary.merged_events = store.merge()
    summary.stage_seconds["merge"] = time.perf_counter() - started


def _ingest_article(
    article: Article,
    store: Store,
    gazetteer: Gazetteer | None,
    summary: IngestSummary,
    stored_hashes: dict[str, str],
) -> tuple[str, str] | None:
    """Store one article; returns ``(item, reason)`` when it failed.

    ``stored_hashes`` (id → content hash in the store, looked up for the article's
    batch) is kept up to date with what this run writes, so that an id repeated
    within a batch is skipped exactly as if it had been looked up on its own.
    """
    if stored_hashes.get(article.id) == content_hash(article):
        summary.skipped += 1  # decided before extraction: re-runs cost a hash per article
        return None
    try:
        result = process_article(article, gazetteer)
    except Exception as error:  # one article's failure must not stop the batch
        return item_name(article), extraction_failure(error)
    failure = write_counted(store, result, summary)
    if failure is None:
        stored_hashes[article.id] = result.content_hash
    return failure


def ingest_items(
    items: Iterable[Article | IngestError],
    store: Store,
    *,
    gazetteer: Gazetteer | None = None,
    merge: bool = True,
    on_item: ItemCallback | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Extract and store every item, then (``merge=True``) rebuild the merged events.

    Pass your own ``summary`` to keep the counts of a run that is interrupted.
    """
    summary = summary if summary is not None else IngestSummary()
    started = time.perf_counter()
    try:
        for batch in batches(items, STATUS_BATCH):
            stored_hashes = store.stored_hashes(item.id for item in batch if isinstance(item, Article))
            for item in batch:
                summary.read += 1
                if isinstance(item, IngestError):
                    failure: tuple[str, str] | None = (item.item, item.reason)
                else:
                    failure = _ingest_article(item, store, gazetteer, summary, stored_hashes)
                finish_item(summary, failure, on_item)
        if merge:
            merge_timed(store, summary)
    finally:
        summary.seconds = time.perf_counter() - started
    return summary
