"""``marsad ingest`` (extract and store articles, merge their reports) and ``marsad export``."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.app import app

if TYPE_CHECKING:
    from marsad.store import Store
    from marsad.store.ingest import IngestSummary

DB_HELP = "SQLite file (default marsad.db) or postgresql://user@host/db URL."
#: Failure reasons listed in the final summary (the rest are counted as "other").
_REASONS_SHOWN = 10


class DateOrderChoice(StrEnum):
    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


class ExportFormatChoice(StrEnum):
    ACLED_CSV = "acled-csv"
    GEOJSON = "geojson"
    JSONL = "jsonl"
    PARQUET = "parquet"


@contextmanager
def _progress() -> Iterator[Any]:
    """A live counter on stderr when stderr is a terminal; nothing otherwise (logs, CI)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} read · {task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        yield progress


def _summary_lines(summary: IngestSummary, interrupted: bool) -> list[str]:
    lines = [
        f"{'interrupted' if interrupted else 'done'} in {summary.seconds:.1f} s: read {summary.read}"
        f" = stored {summary.stored} + replaced {summary.replaced} + skipped {summary.skipped}"
        f" + failed {summary.failed}",
        f"event reports written: {summary.reports}",
    ]
    if summary.merged_events is not None:
        lines.append(f"merged events in the store: {summary.merged_events}")
    if summary.stage_seconds:
        stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in summary.stage_seconds.items())
        lines.append(f"time by stage: {stages}")
    if summary.failures:
        reasons = Counter(reason for _item, reason in summary.failures)
        lines.append("failed, by reason:")
        lines.extend(f"  {count:6d}  {reason}" for reason, count in reasons.most_common(_REASONS_SHOWN))
        if len(reasons) > _REASONS_SHOWN:
            other = sum(count for _reason, count in reasons.most_common()[_REASONS_SHOWN:])
            lines.append(f"  {other:6d}  (other reasons)")
    return lines


def _open_store(db: str) -> Store:
    """Open the store, or exit with one line naming the database."""
    from sqlalchemy import exc as sa_exc

    from marsad.store import Store
    from marsad.store.migrations import SchemaTooNewError

    try:
        return Store(db)
    except (SchemaTooNewError, sa_exc.ArgumentError, sa_exc.OperationalError, ModuleNotFoundError) as error:
        print(f"{db}: cannot open the database ({error})", file=sys.stderr)
        raise typer.Exit(1) from None


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, .gz, JSONL, HTML, dumps.")],
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = "marsad.db",
    date_order: Annotated[
        DateOrderChoice | None,
        typer.Option("--date-order", help="How to read ambiguous numeric dates such as 2/9/2018."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Size limit of a file, or of a JSONL record.")
    ] = 5_000_000,
    merge: Annotated[
        bool, typer.Option("--merge/--no-merge", help="Rebuild merged events after storing.")
    ] = True,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Extract in N processes; this one writes the store.")
    ] = 1,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Extract on Dask: 'local' or tcp://scheduler:8786.")
    ] = None,
    dask_dir: Annotated[
        str | None,
        typer.Option("--dask-dir", help="Directory for the Dask Parquet partitions (shared with workers)."),
    ] = None,
) -> None:
    """Extract events from articles and store everything; re-running skips what is stored.

    Each article is committed on its own: an interrupted run keeps what it committed.
    """
    from marsad.geo import Gazetteer
    from marsad.ingest import read_paths
    from marsad.store.ingest import IngestSummary, ingest_items

    store = _open_store(db)
    gazetteer = Gazetteer.load()
    items = read_paths(paths, date_order=date_order.value if date_order else None, max_bytes=max_bytes)
    summary = IngestSummary()
    interrupted = False
    with _progress() as progress:
        task = progress.add_task("", total=None) if progress else None

        def on_item(summary: IngestSummary, error: str | None) -> None:
            if error is not None:
                if progress is not None:
                    progress.console.print(error, markup=False, highlight=False, soft_wrap=True)
                else:
                    print(error, file=sys.stderr)
            if progress is not None:
                description = (
                    f"stored {summary.stored} · replaced {summary.replaced}"
                    f" · skipped {summary.skipped} · failed {summary.failed}"
                )
                progress.update(task, completed=summary.read, description=description)

        try:
            if workers > 1 or dask is not None:
                from marsad.parallel import ingest_stream

                ingest_stream(
                    items,
                    store,
                    workers=workers,
                    dask=dask,
                    work_dir=dask_dir,
                    merge=merge,
                    on_item=on_item,
                    summary=summary,
                )
            else:
                ingest_items(items, store, gazetteer=gazetteer, merge=merge, on_item=on_item, summary=summary)
        except KeyboardInterrupt:
            interrupted = True  # everything committed so far stays; a re-run resumes
    store.close()
    for line in _summary_lines(summary, interrupted):
        print(line)
    if interrupted:
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    output_format: Annotated[ExportFormatChoice, typer.Option("--format", help="Output format.")],
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = "marsad.db",
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output file; '-' writes text formats to stdout.")
    ] = "-",
    date_from: Annotated[str | None, typer.Option("--from", help="First event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="Country, e.g. Syria.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level unit, e.g. Deir ez-Zor.")] = None,
    event_type: Annotated[str | None, typer.Option(help="ACLED event type, e.g. Battles.")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor name (actor1 or actor2).")] = None,
    min_sources: Annotated[
        int | None, typer.Option(min=1, help="Events with at least this many sources.")
    ] = None,
) -> None:
    """Write the store's merged events as ACLED CSV, GeoJSON, JSON lines or Parquet."""
    from datetime import date

    from marsad.export import export_events

    if output_format is ExportFormatChoice.PARQUET and output == "-":
        raise typer.BadParameter(
            "parquet is binary: give an output file with --output", param_hint="--output"
        )
    for name, value in (("--from", date_from), ("--to", date_to)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=name) from None
    with _open_store(db) as store:
        count = export_events(
            store,
            output_format.value,
            output,
            date_from=date_from,
            date_to=date_to,
            country=country,
            admin1=admin1,
            event_type=event_type,
            actor=actor,
            min_sources=min_sources,
        )
    print(f"exported {count} events as {output_format.value}", file=sys.stderr)
