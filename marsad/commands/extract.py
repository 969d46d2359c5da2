"""``marsad extract``: read articles from anything ingest understands, print their events as JSON."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any, TextIO

import typer

from marsad.app import app
from marsad.commands._common import (
    DateOrderOption,
    MaxBytesOption,
    PathsArgument,
    print_error,
    progress_counter,
)


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"


class _JsonWriter:
    """Writes results as JSON lines or as one JSON array, streaming either way."""

    def __init__(self, stream: TextIO, output_format: OutputFormat) -> None:
        self._stream = stream
        self._array = output_format is OutputFormat.JSON
        self._count = 0

    def write(self, result: dict[str, Any]) -> None:
        text = json.dumps(result, ensure_ascii=False)
        if self._array:
            text = ("[\n" if self._count == 0 else ",\n") + text
        self._stream.write(text if self._array else text + "\n")
        self._count += 1

    def close(self) -> None:
        if self._array:
            self._stream.write("\n]\n" if self._count else "[]\n")
        self._stream.flush()


@app.command("extract")
def extract_command(
    paths: PathsArgument,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="jsonl: one object a line; json: one array.")
    ] = OutputFormat.JSONL,
    date_order: DateOrderOption = None,
    max_bytes: MaxBytesOption = 5_000_000,
) -> None:
    """Print each article's events as JSON, storing nothing.

    One JSON object per article, with its publication date and its events.
    Errors go to stderr, one line naming the item.

    Examples:

      marsad extract article.html
      marsad extract 'feeds/*.jsonl.gz' --date-order dmy > events.jsonl
      marsad extract dump.txt --format json
    """
    from marsad.extract import article_result, extract_events
    from marsad.geo import Gazetteer
    from marsad.ingest import read_paths
    from marsad.model import IngestError
    from marsad.pipeline import extraction_failure, item_name

    gazetteer = Gazetteer.load()
    writer = _JsonWriter(sys.stdout, output_format)
    failures = 0
    order = date_order.value if date_order else None
    with progress_counter("{task.completed} items read") as progress:
        task = progress.add_task("extract", total=None) if progress else None
        for item in read_paths(paths, date_order=order, max_bytes=max_bytes):
            if progress is not None:
                progress.advance(task)
            if isinstance(item, IngestError):
                failures += 1
                print_error(progress, str(item))
                continue
            try:
                events = extract_events(item, gazetteer)
            except Exception as error:  # one article's failure must not stop the batch
                failures += 1
                print_error(progress, f"{item_name(item)}: {extraction_failure(error)}")
                continue
            writer.write(article_result(item, events))
    writer.close()
    if failures:
        raise typer.Exit(1)
