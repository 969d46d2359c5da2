"""process_stream: every backend yields the same results, in input order; the single writer stores them."""

from __future__ import annotations

import gc
import gzip
import json
from concurrent.futures import Future
from datetime import date
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import marsad.parallel as parallel
from marsad.ingest import read_paths
from marsad.ingest.reader import jsonl_lines
from marsad.model import Article, Event, IngestError, Span
from marsad.parallel import (
    JsonlFiles,
    LineRange,
    RawRecord,
    StreamStats,
    events_from_table,
    events_table,
    ingest_stream,
    process_stream,
    read_records,
    record_article,
)
from marsad.pipeline import ArticleResult
from marsad.store import Store

DEMO_DIR = Path(__file__).resolve().parents[1] / "marsad" / "data" / "demo"
ARTICLES_JSONL = DEMO_DIR / "articles.jsonl"
#: A bad input item placed among the articles: it must come out in the same place.
BAD_ITEM = IngestError("broken.jsonl:3", "invalid JSON (test)")


def _outcome(item: ArticleResult | IngestError) -> tuple[Any, ...]:
    if isinstance(item, IngestError):
        return ("error", item.item, item.reason)
    return (item.article.id, item.content_hash, [event.to_dict() for event in item.events])


@pytest.fixture(scope="module")
def demo_items() -> list[Article | IngestError]:
    items = list(read_paths([DEMO_DIR / "articles.jsonl", DEMO_DIR / "pages"]))
    assert all(isinstance(item, Article) for item in items)
    return [*items[:5], BAD_ITEM, *items[5:]]


@pytest.fixture(scope="module")
def sequential(demo_items: list[Article | IngestError]) -> list[tuple[Any, ...]]:
    outcomes = [_outcome(item) for item in process_stream(demo_items, workers=1)]
    assert sum(len(outcome[2]) for outcome in outcomes if outcome[0] != "error") > 10, "demo has events"
    return outcomes


def test_workers_1_keeps_order_and_passes_errors_through(
    demo_items: list[Article | IngestError], sequential: list[tuple[Any, ...]]
) -> None:
    assert len(sequential) == len(demo_items)
    assert sequential[5] == ("error", BAD_ITEM.item, BAD_ITEM.reason)
    ids = [item.id for item in demo_items if isinstance(item, Article)]
    assert [outcome[0] for outcome in sequential if outcome[0] != "error"] == ids


def test_process_pool_gives_identical_results(
    demo_items: list[Article | IngestError], sequential: list[tuple[Any, ...]]
) -> None:
    stats = StreamStats()
    # Small chunks so that both workers get several and results arrive out of order.
    results = list(process_stream(demo_items, workers=2, chunk_size=3, stats=stats))
    assert [_outcome(item) for item in results] == sequential
    assert stats.backend == "processes"
    assert stats.chunks == 11  # 33 items in chunks of 3
    assert stats.start_seconds > 0 and stats.stop_seconds > 0  # measured apart from the work
    assert stats.worker_peak_rss_mb and all(mb > 0 for mb in stats.worker_peak_rss_mb.values())
    # The parent's own article objects come back: workers return only what they computed.
    assert all(r.article is a for r, a in zip(results, demo_items, strict=True) if isinstance(a, Article))


def test_dask_local_cluster_gives_identical_events_via_parquet(
    demo_items: list[Article | IngestError], sequential: list[tuple[Any, ...]], tmp_path: Path
) -> None:
    stats = StreamStats()
    results = list(
        process_stream(demo_items, workers=2, dask="local", chunk_size=8, work_dir=tmp_path, stats=stats)
    )
    assert [_outcome(item) for item in results] == sequential
    assert stats.backend == "dask" and stats.workers == 2
    assert len(stats.worker_peak_rss_mb) == 2  # two worker processes reported their peak RSS
    partitions = sorted(Path(stats.parquet_dir or "").glob("part-*.parquet"))
    assert len(partitions) == 5  # 33 items in chunks of 8, kept because work_dir was given
    reports = sum(pq.read_table(path).num_rows for path in partitions)
    assert reports == sum(len(outcome[2]) for outcome in sequential if outcome[0] != "error")


def _profiling_enabled() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))


def test_local_cluster_workers_are_warm_and_do_not_profile() -> None:
    client, cluster = parallel._dask_client("local", 1)
    try:
        # The warm-up runs in the worker as it does before a stream: a task whose answer
        # is the warm-up articles' results, every one of them extracted.
        parallel._warm_up_cluster(client)
        answer = client.submit(parallel._warm_up_dask_worker, pure=False).result()
        assert answer.outputs and all(isinstance(output, parallel._Processed) for _, output in answer.outputs)
        # The task profiler would sample the extracting thread: it is off in the workers.
        assert list(client.run(_profiling_enabled).values()) == [False]
    finally:
        client.close()
        cluster.close()


def _event(**changes: Any) -> Event:
    values: dict[str, Any] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "event_date": date(2019, 7, 22),
        "time_precision": 1,
        "country": "Syria",
        "fatalities": 5,
        "evidence": "قتل خمسة مدنيين في قصف على حلب",
        "spans": {"event_type": Span(10, 13, "قصف"), "location": Span(0, 3, "حلب", "title")},
        "confidence": 0.75,
        "latitude": 36.2,
        "longitude": 37.16,
        "article_id": "a1",
    }
    values.update(changes)
    return Event(**values)


def test_parquet_partition_round_trip_is_exact(tmp_path: Path) -> None:
    chunk = [
        [_event(), _event(event_date=None, country=None, injured=3, latitude=None)],
        [],
        [_event(fatalities=0)],
    ]
    path = tmp_path / "part.parquet"
    pq.write_table(events_table(chunk), path)
    assert events_from_table(pq.read_table(path), len(chunk)) == chunk


def test_extraction_failure_becomes_an_error_naming_the_item(
    demo_items: list[Article | IngestError], monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [item for item in demo_items if isinstance(item, Article)][:3]
    original = parallel.process_article

    def failing(article: Article) -> ArticleResult:
        if article is articles[1]:
            raise ValueError("boom")
        return original(article)

    monkeypatch.setattr(parallel, "process_article", failing)
    results = list(process_stream(articles))
    assert isinstance(results[0], ArticleResult) and isinstance(results[2], ArticleResult)
    assert isinstance(results[1], IngestError)
    assert results[1].item == f"{articles[1].meta['file']}:{articles[1].meta['line']}"
    assert results[1].reason == "extraction failed (ValueError: boom)"


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        process_stream([], workers=0)


def test_ingest_stream_writes_once_and_skips_on_rerun(
    demo_items: list[Article | IngestError], sequential: list[tuple[Any, ...]], tmp_path: Path
) -> None:
    articles = [item for item in demo_items if isinstance(item, Article)]
    expected_reports = sum(len(outcome[2]) for outcome in sequential if outcome[0] != "error")
    with Store(str(tmp_path / "marsad.db")) as store:
        first = ingest_stream(demo_items, store, workers=2)
        assert (first.read, first.stored, first.failed, first.reports) == (
            len(demo_items),
            len(articles),
            1,
            expected_reports,
        )
        assert first.failures == [(BAD_ITEM.item, BAD_ITEM.reason)]
        assert first.merged_events is not None and first.merged_events > 0
        second = ingest_stream(articles, store, workers=2, merge=False)
        assert (second.read, second.skipped, second.stored, second.merged_events) == (
            len(articles),
            len(articles),
            0,
            None,
        )


def _raw_corpus(directory: Path) -> list[Path]:
    """JSONL files with every kind of line the reader meets: a BOM, blanks, bad JSON, no text."""
    records = [
        json.dumps(json.loads(line), ensure_ascii=False) for line in ARTICLES_JSONL.open(encoding="utf-8")
    ]
    lines = [
        "\ufeff" + records[0],
        "",
        "{not json",
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "huge", "text": "ق" * 3000}, ensure_ascii=False),
        *records[1:8],
    ]
    plain = directory / "raw.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    packed = directory / "raw.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as out:
        out.write("\n".join(records[8:]) + "\n")
    empty = directory / "empty.ndjson"
    empty.write_text("\n", encoding="utf-8")
    return [plain, packed, empty]


def _as_read(item: RawRecord | Article | IngestError) -> Article | IngestError:
    return record_article(item) if isinstance(item, RawRecord) else item


def test_raw_records_read_exactly_as_read_paths(tmp_path: Path) -> None:
    paths = _raw_corpus(tmp_path)
    raw = list(read_records(paths, max_bytes=5000))
    assert all(isinstance(item, RawRecord | IngestError) for item in raw)
    assert [_as_read(item) for item in raw] == list(read_paths(paths, max_bytes=5000))
    reasons = [item.reason for item in map(_as_read, raw) if isinstance(item, IngestError)]
    assert len(reasons) == 4 and reasons[-1] == "empty file"  # bad JSON, no text, too big, empty
    # Anything but JSONL files (here a folder of pages) is read by read_paths itself.
    pages = list(read_records([DEMO_DIR / "pages"]))
    assert pages == list(read_paths([DEMO_DIR / "pages"])) and all(isinstance(p, Article) for p in pages)


@pytest.mark.parametrize("backend", [{"workers": 2}, {"workers": 2, "dask": "local"}])
def test_workers_parse_raw_records_to_the_same_results(tmp_path: Path, backend: dict[str, Any]) -> None:
    paths = _raw_corpus(tmp_path)
    expected = [_outcome(item) for item in process_stream(read_paths(paths, max_bytes=5000))]
    assert sum(outcome[0] == "error" for outcome in expected) == 4
    results = list(process_stream(read_records(paths, max_bytes=5000), chunk_size=4, **backend))
    assert [_outcome(item) for item in results] == expected
    # The workers parsed the articles, so they sent them back, with their file and line.
    assert all(r.article.meta["line"] > 0 for r in results if isinstance(r, ArticleResult))


# ------------------------------------------------------------------ byte ranges (Dask reads its own lines)

#: Lines a range must survive: blank ones, a bad one, a BOM that is not on line 1, no final newline.
_TAIL_LINES = b'{"id": "t1", "text": "x"}\n\n   \n{broken\n\xef\xbb\xbf{"id": "bom-late"}\n{"id": "t2"}'


@pytest.mark.parametrize("chunk_bytes", [1, 7, 40, 10_000])
def test_byte_ranges_end_on_line_ends_and_read_every_line_once(tmp_path: Path, chunk_bytes: int) -> None:
    content = b'{"a": 1}\n\n   \n{"b": 22}\n' + b'{"c": 333}\n' * 5 + b'{"last": "no newline"}'
    path = tmp_path / "lines.jsonl"
    path.write_bytes(content)
    *ranges, end = parallel._seeked_ranges(path, parallel._Sizing(chunk_bytes, 2), 5000)
    assert end == parallel._FileEnd(str(path))
    assert all(isinstance(task, LineRange) for task in ranges)
    assert ranges[0].start == 0 and ranges[-1].end == len(content)
    assert all(a.end == b.start for a, b in pairwise(ranges))
    assert all(task.end > task.start for task in ranges)
    assert all(task.end == len(content) or content[task.end - 1 : task.end] == b"\n" for task in ranges)
    assert [task.file_start for task in ranges] == [True] + [False] * (len(ranges) - 1)
    if chunk_bytes == 1:
        assert len(ranges) == content.count(b"\n") + 1  # a range per line
    seen, before = [], 0
    for task in ranges:
        records, lines = parallel.range_records(task)
        seen += [(before + line, record.data) for line, record in records if isinstance(record, RawRecord)]
        before += lines
    assert seen == [(record.line, record.data) for record in jsonl_lines(path, 5000)]  # type: ignore[union-attr]


def test_byte_ranges_of_empty_and_short_files(tmp_path: Path) -> None:
    sizing = parallel._Sizing(1_000_000, 2)
    zero = tmp_path / "zero.jsonl"
    zero.write_bytes(b"")
    assert list(parallel._seeked_ranges(zero, sizing, 5000)) == [parallel._FileEnd(str(zero))]
    short = tmp_path / "short.jsonl"
    short.write_bytes(b'{"id": "only"}')
    [task, _end] = parallel._seeked_ranges(short, sizing, 5000)
    assert isinstance(task, LineRange) and (task.start, task.end) == (0, short.stat().st_size)
    missing = tmp_path / "gone.jsonl"
    [failed] = parallel._seeked_ranges(missing, sizing, 5000)
    assert isinstance(failed, parallel._FileEnd) and failed.error is not None


def _range_corpus(directory: Path) -> list[Path]:
    tail = directory / "tail.jsonl"
    tail.write_bytes(_TAIL_LINES)
    zero = directory / "zero.jsonl"
    zero.write_bytes(b"")
    return [*_raw_corpus(directory), tail, zero]


def _run_ranges(files: JsonlFiles, chunk_bytes: int, chunk_dir: Path) -> list[ArticleResult | IngestError]:
    """The client's side of the Dask range stream, with each range processed here at once."""

    def submit(_index: int, task: LineRange) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(parallel._process_range(task))
        return future

    ranges = parallel.jsonl_ranges(files, chunk_bytes, 2, chunk_dir)
    return list(islice(parallel._range_stream(ranges, submit, 3, chunk_dir, StreamStats()), files.limit))


def _with_meta(item: ArticleResult | IngestError) -> tuple[Any, ...]:
    return (*_outcome(item), item.article.meta if isinstance(item, ArticleResult) else None)


@pytest.mark.parametrize("chunk_bytes", [1, 300, 1_000_000])
@pytest.mark.parametrize("limit", [None, 1, 6, 12, 40])
def test_byte_ranges_give_what_read_paths_gives(tmp_path: Path, chunk_bytes: int, limit: int | None) -> None:
    paths = _range_corpus(tmp_path)
    expected = [_with_meta(item) for item in process_stream(islice(read_paths(paths, max_bytes=5000), limit))]
    if limit is None:  # bad JSON (twice), no text (three times, one after a late BOM), too big, empty (twice)
        assert sum(outcome[0] == "error" for outcome in expected) == 8
    files = read_records(paths, max_bytes=5000, limit=limit)
    assert isinstance(files, JsonlFiles)
    chunk_dir = (tmp_path / "chunks").resolve()
    chunk_dir.mkdir()
    assert [_with_meta(item) for item in _run_ranges(files, chunk_bytes, chunk_dir)] == expected
    if limit is None:
        assert not list(chunk_dir.iterdir())  # each .gz chunk is deleted once its results are in


def test_range_sizes_shrink_towards_the_end() -> None:
    sizing = parallel._Sizing(1_000_000, 2)
    assert sizing.target(None) == sizing.target(-5) == 1_000_000  # unknown: full ranges
    assert sizing.target(40_000_000) == 1_000_000
    assert sizing.target(2_000_000) == 1_000_000  # a slot's share of what remains
    assert sizing.target(1_000_000) == 500_000
    assert sizing.target(10) == 125_000  # never below an eighth


def test_dask_workers_read_their_own_byte_ranges(tmp_path: Path) -> None:
    paths = _range_corpus(tmp_path)
    for limit in (None, 9):
        expected = [
            _with_meta(item) for item in process_stream(islice(read_paths(paths, max_bytes=5000), limit))
        ]
        stats = StreamStats()
        files = read_records(paths, max_bytes=5000, limit=limit)
        results = process_stream(
            files, workers=2, dask="local", chunk_bytes=300, work_dir=tmp_path, stats=stats
        )
        assert [_with_meta(item) for item in results] == expected
        assert stats.chunks > len(paths)  # several ranges per file
        assert not list(tmp_path.glob("marsad-dask-input-*"))  # the .gz chunks are removed


def test_a_worker_warms_up_on_the_bundled_articles_as_a_task_reads_them() -> None:
    """The warm-up articles ship with marsad, and every one of them goes through extraction."""
    try:
        answer = parallel.warm_up_worker()
        assert gc.get_freeze_count() > 0  # what it loaded is out of the collector's way
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
    processed = [output for _, output in answer.outputs if isinstance(output, parallel._Processed)]
    assert len(processed) == len(answer.outputs) >= 20
    assert sum(len(output.events) for output in processed) >= len(processed) // 2  # conflict reports
