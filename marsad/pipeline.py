"""The per-article step of ``marsad ingest``, kept pure so it can run anywhere.

Seam for parallel ingest: :func:`process_article` takes an :class:`Article` and
returns an :class:`ArticleResult` (the article, its event reports, its content
hash and timings) without touching the store, so it can run in a process pool or
on Dask workers (the result is picklable).  Exactly one writer then hands each
result to :meth:`marsad.store.Store.write_result`, which commits it atomically.
The reader side decides what to process with :func:`content_hash` and
:meth:`marsad.store.Store.stored_hashes`, so unchanged articles are not re-extracted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from marsad.model import Article, Event

if TYPE_CHECKING:
    from marsad.geo import Gazetteer

T = TypeVar("T")


@dataclass(slots=True)
class ArticleResult:
    """What one article yields: its reports, the hash they were computed from, timings."""

    article: Article
    events: list[Event]
    content_hash: str
    timings: dict[str, float] = field(default_factory=dict)  # stage name → seconds


#: What decides an article's events besides the article itself: the code of the stages
#: that read it and the lexicons, gazetteer and tables they load.
_EXTRACTOR_PACKAGES = ("ingest", "text", "extract", "geo")
_EXTRACTOR_DATA_SUFFIXES = frozenset({".yaml", ".tsv", ".gz"})


@functools.cache
def extractor_fingerprint() -> str:
    """Digest of marsad's extraction code and data, so that new rules re-code stored articles.

    A monitoring desk re-ingests its archive when the lexicons improve: the same
    article read by a changed extractor must be re-extracted ("replaced"), not skipped.
    """
    root = Path(__file__).resolve().parent
    sources = [path for package in _EXTRACTOR_PACKAGES for path in (root / package).glob("*.py")]
    data = [path for path in (root / "data").glob("*") if path.suffix in _EXTRACTOR_DATA_SUFFIXES]
    digest = hashlib.sha256()
    for path in sorted(sources + data):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(article: Article) -> str:
    """SHA-256 of everything extraction reads: id, title, text, publication date, url, outlet,
    and the extractor itself (:func:`extractor_fingerprint`).

    Two reads of one article with the same hash give the same reports, so the
    store can skip the second; any change (an edited text, a corrected date, new
    lexicons or rules) gives a new hash and the article's reports are replaced.
    """
    fields = (
        extractor_fingerprint(),
        article.id,
        article.title,
        article.text,
        json.dumps(article.published.to_dict(), sort_keys=True),
        article.url,
        article.source,
    )
    digest = hashlib.sha256()
    for value in fields:  # length-prefixed, so no two field lists hash alike
        if value is None:
            digest.update(b"-")
        else:
            encoded = value.encode("utf-8", "surrogatepass")
            digest.update(b"+%d:" % len(encoded))
            digest.update(encoded)
    return digest.hexdigest()


def process_article(article: Article, gazetteer: Gazetteer | None = None) -> ArticleResult:
    """Extract the article's events; pure apart from loading the (cached) lexicons."""
    # Imported here so that reading a store (marsad serve, export) never loads the extractor.
    from marsad.extract import extract_events

    started = time.perf_counter()
    digest = content_hash(article)
    hashed = time.perf_counter()
    events = extract_events(article, gazetteer)
    for event in events:
        event.article_id = article.id
    extracted = time.perf_counter()
    return ArticleResult(
        article=article,
        events=events,
        content_hash=digest,
        timings={"hash": hashed - started, "extract": extracted - hashed},
    )


def extraction_failure(error: Exception) -> str:
    """The reason given for an article whose extraction raised, the same on every backend."""
    return f"extraction failed ({type(error).__name__}: {error})"


def item_name(article: Article) -> str:
    """How a message names an article: the file and line it came from, else its path or id."""
    meta = article.meta
    if "file" in meta and "line" in meta:
        return f"{meta['file']}:{meta['line']}"
    return str(meta.get("path") or article.id)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
