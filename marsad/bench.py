"""``marsad bench``: throughput, per-stage time, memory, start-up and scaling of the pipeline.

Every measured run happens in a fresh interpreter (``python -m marsad.bench
CONFIG``) so that its peak RSS is its own and no run inherits caches warmed by
another.  A run first warms up (start-up is measured separately, in
:func:`measure_startup`), then streams the corpus: the reader's time is
*ingest* (read + decode + clean; in parallel runs only splitting JSONL lines,
which the workers parse, as ``marsad ingest`` does into a new store); the
pipeline's time is split into *text*, *extract* and *geo* by a stack sampler
(:class:`StageSampler`); a store run adds *store* (one transaction per article)
and *merge*.

The report (:func:`run_bench`) is one JSON-ready dict: ``startup``, ``repeats``,
``runs`` (one per size × mode: its median round, with every round's ``rates``;
on a shared machine, ``--repeat 3`` tells the noise from the code),
``linearity`` (articles/s across sizes), ``scaling`` (parallel speed-up over one
worker, and whether the events were identical) and ``targets`` (the issue's
goals, each with the measured value and a verdict).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from types import FrameType
from typing import Any

#: Stages a single-worker run reports, in pipeline order.
STAGES: tuple[str, ...] = ("ingest", "text", "extract", "geo", "store", "merge")
#: Keys of every run in the report.
RUN_KEYS: tuple[str, ...] = (
    "size",
    "mode",
    "workers",
    "articles",
    "failed",
    "events",
    "megabytes",
    "seconds",
    "cpu_seconds",
    "articles_per_s",
    "megabytes_per_s",
    "stages",
    "peak_rss_mb",
    "worker_peak_rss_mb",
    "start_seconds",
    "stop_seconds",
    "events_digest",
)
#: The issue's goals on this corpus.
MIN_RATE_NO_STORE = 1000.0
MIN_RATE_STORE = 500.0
MAX_RSS_MB = 300.0
MAX_STARTUP_S = 0.5
MAX_LINEARITY_SPREAD = 0.15
MIN_SPEEDUP = 1.7


@dataclass(slots=True)
class RunConfig:
    """One measured run: ``limit`` articles (None: all), with or without a store, on a backend."""

    corpus: str
    limit: int | None = None
    store: bool = False
    workers: int = 1
    dask: str | None = None
    db: str | None = None  # SQLite file for a store run; a temporary one when None

    @property
    def mode(self) -> str:
        if self.dask is not None:
            return "dask"
        return "store" if self.store else ("no-store" if self.workers == 1 else "processes")


class StageSampler:
    """Attributes the main thread's time to stages by sampling its stack (~1 kHz).

    Exact timers would have to wrap functions inside other stages' modules; the
    sampler only reads module names.  A sample anywhere under ``marsad.geo`` is
    *geo* (geocoding includes the matching it calls), else under ``marsad.text``
    is *text*, else under ``marsad.extract`` or ``marsad.pipeline`` is *extract*.
    """

    def __init__(self, interval: float = 0.001) -> None:
        self.counts: Counter[str] = Counter()
        self._interval = interval
        self._target = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="marsad-stage-sampler", daemon=True)

    def __enter__(self) -> StageSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            frame = sys._current_frames().get(self._target)
            stage = classify_stack(frame)
            if stage is not None:
                self.counts[stage] += 1

    def split(self, seconds: float) -> dict[str, float]:
        """``seconds`` of pipeline time shared out as text / extract / geo by sample counts."""
        pipeline = {stage: self.counts[stage] for stage in ("text", "extract", "geo")}
        total = sum(pipeline.values())
        if total == 0:
            return {"text": 0.0, "extract": seconds, "geo": 0.0}
        return {stage: seconds * count / total for stage, count in pipeline.items()}


def classify_stack(frame: FrameType | None) -> str | None:
    """The pipeline stage (text, extract, geo) a stack is in, or None outside the pipeline."""
    in_text = in_extract = False
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("marsad.geo"):
            return "geo"
        in_text = in_text or module.startswith("marsad.text")
        in_extract = in_extract or module.startswith(("marsad.extract", "marsad.pipeline"))
        frame = frame.f_back
    if in_text and in_extract:
        return "text"
    return "extract" if in_extract else None


def _timed(items: Iterator[Any], timer: list[float]) -> Iterator[Any]:
    """``items``, adding the time spent producing each one to ``timer[0]``."""
    while True:
        started = time.perf_counter()
        item = next(items, None)
        timer[0] += time.perf_counter() - started
        if item is None:
            return
        yield item


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool and Dask workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_run(config: RunConfig) -> dict[str, Any]:
    """Run the pipeline over the corpus as ``config`` says, in this process; the run's report."""
    from marsad.ingest import read_paths
    from marsad.model import Article, Event, IngestError
    from marsad.parallel import (
        JsonlFiles,
        StreamStats,
        peak_rss_mb,
        process_stream,
        read_records,
        warm_up_worker,
    )

    # Steady-state rates: loading is start-up, measured on its own, and this process
    # (the one worker of an inline run) is as warm as a pool or Dask worker.
    warm_up_worker()
    store = None
    db_dir = tempfile.TemporaryDirectory(prefix="marsad-bench-") if config.db is None else None
    if config.store:
        from marsad.store import Store

        store = Store(config.db if db_dir is None else str(Path(db_dir.name) / "bench.db"))
    ingest_timer = [0.0]
    stages = dict.fromkeys(STAGES, 0.0)
    bookkeeping = 0.0  # the bench's own work (digest, byte counts), left out of the rates
    articles = failed = events = text_bytes = 0
    digest = hashlib.sha256()
    produced: list[tuple[str, list[Event]]] = []  # every article's reports, for the digest
    stats = StreamStats()
    inline = config.workers == 1 and config.dask is None
    sampler = StageSampler() if inline else None
    # As in ``marsad ingest`` into a new store: in parallel the workers parse the
    # JSONL lines, and *ingest* is only this process splitting them.  On Dask the
    # workers read the lines themselves (the client only splits the files into byte
    # ranges, inside the measured run): there is no reader to time.
    if inline:
        reader: Any = _timed(islice(read_paths([config.corpus]), config.limit), ingest_timer)
    else:
        reader = read_records([config.corpus], limit=config.limit)
        if config.dask is None or not isinstance(reader, JsonlFiles):
            reader = _timed(iter(reader), ingest_timer)
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    with sampler if sampler is not None else nullcontext():
        for result in process_stream(reader, workers=config.workers, dask=config.dask, stats=stats):
            if isinstance(result, IngestError):
                failed += 1
                continue
            if store is not None:
                stored = time.perf_counter()
                store.write_result(result)
                stages["store"] += time.perf_counter() - stored
            counted = time.perf_counter()
            article: Article = result.article
            articles += 1
            events += len(result.events)
            text_bytes += len(article.title.encode()) + len(article.text.encode())
            # Digested after the run: in parallel, the bench's own work would take CPU
            # from the workers it measures.
            produced.append((article.id, result.events))
            bookkeeping += time.perf_counter() - counted
        if store is not None:
            merging = time.perf_counter()
            store.merge()
            stages["merge"] = time.perf_counter() - merging
            store.close()
    # Bringing the workers up and down is a fixed cost per run, reported on its own.
    seconds = time.perf_counter() - started - bookkeeping - stats.start_seconds - stats.stop_seconds
    # On a shared machine wall time depends on the neighbours; CPU time much less so.
    cpu_seconds = _cpu_seconds() - cpu_started
    for article_id, article_events in produced:
        payload = [event.to_dict() for event in article_events]
        digest.update(json.dumps([article_id, payload], ensure_ascii=False, sort_keys=True).encode())
    if db_dir is not None:
        db_dir.cleanup()
    stages["ingest"] = ingest_timer[0]
    pipeline = max(0.0, seconds - stages["ingest"] - stages["store"] - stages["merge"])
    if sampler is not None:
        stages.update(sampler.split(pipeline))
    else:
        # Workers do text, extract and geo together; here is the time the writer
        # waited for them beyond its own reading and writing.
        stages["extract"] = pipeline
    megabytes = text_bytes / 1e6
    return {
        "size": config.limit if config.limit is not None else "all",
        "mode": config.mode,
        "workers": stats.workers,
        "articles": articles,
        "failed": failed,
        "events": events,
        "megabytes": round(megabytes, 3),
        "seconds": round(seconds, 4),
        "cpu_seconds": round(cpu_seconds, 4),
        "articles_per_s": round(articles / seconds, 1) if seconds > 0 else 0.0,
        "megabytes_per_s": round(megabytes / seconds, 3) if seconds > 0 else 0.0,
        "stages": {stage: round(value, 4) for stage, value in stages.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "worker_peak_rss_mb": {name: round(mb, 1) for name, mb in stats.worker_peak_rss_mb.items()},
        "start_seconds": round(stats.start_seconds, 3),
        "stop_seconds": round(stats.stop_seconds, 3),
        "events_digest": digest.hexdigest(),
    }


def run_in_subprocess(config: RunConfig) -> dict[str, Any]:
    """:func:`measure_run` in a fresh interpreter (its own peak RSS, no warm caches)."""
    completed = subprocess.run(
        [sys.executable, "-m", "marsad.bench", json.dumps(asdict(config))],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark run {config.mode} failed:\n{completed.stderr.strip()}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"start-up probe {command[-1]!r} failed:\n{completed.stderr.strip()}")
    return elapsed


def measure_startup(repeats: int = 3) -> dict[str, float]:
    """Median wall time of fresh interpreters: until ready to extract, and ``marsad --help``."""
    ready = [sys.executable, "-c", "from marsad.parallel import warm_up; warm_up()"]
    help_command = [sys.executable, "-m", "marsad.cli", "--help"]
    return {
        "pipeline_ready_s": round(statistics.median(_wall_time(ready) for _ in range(repeats)), 3),
        "cli_help_s": round(statistics.median(_wall_time(help_command) for _ in range(repeats)), 3),
    }


def parse_sizes(text: str) -> list[int | None]:
    """``"1000,5000,all"`` → ``[1000, 5000, None]`` (None: the whole corpus)."""
    sizes: list[int | None] = []
    for part in text.split(","):
        part = part.strip().lower()
        if part == "all":
            sizes.append(None)
        elif part.isdigit() and int(part) > 0:
            sizes.append(int(part))
        else:
            raise ValueError(f"{part!r} is not a positive article count or 'all'")
    return sizes


def db_path_for(db: str, size: int | None, sizes: int) -> str:
    """The store run's SQLite file: ``db`` itself, or ``db`` with the size when several sizes run."""
    if sizes == 1:
        return db
    path = Path(db)
    return str(path.with_name(f"{path.stem}-{size or 'all'}{path.suffix}"))


def _median_round(measured: list[dict[str, Any]]) -> dict[str, Any]:
    """The round with the median rate (the lower middle one of an even count), with
    every round's rate beside it."""
    ordered = sorted(measured, key=lambda run: run["articles_per_s"])
    median = dict(ordered[(len(ordered) - 1) // 2])
    median["rates"] = [run["articles_per_s"] for run in measured]
    return median


def _linearity(runs: list[dict[str, Any]]) -> dict[str, Any]:
    rates = {str(run["size"]): run["articles_per_s"] for run in runs if run["mode"] == "no-store"}
    spread = max(rates.values()) / min(rates.values()) - 1 if len(rates) > 1 and min(rates.values()) else 0.0
    return {"articles_per_s": rates, "spread": round(spread, 3)}


def _scaling(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each parallel run against the one-worker run of the same size."""
    single = {run["size"]: run for run in runs if run["mode"] == "no-store"}
    scaling = []
    for run in runs:
        base = single.get(run["size"])
        if run["mode"] in ("processes", "dask") and base is not None and base["articles_per_s"]:
            scaling.append(
                {
                    "size": run["size"],
                    "mode": run["mode"],
                    "workers": run["workers"],
                    "speedup": round(run["articles_per_s"] / base["articles_per_s"], 2),
                    "identical_events": run["events_digest"] == base["events_digest"],
                }
            )
    return scaling


def _targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The issue's goals with the measured value (on the largest size run) and a verdict."""
    runs = report["runs"]
    largest = {run["mode"]: run for run in runs}  # runs are ordered by size: the last one wins
    targets: dict[str, dict[str, Any]] = {}

    def target(name: str, value: float | None, goal: float, at_least: bool) -> None:
        if value is not None:
            met = value >= goal if at_least else value <= goal
            targets[name] = {"value": value, "goal": goal, "met": met}

    no_store, with_store = largest.get("no-store"), largest.get("store")
    target("no_store_articles_per_s", no_store and no_store["articles_per_s"], MIN_RATE_NO_STORE, True)
    target("store_articles_per_s", with_store and with_store["articles_per_s"], MIN_RATE_STORE, True)
    worker_peaks = [mb for run in runs for mb in run["worker_peak_rss_mb"].values()]
    target("peak_rss_mb_per_worker", max(worker_peaks, default=None), MAX_RSS_MB, False)
    target("startup_s", report["startup"]["pipeline_ready_s"], MAX_STARTUP_S, False)
    if len(report["linearity"]["articles_per_s"]) > 1:
        target("linearity_spread", report["linearity"]["spread"], MAX_LINEARITY_SPREAD, False)
    for entry in report["scaling"]:
        target(f"speedup_{entry['mode']}_{entry['size']}", entry["speedup"], MIN_SPEEDUP, True)
    return targets


def run_bench(
    corpus: str,
    sizes: list[int | None],
    *,
    workers: int = 1,
    dask: str | None = None,
    db: str | None = None,
    store: bool = True,
    startup_repeats: int = 3,
    repeats: int = 1,
    progress: Any = None,
) -> dict[str, Any]:
    """Measure every size: no store, with the store, and on the parallel backend asked for.

    With ``repeats`` > 1 every run is measured that many times, the rounds interleaved
    (so that a noisy minute on a shared machine hits every mode alike), and each run
    reports its median round (by articles/s) with every round's rate in ``rates``.
    ``progress(message)`` is called before each run (the CLI prints it on stderr).
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, not {repeats}")
    if repeats > 1 and db is not None:
        raise ValueError("a given --db holds one run: measure repeats in temporary databases")
    configs: list[RunConfig] = []
    for size in sizes:
        configs.append(RunConfig(corpus, size))
        if store:
            configs.append(RunConfig(corpus, size, store=True, db=db and db_path_for(db, size, len(sizes))))
        if workers > 1 and dask is None:
            configs.append(RunConfig(corpus, size, workers=workers))
        if dask is not None:
            configs.append(RunConfig(corpus, size, workers=workers, dask=dask))
    report: dict[str, Any] = {"corpus": corpus, "cores": os.cpu_count(), "python": sys.version.split()[0]}
    if progress is not None:
        progress("start-up")
    report["startup"] = measure_startup(startup_repeats)
    rounds: list[list[dict[str, Any]]] = [[] for _ in configs]
    for round_number in range(repeats):
        for config, measured in zip(configs, rounds, strict=True):
            if progress is not None:
                again = f" (round {round_number + 1} of {repeats})" if repeats > 1 else ""
                progress(f"{config.mode}, {config.limit or 'all'} articles{again}")
            measured.append(run_in_subprocess(config))
    runs = [_median_round(measured) for measured in rounds]
    report["repeats"] = repeats
    report["runs"] = runs
    report["linearity"] = _linearity(runs)
    report["scaling"] = _scaling(runs)
    report["targets"] = _targets(report)
    return report


def profile_run(corpus: str, limit: int | None, output: str) -> None:
    """Profile the single-worker pipeline (ingest included) with pyinstrument; HTML or text report."""
    from pyinstrument import Profiler

    from marsad.ingest import read_paths
    from marsad.parallel import process_stream, warm_up_worker

    warm_up_worker()
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _result in process_stream(islice(read_paths([corpus]), limit)):
            pass
    rendered = profiler.output_html() if output.endswith(".html") else profiler.output_text(show_all=False)
    Path(output).write_text(rendered, encoding="utf-8")


def _main(argv: list[str]) -> None:
    """Child entry point: one :class:`RunConfig` as JSON in, its report as one JSON line out."""
    config = RunConfig(**json.loads(argv[0]))
    print(json.dumps(measure_run(config)))


if __name__ == "__main__":
    _main(sys.argv[1:])
