"""The ``marsad`` typer application that every command module registers on.

Command modules live in :mod:`marsad.commands`; they keep heavy imports inside
the command functions so that ``marsad --help`` and start-up stay fast.
"""

import typer

app = typer.Typer(
    name="marsad",
    help="marsad (مرصد): Arabic news reports to structured, geocoded conflict-event data, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
