"""``marsad extract``: read articles from anything ingest understands, print their events as JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from marsad.app import app

if TYPE_CHECKING:
    from marsad.model import Article


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"


class DateOrderChoice(StrEnum):
    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


def _item_name(article: Article) -> str:
    """How an error about an article names it: the file (and line) it came from."""
    meta = article.meta
    if "file" in meta and "line" in meta:
        return f"{meta['file']}:{meta['line']}"
    return str(meta.get("path") or article.id)


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


@contextmanager
def _progress() -> Iterator[Any]:
    """A rich progress counter on stderr when stderr is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} items read"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        yield progress


def _report(progress: Any, message: str) -> None:
    """One error line on stderr, through the progress console when one is showing."""
    if progress is not None:
        progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
    else:
        print(message, file=sys.stderr)


@app.command("extract")
def extract_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, .gz, JSONL, HTML, dumps.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="jsonl: one object a line; json: one array.")
    ] = OutputFormat.JSONL,
    date_order: Annotated[
        DateOrderChoice | None,
        typer.Option("--date-order", help="How to read ambiguous numeric dates such as 2/9/2018."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Size limit of a file, or of a JSONL record.")
    ] = 5_000_000,
) -> None:
    """Print one JSON object per article (its events included); errors go to stderr."""
    from marsad.extract import article_result, extract_events
    from marsad.geo import Gazetteer
    from marsad.ingest import read_paths
    from marsad.model import IngestError

    gazetteer = Gazetteer.load()
    writer = _JsonWriter(sys.stdout, output_format)
    failures = 0
    order = date_order.value if date_order else None
    with _progress() as progress:
        task = progress.add_task("extract", total=None) if progress else None
        for item in read_paths(paths, date_order=order, max_bytes=max_bytes):
            if progress is not None:
                progress.advance(task)
            if isinstance(item, IngestError):
                failures += 1
                _report(progress, str(item))
                continue
            try:
                events = extract_events(item, gazetteer)
            except Exception as error:  # one article's failure must not stop the batch
                failures += 1
                _report(progress, f"{_item_name(item)}: extraction failed ({type(error).__name__}: {error})")
                continue
            writer.write(article_result(item, events))
    writer.close()
    if failures:
        raise typer.Exit(1)
