"""The per-article step on every core, or on a Dask cluster, in input order.

:func:`process_stream` turns a stream of articles into a stream of
:class:`~marsad.pipeline.ArticleResult` (or :class:`~marsad.model.IngestError`),
always in input order so that every backend gives the same output:

* ``workers=1`` runs :func:`~marsad.pipeline.process_article` in this process;
* ``workers=N`` sends chunks of articles to a pool of N processes.  Chunks keep
  the cost of inter-process pickling small next to extraction; each worker loads
  the gazetteer and lexicons once (:func:`warm_up_worker` as the pool initializer) and
  sends back only events, hash and timings (the parent still holds the article);
* ``dask="local"`` (a :class:`~dask.distributed.LocalCluster` of processes) or
  ``dask="tcp://host:8786"`` (a running scheduler) runs the chunks as Dask tasks.
  Each task writes its event reports as one Parquet partition in the work
  directory (on a real cluster: a shared filesystem), the run's dataset, and
  returns them too: unpickling costs the single store writer less than reading
  the partitions back.

The items may also be :class:`RawRecord` (JSONL lines from :func:`read_records`):
then the worker parses and cleans them too and sends the article back, so that the
caller, one process feeding every core, only splits lines.  On Dask, the
:class:`JsonlFiles` that :func:`read_records` returns is not even split into lines:
each task carries only a :class:`LineRange` (file, start and end byte, on line
ends), and the worker reads its own lines.  An uncompressed file is split by
seeking; a ``.gz`` one, which cannot be seeked, is uncompressed once by the client
into chunk files in the work directory (on a real cluster: a shared filesystem).

Only the caller's process ever writes the store: :func:`ingest_stream` is the
parallel counterpart of :func:`marsad.store.ingest.ingest_items`.
"""

from __future__ import annotations

import gc
import io
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
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.ingest import DEFAULT_MAX_BYTES, read_paths
from marsad.ingest.dates import DateOrder
from marsad.ingest.reader import RawRecord, is_gzip, jsonl_lines, open_binary, read_failure, record_article
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
#: Articles per Dask task (one Parquet partition each) when the client sends the items
#: itself: a task costs the client, which also schedules and writes, ~5 ms of CPU.
DASK_CHUNK_SIZE = 256
#: Bytes of JSONL per Dask task when the workers read their own lines (:class:`LineRange`):
#: about 300 articles of the bulk corpus, ~0.3 s of extraction.
DASK_CHUNK_BYTES = 1_000_000
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


#: Articles written for marsad (the demo corpus) that a long-lived worker extracts from
#: before its first task: they reach most of the extractor's code paths.
_WARM_UP_ARTICLES = Path(__file__).parent / "data" / "demo" / "articles.jsonl"


def warm_up_worker() -> _RangeOutput:
    """Make this process ready for a long run of tasks: warm, and with a settled heap.

    :func:`warm_up`, then extract the demo articles, read as a range of JSONL lines
    as a task reads them: a fresh process runs its first few hundred articles slower
    than the same articles later (the interpreter specialises each function's
    bytecode only once it has run it).  Then one full garbage collection, and
    :func:`gc.freeze`: the gazetteer, lexicons and matchers loaded so far live as
    long as the process, and the collector no longer walks them in every full
    collection (nor starts the first one inside the first task).  On 1,000 articles
    spread over two new Dask workers, each step made the run ~9 % faster; together
    they cost ~0.05 s of start-up.  Returns the demo articles' answers.
    """
    warm_up()
    file = str(_WARM_UP_ARTICLES)
    answer = _process_range(LineRange(file, 0, _WARM_UP_ARTICLES.stat().st_size, file, True))
    gc.collect()
    gc.freeze()
    return answer


# ------------------------------------------------------------------ raw JSONL records


def _is_jsonl_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return path.is_file() and name.endswith((".jsonl", ".ndjson"))


@dataclass(frozen=True, slots=True)
class JsonlFiles:
    """JSONL files read as raw records: iterating gives :func:`jsonl_lines`' items, in order.

    The pool backend iterates it; on Dask the workers read their own byte ranges of
    the files instead (:class:`LineRange`), so the lines never pass through the client.
    ``limit`` keeps only the first items, as :func:`itertools.islice` would.
    """

    paths: tuple[Path, ...]
    max_bytes: int = DEFAULT_MAX_BYTES
    limit: int | None = None

    def __iter__(self) -> Iterator[RawRecord | IngestError]:
        items = (item for path in self.paths for item in jsonl_lines(path, self.max_bytes))
        return islice(items, self.limit)


def read_records(
    paths: Iterable[str | Path],
    *,
    date_order: DateOrder | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limit: int | None = None,
) -> Iterable[RawRecord | Article | IngestError]:
    """:func:`marsad.ingest.read_paths` with JSONL lines left for the workers to parse.

    When every path is a JSONL file (``.jsonl``, ``.ndjson``, optionally ``.gz``) the
    result is a :class:`JsonlFiles`, whose lines come out as :class:`RawRecord`, which
    :func:`record_article` turns into exactly the items ``read_paths`` gives; anything
    else (directories, globs, pages, whose dates are decided from all of them
    together) is read by ``read_paths``.  ``limit``: only the first items.
    """
    files = [Path(path) for path in paths]
    if not files or not all(_is_jsonl_file(path) for path in files):
        return islice(read_paths(files, date_order=date_order, max_bytes=max_bytes), limit)
    # JSONL dates do not depend on date_order: each record has its own.
    return JsonlFiles(tuple(files), max_bytes, limit)


# ------------------------------------------------------------------ one work item


def _start_pool_worker(everyone_warm: Any) -> None:
    """Pool initializer: :func:`warm_up_worker`, then wait for the other workers at a barrier.

    No worker takes a task before all are warm, so the parent's start-up probes (one
    per worker) all finish together, when the pool is ready.
    """
    warm_up_worker()
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


# ------------------------------------------------------------------ byte ranges of JSONL files


@dataclass(frozen=True, slots=True)
class LineRange:
    """Whole lines of a JSONL file, bytes ``start`` to ``end``: a Dask task reads them itself.

    ``file`` is what the worker opens: the input itself, or for a ``.gz`` input an
    uncompressed chunk of it that the client wrote to the work directory.  ``source``
    is the input as the reader names it (in errors and ``Article.meta``);
    ``file_start`` says whether the range begins the input (its line 1 may have a BOM).
    """

    file: str
    start: int
    end: int
    source: str
    file_start: bool
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class _FileEnd:
    """After an input's ranges: its read error, if reading it failed, else the end of the file."""

    source: str
    error: IngestError | None = None


@dataclass(slots=True)
class _RangeOutput:
    """A worker's answer for a :class:`LineRange`: per record, its line in the range and answer.

    Line numbers count from the range's first line: only the client, which has
    the ranges in order, knows how many lines came before (``lines`` per range).
    An answer is a :class:`_Processed` or the reason the record failed.
    """

    outputs: list[tuple[int, _Processed | str]]
    lines: int
    worker: str
    peak_rss_mb: float


def range_records(task: LineRange) -> tuple[list[tuple[int, RawRecord | str]], int]:
    """A range's records as :func:`jsonl_lines` gives them: (line in range, record or error reason).

    Returns them with the number of lines in the range.  A record's ``line`` is only
    right for the range that starts the file (it decides the BOM); the caller renumbers.
    """
    with open(task.file, "rb") as stream:
        stream.seek(task.start)
        data = stream.read(task.end - task.start)
    records: list[tuple[int, RawRecord | str]] = []
    number = 0
    for number, line in enumerate(io.BytesIO(data), start=1):
        if not line.strip():
            continue
        if len(line) > task.max_bytes:
            records.append((number, f"record over the size limit ({len(line)} > {task.max_bytes} bytes)"))
            continue
        records.append((number, RawRecord(task.source, number if task.file_start else 0, line)))
    return records, number


def _process_range(task: LineRange) -> _RangeOutput:
    outputs: list[tuple[int, _Processed | str]] = []
    records, lines = range_records(task)
    for line, record in records:
        answer = record if isinstance(record, str) else _process_one(record)
        outputs.append((line, answer.reason if isinstance(answer, IngestError) else answer))
    return _RangeOutput(outputs, lines, _worker_id(), peak_rss_mb())


def _dask_range(task: LineRange, partition: str) -> _RangeOutput:
    """Dask task: read a range's lines, process them, write their reports to ``partition``."""
    output = _process_range(task)
    _write_partition(
        partition, [answer.events if isinstance(answer, _Processed) else [] for _, answer in output.outputs]
    )
    return output


def _line_end(stream: typing.BinaryIO, position: int, size: int) -> int:
    """The offset just after the line that holds byte ``position`` (``size`` at the end)."""
    stream.seek(position)
    while block := stream.read(65536):
        newline = block.find(b"\n")
        if newline >= 0:
            return min(position + newline + 1, size)
        position += len(block)
    return size


@dataclass(frozen=True, slots=True)
class _Sizing:
    """How big a range to cut: ``chunk_bytes``, shrinking towards the end of the work.

    A run ends when its last task does: ranges shrink to a slot's share of what
    remains (``remaining / slots``, never below ``chunk_bytes / 8``), so that the
    workers finish together instead of one idling while another runs a full range.
    Smaller shares (``remaining / (2 × slots)``) balance the tail no better, since
    the last ranges are an eighth of a chunk either way, and cost ~5 ms of Dask
    bookkeeping per extra task: 12 tasks instead of 7 for 1,000 bulk articles, a run
    ~5 % slower on two workers.
    """

    chunk_bytes: int
    slots: int

    def target(self, remaining: float | None) -> int:
        if remaining is None or remaining <= 0:  # unknown (or misjudged): full ranges
            return self.chunk_bytes
        share = int(remaining / self.slots)
        return max(self.chunk_bytes // 8, min(self.chunk_bytes, share), 1)


def _seeked_ranges(path: Path, sizing: _Sizing, max_bytes: int) -> Iterator[LineRange | _FileEnd]:
    """An uncompressed file's ranges, found by seeking: the client reads only near each boundary."""
    source, file = str(path), str(path.resolve())
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            start = 0
            while start < size:
                end = _line_end(stream, min(start + sizing.target(size - start), size) - 1, size)
                yield LineRange(file, start, end, source, start == 0, max_bytes)
                start = end
    except OSError as error:
        yield _FileEnd(source, IngestError(source, read_failure(error)))
        return
    yield _FileEnd(source)


def _gzip_size(path: Path) -> int | None:
    """The uncompressed size a ``.gz`` file states in its trailer (modulo 4 GiB; last member only)."""
    try:
        with path.open("rb") as stream:
            stream.seek(-4, os.SEEK_END)
            return int.from_bytes(stream.read(4), "little")
    except OSError:
        return None


def _write_chunk(directory: Path, lines: list[bytes]) -> str:
    handle, name = tempfile.mkstemp(prefix="input-", suffix=".jsonl", dir=directory)
    with os.fdopen(handle, "wb") as out:
        out.writelines(lines)
    return name


def _scanned_ranges(
    path: Path, sizing: _Sizing, max_bytes: int, limit: int | None, chunk_dir: Path
) -> Generator[LineRange | _FileEnd, None, int]:
    """A file's ranges found by reading its lines: a ``.gz`` input, or one read up to ``limit`` records.

    A ``.gz`` file cannot be seeked: its lines are uncompressed once, here, into chunk
    files in ``chunk_dir`` (the client never parses a line).  An uncompressed file's
    ranges point into the file itself.  Returns how many items the file gives (its
    records, and its error or "empty file").
    """
    source, gz = str(path), is_gzip(path)
    file, start, offset, records = str(path.resolve()), 0, 0, 0
    total = _gzip_size(path) if gz and limit is None else None
    lines: list[bytes] = []  # of the current range, for a .gz input
    first = True

    def cut() -> LineRange:
        nonlocal lines, start, first
        if gz:
            task = LineRange(_write_chunk(chunk_dir, lines), 0, offset - start, source, first, max_bytes)
        else:
            task = LineRange(file, start, offset, source, start == 0, max_bytes)
        lines, start, first = [], offset, False
        return task

    def remaining() -> float | None:
        if limit is not None:
            return (limit - records) * offset / records if records else None
        return total - offset if total is not None else None

    error: IngestError | None = None
    target = sizing.target(remaining())
    try:
        with open_binary(path) as stream:
            for line in stream:
                if line.strip():
                    records += 1
                offset += len(line)
                if gz:
                    lines.append(line)
                if records == limit:
                    break
                if offset - start >= target:
                    yield cut()
                    target = sizing.target(remaining())
                elif records == 1 and limit is not None:  # the first record sizes the rest
                    target = sizing.target(remaining())
    except (OSError, EOFError, zlib.error) as failure:
        error = IngestError(source, read_failure(failure))
    if offset > start:  # the lines read before an error are read, as by jsonl_lines
        yield cut()
    yield _FileEnd(source, error)
    return records + (1 if error is not None or records == 0 else 0)


def jsonl_ranges(
    files: JsonlFiles, chunk_bytes: int, slots: int, chunk_dir: Path
) -> Iterator[LineRange | _FileEnd]:
    """The ranges of every file in order, each file followed by its :class:`_FileEnd`.

    With a ``limit`` the files are read line by line, to stop after ``limit`` records
    (``limit`` items, which :func:`_range_stream` cuts exactly); else an uncompressed
    file is split by seeking and a ``.gz`` one uncompressed into chunks.
    """
    sizing = _Sizing(chunk_bytes, slots)
    remaining = files.limit
    for path in files.paths:
        if remaining is not None and remaining <= 0:
            return
        if remaining is None and not is_gzip(path):
            yield from _seeked_ranges(path, sizing, files.max_bytes)
            continue
        items = yield from _scanned_ranges(path, sizing, files.max_bytes, remaining, chunk_dir)
        if remaining is not None:
            remaining -= items


def _warm_up_dask_worker() -> _RangeOutput:
    """Dask task: :func:`warm_up_worker` and a throwaway partition; the warm-up articles' answers.

    A worker's first Arrow table costs ~0.2 s of one-time set-up (importing the
    parquet writer alone does not pay it); paid here, it stays out of the first task
    and so out of the measured run, like the rest of start-up.  The warm-up
    articles' answers go back to the client as a task's answer does, so that the
    worker's, scheduler's and client's first run of that path is not inside the
    measured run either.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    answer = warm_up_worker()
    pq.write_table(events_table([[]]), pa.BufferOutputStream())
    return answer


def _warm_up_cluster(client: Any) -> None:
    """Run :func:`_warm_up_dask_worker` once on every worker, as a task pinned to it."""
    warming = [
        client.submit(_warm_up_dask_worker, workers=[address], allow_other_workers=False, pure=False)
        for address in client.scheduler_info()["workers"]
    ]
    client.gather(warming)


#: Dask settings of marsad's own LocalCluster (the nannies pass them on to the workers).
#: Every process of the cluster shares the same cores as the extraction, so what Dask
#: does besides running tasks is cut down: a worker's task profiler samples the
#: extracting thread's deep stack every 10 ms, taking the GIL from it (a few % of
#: throughput); the system monitors (psutil, every 0.5 s in every process), event-loop
#: ticks (every 20 ms) and work stealing (the scheduler rebalancing every 0.1 s) only
#: matter for a long-lived, shared cluster.
_QUIET_CLUSTER: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.admin.tick.interval": "1s",
    "distributed.scheduler.work-stealing": False,
}


def _dask_client(address: str, workers: int) -> tuple[Any, Any]:
    """A client for ``address`` (``"local"``: a new cluster of ``workers`` processes) and the cluster."""
    import dask
    from dask.distributed import Client, LocalCluster

    if address != "local":
        return Client(address), None
    with dask.config.set(_QUIET_CLUSTER):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # extraction is pure Python: threads would share one GIL
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            memory_limit=0,  # no memory monitors: tasks keep no data, a worker holds ~200 MB
        )
    return Client(cluster), cluster


def _range_stream(
    tasks: Iterable[LineRange | _FileEnd],
    submit: Callable[[int, LineRange], Any],
    in_flight: int,
    chunk_dir: Path,
    stats: StreamStats,
) -> Iterator[ArticleResult | IngestError]:
    """Every range's results in input order, with ``file:line`` numbers the workers could not know.

    Only the ranges go to the workers (``submit(index, range)`` returns a future of
    its :class:`_RangeOutput`); a chunk file of a ``.gz`` input is deleted once read.
    """
    pending: deque[tuple[LineRange | _FileEnd, Any]] = deque()
    lines = records = 0  # of the current file, in the ranges already yielded

    def finish() -> Iterator[ArticleResult | IngestError]:
        nonlocal lines, records
        task, future = pending.popleft()
        if isinstance(task, _FileEnd):
            if task.error is not None:
                yield task.error
            elif records == 0:
                yield IngestError(task.source, "empty file")
            lines = records = 0
            return
        output: _RangeOutput = future.result()
        _record_worker(stats, output)
        if Path(task.file).parent == chunk_dir:
            os.remove(task.file)
        for line, answer in output.outputs:
            number = lines + line
            if isinstance(answer, str):
                yield IngestError(f"{task.source}:{number}", answer)
                continue
            assert answer.article is not None  # a worker that parsed a record sends it back
            answer.article.meta["line"] = number
            yield ArticleResult(answer.article, answer.events, answer.content_hash, answer.timings)
        lines += output.lines
        records += len(output.outputs)

    submitted = 0
    for task in tasks:
        if isinstance(task, LineRange):
            pending.append((task, submit(submitted, task)))
            submitted += 1
        else:
            pending.append((task, None))
        while sum(future is not None for _, future in pending) >= in_flight:
            yield from finish()
    while pending:
        yield from finish()


def _dask_stream(
    items: Iterable[WorkItem | IngestError],
    address: str,
    workers: int,
    chunk_size: int,
    chunk_bytes: int,
    work_dir: str | Path | None,
    stats: StreamStats,
) -> Iterator[ArticleResult | IngestError]:
    started = time.perf_counter()
    client, cluster = _dask_client(address, workers)
    own_dir = work_dir is None
    chunk_dir: Path | None = None
    parquet_dir = Path(tempfile.mkdtemp(prefix="marsad-dask-", dir=work_dir))
    stats.parquet_dir = str(parquet_dir)
    try:
        _warm_up_cluster(client)
        slots = max(1, sum(client.nthreads().values()))
        stats.workers = slots
        stats.start_seconds = time.perf_counter() - started

        def partition(index: int) -> str:
            return str(parquet_dir / f"part-{index:06d}.parquet")

        in_flight = slots * _IN_FLIGHT_PER_WORKER
        if isinstance(items, JsonlFiles):
            # The workers read their own lines: tasks carry only where they are.
            chunk_dir = Path(tempfile.mkdtemp(prefix="marsad-dask-input-", dir=work_dir)).resolve()

            def submit_range(index: int, task: LineRange) -> Any:
                return client.submit(_dask_range, task, partition(index), pure=False)

            ranges = jsonl_ranges(items, chunk_bytes, slots, chunk_dir)
            results = _range_stream(ranges, submit_range, in_flight, chunk_dir, stats)
            yield from islice(results, items.limit)
        else:

            def submit(index: int, work: list[WorkItem]) -> Any:
                return client.submit(_dask_chunk, work, partition(index), pure=False)

            yield from _in_order(batches(items, chunk_size), submit, in_flight, stats)
    finally:
        stopping = time.perf_counter()
        client.close()
        if cluster is not None:
            cluster.close()
        if own_dir:
            shutil.rmtree(parquet_dir, ignore_errors=True)
        if chunk_dir is not None:
            shutil.rmtree(chunk_dir, ignore_errors=True)
        stats.stop_seconds = time.perf_counter() - stopping


def process_stream(
    articles: Iterable[WorkItem | IngestError],
    *,
    workers: int = 1,
    dask: str | None = None,
    chunk_size: int | None = None,
    chunk_bytes: int | None = None,
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
        chunks = chunk_size or DASK_CHUNK_SIZE
        chunk_bytes = chunk_bytes or DASK_CHUNK_BYTES
        return _dask_stream(articles, dask, local_workers, chunks, chunk_bytes, work_dir, stats)
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

    # Raw JSONL records cannot be skipped before a worker parsed them: on Dask, the
    # workers then read the files themselves.
    source = items if isinstance(items, JsonlFiles) else changed_items()
    started = time.perf_counter()
    try:
        for result in process_stream(source, workers=workers, dask=dask, work_dir=work_dir):
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
