"""Command modules of the ``marsad`` CLI, one per stage.

Each module defines its commands with ``@app.command()`` on :data:`marsad.app.app`;
add a new module's name to ``COMMAND_MODULES`` to register it.
"""

import importlib

COMMAND_MODULES: tuple[str, ...] = (
    "eval",
    "extract",
    "gazetteer",
    "serve",
    "store",
    "bench",
)


def register_all() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"marsad.commands.{name}")
