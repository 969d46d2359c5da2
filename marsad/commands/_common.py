"""What the commands that read articles share: their input options, a progress counter, error lines.

Imports nothing heavy at module level (rich is imported only when a terminal shows
the counter), so that ``marsad --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer


class DateOrderChoice(StrEnum):
    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


#: The inputs of ``marsad extract`` and ``marsad ingest``: whatever :func:`marsad.ingest.read_paths` reads.
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, directories, globs, .gz, JSONL, HTML, dumps.")
]
DateOrderOption = Annotated[
    DateOrderChoice | None,
    typer.Option("--date-order", help="How to read ambiguous numeric dates such as 2/9/2018."),
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Size limit of a file, or of a JSONL record.")
]


@contextmanager
def progress_counter(columns: str) -> Iterator[Any]:
    """A live counter on stderr when stderr is a terminal, else ``None`` (logs, CI, pipes).

    ``columns`` is the text column's template, e.g. ``"{task.completed} items read"``.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn(columns),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        yield progress


def print_error(progress: Any, message: str) -> None:
    """One error line on stderr, through the progress console when one is showing."""
    if progress is not None:
        progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
    else:
        print(message, file=sys.stderr)
