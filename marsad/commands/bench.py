"""``marsad bench``: how fast the pipeline is on a corpus, how it grows, and how it scales."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.app import app

if TYPE_CHECKING:
    from rich.table import Table


def _runs_table(report: dict[str, Any]) -> Table:
    from rich.table import Table

    table = Table(title=f"marsad bench · {report['corpus']} · {report['cores']} cores")
    for column in (
        "size",
        "mode",
        "workers",
        "articles",
        "events",
        "art/s",
        "art/CPU-s",
        "MB/s",
        "peak RSS MB",
    ):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for stage in ("ingest", "text", "extract", "geo", "store", "merge"):
        table.add_column(f"{stage} s", justify="right")
    for run in report["runs"]:
        peaks = [run["peak_rss_mb"], *run["worker_peak_rss_mb"].values()]
        table.add_row(
            str(run["size"]),
            run["mode"],
            str(run["workers"]),
            str(run["articles"]),
            str(run["events"]),
            f"{run['articles_per_s']:.0f}",
            f"{run['articles'] / run['cpu_seconds']:.0f}" if run["cpu_seconds"] else "-",
            f"{run['megabytes_per_s']:.2f}",
            f"{max(peaks):.0f}",
            *(
                f"{run['stages'][stage]:.2f}"
                for stage in ("ingest", "text", "extract", "geo", "store", "merge")
            ),
        )
    return table


def _targets_table(report: dict[str, Any]) -> Table:
    from rich.table import Table

    table = Table(title="goals")
    for column in ("goal", "measured", "target", "met"):
        table.add_column(column)
    startup = report["startup"]
    table.add_row("start-up: pipeline ready (s)", f"{startup['pipeline_ready_s']:.3f}", "", "")
    table.add_row("start-up: marsad --help (s)", f"{startup['cli_help_s']:.3f}", "", "")
    for entry in report["scaling"]:
        same = "identical events" if entry["identical_events"] else "EVENTS DIFFER"
        table.add_row(
            f"{entry['mode']} ×{entry['workers']} at {entry['size']}", f"{entry['speedup']}×", same, ""
        )
    for name, target in report["targets"].items():
        table.add_row(name, str(target["value"]), str(target["goal"]), "yes" if target["met"] else "NO")
    return table


@app.command("bench")
def bench_command(
    corpus: Annotated[
        Path, typer.Argument(help="JSONL corpus (.jsonl or .jsonl.gz).", exists=True, dir_okay=False)
    ],
    sizes: Annotated[
        str, typer.Option("--sizes", help="Comma-separated article counts, 'all' for the whole corpus.")
    ] = "all",
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Also run a process pool of N workers (N > 1).")
    ] = 1,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Also run on Dask: 'local' or tcp://scheduler:8786.")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="SQLite file for the store runs (must not exist); default: a temporary one."
        ),
    ] = None,
    store: Annotated[
        bool, typer.Option("--store/--no-store", help="Include the runs with the store.")
    ] = True,
    repeat: Annotated[
        int,
        typer.Option(
            "--repeat",
            min=1,
            help="Measure every run N times, interleaved, and report each one's median round.",
        ),
    ] = 1,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON instead of tables.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Also write the JSON report to this file.")
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile", help="Instead of measuring, profile one worker with pyinstrument (.html or .txt)."
        ),
    ] = None,
) -> None:
    """Measure the pipeline's speed on a corpus, by size and backend.

    Articles/s, MB/s, time per stage, peak RSS and start-up, per corpus size;
    inline, and in parallel with --workers or --dask.

    Examples:

      marsad bench corpus.jsonl.gz
      marsad bench corpus.jsonl.gz --sizes 1000,10000 --workers 8 -o bench.json
      marsad bench corpus.jsonl.gz --sizes 500 --profile profile.html
      marsad bench corpus.jsonl.gz --sizes 1000,5000,all --workers 2 --repeat 3
    """
    from marsad.bench import db_path_for, parse_sizes, profile_run, run_bench

    try:
        size_list = parse_sizes(sizes)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--sizes") from None
    if profile is not None:
        profile_run(str(corpus), size_list[0], str(profile))
        print(f"profile written to {profile}", file=sys.stderr)
        return
    if db is not None and repeat > 1:
        raise typer.BadParameter(
            "a given database holds one run: leave --db out with --repeat", param_hint="--db"
        )
    if db is not None:
        for size in size_list:
            path = Path(db_path_for(db, size, len(size_list)))
            if path.exists():
                raise typer.BadParameter(f"{path} exists: the bench writes a new database", param_hint="--db")

    def progress(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr)

    try:
        report = run_bench(
            str(corpus),
            size_list,
            workers=workers,
            dask=dask,
            db=db,
            store=store,
            repeats=repeat,
            progress=progress,
        )
    except RuntimeError as error:  # a measured run crashed: its stderr is in the message
        print(f"bench: {error}", file=sys.stderr)
        raise typer.Exit(1) from None
    rendered = json.dumps(report, indent=2, ensure_ascii=False)
    if output is not None:
        output.write_text(rendered + "\n", encoding="utf-8")
    if json_output:
        print(rendered)
        return
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        console.width = 160  # a log or a pipe: do not squeeze the tables to 80 columns
    console.print(_runs_table(report))
    console.print(_targets_table(report))
