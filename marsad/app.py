"""The ``marsad`` typer application that every command module registers on.

Command modules live in :mod:`marsad.commands`; they keep heavy imports inside
the command functions so that ``marsad --help`` and start-up stay fast.
"""

from typing import Annotated

import typer

from marsad import __version__

app = typer.Typer(
    name="marsad",
    help="marsad (مرصد): Arabic news reports to structured, geocoded conflict-event data, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(requested: bool) -> None:
    if requested:
        typer.echo(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,  # answered before a command, or its missing arguments, is looked at
            help="Print marsad's version and exit.",
        ),
    ] = False,
) -> None:
    """Options of marsad itself, before any command (the help shown is the app's own)."""
