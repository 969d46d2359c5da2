"""``marsad ingest`` (extract and store articles, merge their reports) and ``marsad export``."""

from __future__ import annotations

import sys
from collections import Counter
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from marsad.app import app
from marsad.commands._common import (
    DateOrderOption,
    MaxBytesOption,
    PathsArgument,
    print_error,
    progress_counter,
)

if TYPE_CHECKING:
    from marsad.store import Store
    from marsad.store.ingest import IngestSummary

DB_HELP = "SQLite file (default marsad.db) or postgresql://user@host/db URL."
#: Failure reasons listed in the final summary (the rest are counted as "other").
_REASONS_SHOWN = 10


class ExportFormatChoice(StrEnum):
    ACLED_CSV = "acled-csv"
    GEOJSON = "geojson"
    JSONL = "jsonl"
    PARQUET = "parquet"


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
    paths: PathsArgument,
    db: Annotated[str, typer.Option("--db", help=DB_HELP)] = "marsad.db",
    date_order: DateOrderOption = None,
    max_bytes: MaxBytesOption = 5_000_000,
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
    """Extract events from articles into a store, then merge them.

    Each article is committed on its own: an interrupted run keeps them all.
    Re-running skips every article already stored with the same content.
    Without --db the store is marsad.db in the current directory.

    Examples:

      marsad ingest news/ 'dumps/*.jsonl.gz'
      marsad ingest feed.jsonl --db events.db --workers 8 --date-order dmy
      marsad ingest feed.jsonl --db postgresql://marsad@db.example/marsad
    """
    from marsad.geo import Gazetteer
    from marsad.ingest import read_paths
    from marsad.store.ingest import IngestSummary, ingest_items

    store = _open_store(db)
    gazetteer = Gazetteer.load()
    order = date_order.value if date_order else None
    items = read_paths(paths, date_order=order, max_bytes=max_bytes)
    summary = IngestSummary()
    interrupted = False
    with progress_counter("{task.completed} read · {task.description}") as progress:
        task = progress.add_task("", total=None) if progress else None

        def on_item(summary: IngestSummary, error: str | None) -> None:
            if error is not None:
                print_error(progress, error)
            if progress is not None:
                description = (
                    f"stored {summary.stored} · replaced {summary.replaced}"
                    f" · skipped {summary.skipped} · failed {summary.failed}"
                )
                progress.update(task, completed=summary.read, description=description)

        try:
            if workers > 1 or dask is not None:
                from marsad.parallel import ingest_stream, read_records

                # A new store has nothing to skip: the workers parse and clean the JSONL
                # lines too, so that this process, which also writes, keeps up with them.
                # Otherwise this process reads, to skip stored articles before extraction.
                fresh = store.table_counts()["articles"] == 0
                ingest_stream(
                    read_records(paths, date_order=order, max_bytes=max_bytes) if fresh else items,
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
    """Write merged events as ACLED CSV, GeoJSON, JSONL or Parquet.

    Text formats go to stdout unless --output names a file; filters combine (AND).

    Examples:

      marsad export --format acled-csv --db events.db -o events.csv
      marsad export --format geojson --country Syria > syria.geojson
      marsad export --format jsonl --from 2019-01-01 --to 2019-12-31 -o 2019.jsonl
      marsad export --format parquet --min-sources 2 -o corroborated.parquet
    """
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
