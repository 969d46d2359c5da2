"""The per-article step on every core, or on a Dask cluster, in input order.

:func:`process_stream` turns a stream of articles into a stream of
:class:`~marsad.pipeline.ArticleResult` (or :class:`~marsad.model.IngestError`),
always in input order so that every backend gives the same output:

* ``workers=1`` runs :func:`~marsad.pipeline.process_article` in this process;
* ``workers=N`` sends chunks of articles to a pool of N processes.  Chunks keep
  the cost of inter-process pickling small next to extraction; each worker loads
  the gazetteer and lexicons once (:func:`warm_up` as the pool initializer) and
  sends back only events, hash and timings (the parent still holds the article);
* ``dask="local"`` (a :class:`~dask.distributed.LocalCluster` of processes) or
  ``dask="tcp://host:8786"`` (a running scheduler) runs the chunks as Dask tasks.
  Each task writes its event reports as one Parquet partition in the work
  directory (on a real cluster: a shared filesystem) and returns only
  bookkeeping; the caller reads the partitions back in order, so the single
  store writer merges exactly what the workers wrote.

Only the caller's process ever writes the store: :func:`ingest_stream` is the
parallel counterpart of :func:`marsad.store.ingest.ingest_items`.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import resource
import shutil
import socket
import sys
import tempfile
import time
import typing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.model import Article, Event, IngestError, PublishedDate, Span
from marsad.pipeline import (
    ArticleResult,
    batches,
    content_hash,
    extraction_failure,
    item_name,
    process_article,
)

if TYPE_CHECKING:
    import pyarrow as pa

    from marsad.store import Store
    from marsad.store.ingest import IngestSummary

#: Articles per chunk sent to a pool worker: big enough that pickling is noise, small
#: enough that the first results come quickly and the last chunk does not idle a core.
POOL_CHUNK_SIZE = 64
#: Articles per Dask task (one Parquet partition each): a task costs ~1 ms of scheduling.
DASK_CHUNK_SIZE = 256
#: Chunks in flight per worker: one running, one queued so no worker waits for the reader.
_IN_FLIGHT_PER_WORKER = 3


@dataclass(slots=True)
class StreamStats:
    """What a :func:`process_stream` run observed about its workers (filled in as it runs)."""

    backend: str = "inline"  # "inline", "processes" or "dask"
    workers: int = 1
    start_seconds: float = 0.0  # bringing the Dask cluster up and warming its workers
    chunks: int = 0
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)  # "host:pid" → peak RSS
    parquet_dir: str | None = None  # where the Dask partitions were written


@dataclass(slots=True)
class _Processed:
    """A worker's answer for one article: what :class:`ArticleResult` needs besides the article."""

    events: list[Event] | None  # None when the events travel by Parquet partition
    content_hash: str
    timings: dict[str, float]


@dataclass(slots=True)
class _ChunkOutput:
    """A worker's answer for one chunk: per article a :class:`_Processed` or a failure reason."""

    outputs: list[_Processed | str]
    worker: str
    peak_rss_mb: float


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def warm_up() -> None:
    """Load everything extraction uses (gazetteer index, lexicons, compiled matchers) now.

    Done by extracting from a tiny report written for this purpose: it reaches every
    lazily loaded table through the public pipeline, whatever the stages cache
    internally, so a worker's first real chunk is not slowed by loading.
    """
    sample = Article(
        id="marsad-warm-up",
        title="قصف على مدينة حلب",
        text="قتل ثلاثة مدنيين أمس في قصف جوي على حي في مدينة حلب.",
        published=PublishedDate(date(2019, 7, 22)),
    )
    process_article(sample)


def _process_one(article: Article) -> _Processed | str:
    try:
        result = process_article(article)
    except Exception as error:  # one article's failure must not stop the batch
        return extraction_failure(error)
    return _Processed(result.events, result.content_hash, result.timings)


def _process_chunk(articles: list[Article]) -> _ChunkOutput:
    """Pool task: process a chunk; the article texts are not sent back."""
    outputs = [_process_one(article) for article in articles]
    return _ChunkOutput(outputs, _worker_id(), peak_rss_mb())


def _results(
    chunk: list[Article | IngestError], output: _ChunkOutput, events: list[list[Event]] | None = None
) -> Iterator[ArticleResult | IngestError]:
    """A chunk's items in input order: input errors as they came, articles with their results.

    ``events`` (one list per article of the chunk) replaces events sent by Parquet.
    """
    answers = iter(output.outputs)
    position = 0
    for item in chunk:
        if isinstance(item, IngestError):
            yield item
            continue
        yield _result(item, next(answers), None if events is None else events[position])
        position += 1


def _result(
    article: Article, answer: _Processed | str, events: list[Event] | None = None
) -> ArticleResult | IngestError:
    """An article's result from its worker's answer; ``events`` replaces events sent by Parquet."""
    if isinstance(answer, str):
        return IngestError(item_name(article), answer)
    article_events = answer.events if events is None else events
    return ArticleResult(article, article_events or [], answer.content_hash, answer.timings)


def _record_worker(stats: StreamStats, output: _ChunkOutput) -> None:
    stats.chunks += 1
    previous = stats.worker_peak_rss_mb.get(output.worker, 0.0)
    stats.worker_peak_rss_mb[output.worker] = max(previous, output.peak_rss_mb)


# ------------------------------------------------------------------ the backends


def _inline_stream(
    items: Iterable[Article | IngestError], stats: StreamStats
) -> Iterator[ArticleResult | IngestError]:
    for item in items:
        yield item if isinstance(item, IngestError) else _result(item, _process_one(item))
    stats.worker_peak_rss_mb[_worker_id()] = peak_rss_mb()


def _pool_stream(
    items: Iterable[Article | IngestError], workers: int, chunk_size: int, stats: StreamStats
) -> Iterator[ArticleResult | IngestError]:
    # spawn, not fork: the caller may hold threads (a progress bar, a DB pool) that a
    # forked child would inherit in an undefined state; workers import marsad afresh.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up)
    pending: deque[tuple[list[Article | IngestError], Future[_ChunkOutput]]] = deque()
    try:
        for chunk in batches(items, chunk_size):
            articles = [item for item in chunk if isinstance(item, Article)]
            pending.append((chunk, pool.submit(_process_chunk, articles)))
            while len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                done_chunk, future = pending.popleft()
                output = future.result()
                _record_worker(stats, output)
                yield from _results(done_chunk, output)
        while pending:
            done_chunk, future = pending.popleft()
            output = future.result()
            _record_worker(stats, output)
            yield from _results(done_chunk, output)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# ------------------------------------------------------------------ Parquet partitions


def _column_kind(annotation: Any) -> type:
    """The Python type a field holds (``str | None`` → ``str``); other shapes → ``dict``."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) is dict:
        return dict
    candidate = args[0] if len(args) == 1 else annotation
    return candidate if candidate in (str, int, float, bool, date) else dict


#: Event field → the Python type stored in its Parquet column; ``dict`` fields
#: (the spans, any future structured field) are stored as JSON text.
_EVENT_COLUMNS: dict[str, type] = {
    name: _column_kind(annotation) for name, annotation in typing.get_type_hints(Event).items()
}


def _arrow_type(kind: type) -> pa.DataType:
    import pyarrow as pa

    types = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), date: pa.date32()}
    return types.get(kind, pa.string())


def _json_field(value: Any) -> str:
    if isinstance(value, dict):
        value = {key: item.to_dict() if isinstance(item, Span) else item for key, item in value.items()}
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def events_table(events_per_article: list[list[Event]]) -> pa.Table:
    """Event reports as an Arrow table: one row per report, keyed by ``position`` in the chunk.

    ``position`` (not the article id, which a corpus may repeat) and ``ordinal`` put
    every report back in its place; the other columns are the :class:`Event` fields.
    """
    import pyarrow as pa

    columns: dict[str, list[Any]] = {"position": [], "ordinal": []}
    columns.update({name: [] for name in _EVENT_COLUMNS})
    for position, events in enumerate(events_per_article):
        for ordinal, event in enumerate(events):
            columns["position"].append(position)
            columns["ordinal"].append(ordinal)
            for name, kind in _EVENT_COLUMNS.items():
                value = getattr(event, name)
                columns[name].append(_json_field(value) if kind is dict else value)
    schema = pa.schema(
        [pa.field("position", pa.int32()), pa.field("ordinal", pa.int32())]
        + [pa.field(name, _arrow_type(kind)) for name, kind in _EVENT_COLUMNS.items()]
    )
    return pa.Table.from_pydict(columns, schema=schema)


def events_from_table(table: pa.Table, articles: int) -> list[list[Event]]:
    """The inverse of :func:`events_table` for a chunk of ``articles`` articles."""
    events: list[list[Event]] = [[] for _ in range(articles)]
    for row in table.to_pylist():  # rows were written in (position, ordinal) order
        values = {name: row[name] for name in _EVENT_COLUMNS}
        values["spans"] = {key: Span.from_dict(span) for key, span in json.loads(values["spans"]).items()}
        for name, kind in _EVENT_COLUMNS.items():
            if kind is dict and name != "spans":
                values[name] = json.loads(values[name])
        events[row["position"]].append(Event(**values))
    return events


def _write_partition(path: str, events_per_article: list[list[Event]]) -> None:
    import pyarrow.parquet as pq

    partial = f"{path}.{_worker_id().replace(':', '-')}.tmp"
    pq.write_table(events_table(events_per_article), partial)
    os.replace(partial, path)  # a retried task never leaves a half-written partition


def _dask_chunk(articles: list[Article], partition: str) -> _ChunkOutput:
    """Dask task: process a chunk, write its reports to ``partition``, return bookkeeping only."""
    output = _process_chunk(articles)
    _write_partition(
        partition,
        [answer.events or [] if isinstance(answer, _Processed) else [] for answer in output.outputs],
    )
    for answer in output.outputs:
        if isinstance(answer, _Processed):
            answer.events = None
    return output


def _dask_client(address: str, workers: int) -> tuple[Any, Any]:
    """A client for ``address`` (``"local"``: a new cluster of ``workers`` processes) and the cluster."""
    from dask.distributed import Client, LocalCluster

    if address != "local":
        return Client(address), None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # extraction is pure Python: threads would share one GIL
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def _dask_stream(
    items: Iterable[Article | IngestError],
    address: str,
    workers: int,
    chunk_size: int,
    work_dir: str | Path | None,
    stats: StreamStats,
) -> Iterator[ArticleResult | IngestError]:
    import pyarrow.parquet as pq

    started = time.perf_counter()
    client, cluster = _dask_client(address, workers)
    own_dir = work_dir is None
    parquet_dir = Path(tempfile.mkdtemp(prefix="marsad-dask-", dir=work_dir))
    stats.parquet_dir = str(parquet_dir)
    try:
        client.run(warm_up)
        slots = max(1, sum(client.nthreads().values()))
        stats.workers = slots
        stats.start_seconds = time.perf_counter() - started
        pending: deque[tuple[list[Article | IngestError], str, Any]] = deque()

        def finish(chunk: list[Article | IngestError], partition: str, future: Any) -> Iterator[Any]:
            output: _ChunkOutput = future.result()
            _record_worker(stats, output)
            article_count = len(output.outputs)
            yield from _results(chunk, output, events_from_table(pq.read_table(partition), article_count))

        for index, chunk in enumerate(batches(items, chunk_size)):
            articles = [item for item in chunk if isinstance(item, Article)]
            partition = str(parquet_dir / f"part-{index:06d}.parquet")
            pending.append((chunk, partition, client.submit(_dask_chunk, articles, partition, pure=False)))
            while len(pending) >= slots * _IN_FLIGHT_PER_WORKER:
                yield from finish(*pending.popleft())
        while pending:
            yield from finish(*pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if own_dir:
            shutil.rmtree(parquet_dir, ignore_errors=True)


def process_stream(
    articles: Iterable[Article | IngestError],
    *,
    workers: int = 1,
    dask: str | None = None,
    chunk_size: int | None = None,
    work_dir: str | Path | None = None,
    stats: StreamStats | None = None,
) -> Iterator[ArticleResult | IngestError]:
    """Process every article, yielding results in input order (deterministic on any backend).

    Input :class:`IngestError` items pass through in place; an article whose
    extraction raises becomes an ``IngestError`` naming it.  ``dask`` is ``"local"``
    or a scheduler address; with ``"local"``, ``workers`` (default: every core) sets
    the cluster size.  ``work_dir`` holds the Dask Parquet partitions (a fresh
    ``marsad-dask-*`` directory inside it, kept); by default a temporary directory
    that is removed afterwards.  ``stats`` is filled in with worker statistics.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    stats = stats if stats is not None else StreamStats()
    if dask is not None:
        stats.backend = "dask"
        local_workers = workers if workers > 1 else os.cpu_count() or 1
        return _dask_stream(articles, dask, local_workers, chunk_size or DASK_CHUNK_SIZE, work_dir, stats)
    stats.workers = workers
    if workers == 1:
        return _inline_stream(articles, stats)
    stats.backend = "processes"
    return _pool_stream(articles, workers, chunk_size or POOL_CHUNK_SIZE, stats)


# ------------------------------------------------------------------ the single writer


def ingest_stream(
    items: Iterable[Article | IngestError],
    store: Store,
    *,
    workers: int = 1,
    dask: str | None = None,
    work_dir: str | Path | None = None,
    merge: bool = True,
    on_item: Callable[[IngestSummary, str | None], None] | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """:func:`marsad.store.ingest.ingest_items` with extraction spread over workers.

    The reader skips articles the store already holds with the same content hash
    before they reach a worker; this process alone writes, one transaction per
    article, so an interrupted run keeps what it committed.
    """
    # Imported here: pool and Dask workers import this module and never need the store.
    from marsad.store.ingest import STATUS_BATCH, IngestSummary, finish_item, merge_timed, write_counted

    summary = summary if summary is not None else IngestSummary()

    def changed_items() -> Iterator[Article | IngestError]:
        for batch in batches(items, STATUS_BATCH):
            stored = store.stored_hashes(item.id for item in batch if isinstance(item, Article))
            for item in batch:
                if isinstance(item, Article) and stored.get(item.id) == content_hash(item):
                    summary.read += 1
                    summary.skipped += 1
                    finish_item(summary, None, on_item)
                    continue
                yield item

    started = time.perf_counter()
    try:
        for result in process_stream(changed_items(), workers=workers, dask=dask, work_dir=work_dir):
            summary.read += 1
            if isinstance(result, IngestError):
                failure: tuple[str, str] | None = (result.item, result.reason)
            else:
                failure = write_counted(store, result, summary)
            finish_item(summary, failure, on_item)
        if merge:
            merge_timed(store, summary)
    finally:
        summary.seconds = time.perf_counter() - started
    return summary
