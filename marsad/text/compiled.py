"""A disk cache for compiled lexicons: build once, unpickle in every later process.

Compiling the lexicons (YAML parsing, validation, one Aho-Corasick automaton per
matcher) costs tens of milliseconds, paid again by every worker at start-up;
unpickling the result costs a few.  :func:`load_compiled` keys the pickle by the
bytes of every input (the data files *and* the code that builds and matches), so
an edited lexicon or matcher can never load a stale build.  The cache lives in
``$MARSAD_CACHE_DIR`` (default ``~/.cache/marsad``), beside the gazetteer's.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: The text layer's code shapes every compiled matcher (normalisation, phrase keys).
TEXT_SOURCES: tuple[Path, ...] = tuple(sorted(Path(__file__).resolve().parent.glob("*.py")))


def cache_dir() -> Path:
    configured = os.environ.get("MARSAD_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "marsad"


def compiled_path(name: str, inputs: Iterable[Path]) -> Path:
    """The cache file of ``name`` built from ``inputs`` (as they are now)."""
    digest = hashlib.sha256(sys.version.encode())
    for path in inputs:
        digest.update(path.read_bytes())
    return cache_dir() / f"{name}-{digest.hexdigest()[:24]}.pickle"


def load_compiled(name: str, inputs: Iterable[Path], build: Callable[[], T], kind: type[T]) -> T:
    """``build()``, or its pickle from an earlier process with the same ``inputs``.

    ``inputs`` are every file the result depends on; ``kind`` is the type it must
    have (anything else in the file is treated as a stale cache).  A missing,
    truncated or foreign cache file is rebuilt; a read-only home works uncached.
    Writing a new build removes the caches of ``name`` built from older inputs.
    """
    cached = compiled_path(name, inputs)
    try:
        with cached.open("rb") as handle:
            result = pickle.load(handle)
        if isinstance(result, kind):
            return result
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # no cache yet, or one written by other code: build below
    result = build()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cached)
        for stale in cached.parent.glob(f"{name}-*.pickle"):
            if stale != cached:
                stale.unlink(missing_ok=True)  # built from inputs that have changed since
    except OSError:
        pass
    return result
