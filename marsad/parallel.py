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
  directory (on a real cluster: a shared filesystem), the run's dataset, and
  returns them too: unpickling costs the single store writer less than reading
  the partitions back.

The items may also be :class:`RawRecord` (JSONL lines from :func:`read_records`):
then the worker parses and cleans them too and sends the article back, so that the
caller, one process feeding every core, only splits lines.

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

from marsad.ingest import DEFAULT_MAX_BYTES, read_paths
from marsad.ingest.dates import DateOrder
from marsad.ingest.reader import RawRecord, jsonl_lines, record_article
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
POOL_CHUNK_SIZE = 128
#: Articles per Dask task (one Parquet partition each): a task costs the client, which
#: also schedules and writes, ~5 ms of CPU; 128 cost 20% more client CPU on the bulk corpus.
DASK_CHUNK_SIZE = 256
#: Seconds a pool worker waits for the others to start before it gives up (the pool breaks).
_START_TIMEOUT_S = 120.0
#: Chunks in flight per worker: one running, one queued so no worker waits for the reader.
_IN_FLIGHT_PER_WORKER = 3


@dataclass(slots=True)
class StreamStats:
    """What a :func:`process_stream` run observed about its workers (filled in as it runs)."""

    backend: str = "inline"  # "inline", "processes" or "dask"
    workers: int = 1
    start_seconds: float = 0.0  # bringing the pool or Dask cluster up and warming its workers
    stop_seconds: float = 0.0  # shutting it down once the last result is out
    chunks: int = 0
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)  # "host:pid" → peak RSS
    parquet_dir: str | None = None  # where the Dask partitions were written


#: What the workers accept: an article read by the caller, or a line they read themselves.
WorkItem = Article | RawRecord


@dataclass(slots=True)
class _Processed:
    """A worker's answer for one item: what :class:`ArticleResult` needs besides the article."""

    events: list[Event]
    content_hash: str
    timings: dict[str, float]
    article: Article | None = None  # the parsed article of a RawRecord (the caller has none)


@dataclass(slots=True)
class _ChunkOutput:
    """A worker's answer for one chunk: per work item a :class:`_Processed` or an error."""

    outputs: list[_Processed | IngestError]
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


# ------------------------------------------------------------------ raw JSONL records


def _is_jsonl_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return path.is_file() and name.endswith((".jsonl", ".ndjson"))


def read_records(
    paths: Iterable[str | Path],
    *,
    date_order: DateOrder | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[RawRecord | Article | IngestError]:
    """:func:`marsad.ingest.read_paths` with JSONL lines left for the workers to parse.

    When every path is a JSONL file (``.jsonl``, ``.ndjson``, optionally ``.gz``) the
    lines come out as :class:`RawRecord`, which :func:`record_article` turns into
    exactly the items ``read_paths`` gives; anything else (directories, globs, pages,
    whose dates are decided from all of them together) is read by ``read_paths``.
    """
    files = [Path(path) for path in paths]
    if not files or not all(_is_jsonl_file(path) for path in files):
        yield from read_paths(files, date_order=date_order, max_bytes=max_bytes)
        return
    for path in files:  # JSONL dates do not depend on date_order: each record has its own
        yield from jsonl_lines(path, max_bytes)


# ------------------------------------------------------------------ one work item


def _start_pool_worker(everyone_warm: Any) -> None:
    """Pool initializer: :func:`warm_up`, then wait for the other workers at a barrier.

    No worker takes a task before all are warm, so the parent's start-up probes (one
    per worker) all finish together, when the pool is ready.
    """
    warm_up()
    everyone_warm.wait(timeout=_START_TIMEOUT_S)


def _process_one(item: WorkItem) -> _Processed | IngestError:
    article = record_article(item) if isinstance(item, RawRecord) else item
    if isinstance(article, IngestError):
        return article
    try:
        result = process_article(article)
    except Exception as error:  # one article's failure must not stop the batch
        return IngestError(item_name(article), extraction_failure(error))
    # An article the caller sent is not sent back: it still holds it.
    parsed = article if isinstance(item, RawRecord) else None
    return _Processed(result.events, result.content_hash, result.timings, parsed)


def _process_chunk(items: list[WorkItem]) -> _ChunkOutput:
    """Pool task: process a chunk; only articles parsed here travel back with their events."""
    outputs = [_process_one(item) for item in items]
    return _ChunkOutput(outputs, _worker_id(), peak_rss_mb())


def _results(
    chunk: list[WorkItem | IngestError], output: _ChunkOutput
) -> Iterator[ArticleResult | IngestError]:
    """A chunk's items in input order: input errors as they came, work items with their results."""
    answers = iter(output.outputs)
    for item in chunk:
        yield item if isinstance(item, IngestError) else _result(item, next(answers))


def _result(item: WorkItem, answer: _Processed | IngestError) -> ArticleResult | IngestError:
    """An item's result from its worker's answer."""
    if isinstance(answer, IngestError):
        return answer
    article = answer.article if answer.article is not None else item
    assert isinstance(article, Article)  # a RawRecord's answer always carries its article
    return ArticleResult(article, answer.events, answer.content_hash, answer.timings)


def _record_worker(stats: StreamStats, output: _ChunkOutput) -> None:
    stats.chunks += 1
    previous = stats.worker_peak_rss_mb.get(output.worker, 0.0)
    stats.worker_peak_rss_mb[output.worker] = max(previous, output.peak_rss_mb)


# ------------------------------------------------------------------ the backends


def _in_order(
    chunks: Iterable[list[WorkItem | IngestError]],
    submit: Callable[[int, list[WorkItem]], Any],
    in_flight: int,
    stats: StreamStats,
) -> Iterator[ArticleResult | IngestError]:
    """Every chunk's results in input order, keeping ``in_flight`` chunks at the workers.

    ``submit(index, work)`` sends a chunk's work items off and returns a future of
    their :class:`_ChunkOutput`.
    """
    pending: deque[tuple[list[WorkItem | IngestError], Any]] = deque()

    def finish() -> Iterator[ArticleResult | IngestError]:
        chunk, future = pending.popleft()
        output: _ChunkOutput = future.result()
        _record_worker(stats, output)
        yield from _results(chunk, output)

    for index, chunk in enumerate(chunks):
        work = [item for item in chunk if not isinstance(item, IngestError)]
        pending.append((chunk, submit(index, work)))
        while len(pending) >= in_flight:
            yield from finish()
    while pending:
        yield from finish()


def _inline_stream(
    items: Iterable[WorkItem | IngestError], stats: StreamStats
) -> Iterator[ArticleResult | IngestError]:
    for item in items:
        yield item if isinstance(item, IngestError) else _result(item, _process_one(item))
    stats.worker_peak_rss_mb[_worker_id()] = peak_rss_mb()


def _pool_stream(
    items: Iterable[WorkItem | IngestError], workers: int, chunk_size: int, stats: StreamStats
) -> Iterator[ArticleResult | IngestError]:
    # spawn, not fork: the caller may hold threads (a progress bar, a DB pool) that a
    # forked child would inherit in an undefined state; workers import marsad afresh.
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    everyone_warm = context.Barrier(workers)
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_pool_worker, initargs=(everyone_warm,)
    )
    try:
        # Each submission to a spawn pool starts one more worker while none is idle; the
        # probes finish once every worker is warm, so start-up is measured apart (as with
        # Dask).  A worker that dies starting breaks the pool: the probes then raise.
        for probe in [pool.submit(_worker_id) for _ in range(workers)]:
            probe.result()
        stats.start_seconds = time.perf_counter() - started

        def submit(_index: int, work: list[WorkItem]) -> Future[_ChunkOutput]:
            return pool.submit(_process_chunk, work)

        yield from _in_order(batches(items, chunk_size), submit, workers * _IN_FLIGHT_PER_WORKER, stats)
    finally:
        stopping = time.perf_counter()
        pool.shutdown(wait=True, cancel_futures=True)
        stats.stop_seconds = time.perf_counter() - stopping


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


def _dask_chunk(items: list[WorkItem], partition: str) -> _ChunkOutput:
    """Dask task: process a chunk, write its reports to ``partition``, return them too.

    The events also travel back with the result: reading the partition back would
    cost the single writer more than unpickling them, and the partitions stay as the
    run's dataset of reports.
    """
    output = _process_chunk(items)
    _write_partition(
        partition, [answer.events if isinstance(answer, _Processed) else [] for answer in output.outputs]
    )
    return output


def _warm_up_dask_worker() -> None:
    """:func:`warm_up`, and write a throwaway partition in memory.

    A worker's first Arrow table costs ~0.2 s of one-time set-up (importing the
    parquet writer alone does not pay it); paid here, it stays out of the first task
    and so out of the measured run, like the rest of start-up.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    warm_up()
    pq.write_table(events_table([[]]), pa.BufferOutputStream())


def _dask_client(address: str, workers: int) -> tuple[Any, Any]:
    """A client for ``address`` (``"local"``: a new cluster of ``workers`` processes) and the cluster."""
    import dask
    from dask.distributed import Client, LocalCluster

    if address != "local":
        return Client(address), None
    # A worker's task profiler samples the extracting thread's deep stack every 10 ms,
    # taking the GIL from it (a few % of throughput); the nannies pass this config on.
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # extraction is pure Python: threads would share one GIL
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    return Client(cluster), cluster


def _dask_stream(
    items: Iterable[WorkItem | IngestError],
    address: str,
    workers: int,
    chunk_size: int,
    work_dir: str | Path | None,
    stats: StreamStats,
) -> Iterator[ArticleResult | IngestError]:
    started = time.perf_counter()
    client, cluster = _dask_client(address, workers)
    own_dir = work_dir is None
    parquet_dir = Path(tempfile.mkdtemp(prefix="marsad-dask-", dir=work_dir))
    stats.parquet_dir = str(parquet_dir)
    try:
        client.run(_warm_up_dask_worker)
        slots = max(1, sum(client.nthreads().values()))
        stats.workers = slots
        stats.start_seconds = time.perf_counter() - started

        def submit(index: int, work: list[WorkItem]) -> Any:
            partition = str(parquet_dir / f"part-{index:06d}.parquet")
            return client.submit(_dask_chunk, work, partition, pure=False)

        yield from _in_order(batches(items, chunk_size), submit, slots * _IN_FLIGHT_PER_WORKER, stats)
    finally:
        stopping = time.perf_counter()
        client.close()
        if cluster is not None:
            cluster.close()
        if own_dir:
            shutil.rmtree(parquet_dir, ignore_errors=True)
        stats.stop_seconds = time.perf_counter() - stopping


def process_stream(
    articles: Iterable[WorkItem | IngestError],
    *,
    workers: int = 1,
    dask: str | None = None,
    chunk_size: int | None = None,
    work_dir: str | Path | None = None,
    stats: StreamStats | None = None,
) -> Iterator[ArticleResult | IngestError]:
    """Process every article, yielding results in input order (deterministic on any backend).

    Input :class:`IngestError` items pass through in place; an article whose
    extraction raises (or a :class:`RawRecord` that is not an article) becomes an
    ``IngestError`` naming it.  ``dask`` is ``"local"``
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
    items: Iterable[WorkItem | IngestError],
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
    article, so an interrupted run keeps what it committed.  A :class:`RawRecord`
    cannot be checked before a worker has parsed it: it is extracted, and the
    writer then skips it if it is stored unchanged (the counts are the same), so
    give raw records when the store is new (see ``marsad ingest``).
    """
    # Imported here: pool and Dask workers import this module and never need the store.
    from marsad.store.ingest import STATUS_BATCH, IngestSummary, finish_item, merge_timed, write_counted

    summary = summary if summary is not None else IngestSummary()

    def changed_items() -> Iterator[WorkItem | IngestError]:
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
