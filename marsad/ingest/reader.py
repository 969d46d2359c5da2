"""``read_paths``: files, directories, globs, ``.gz``, JSONL, HTML and text dumps → articles.

A bad item never stops the batch: it becomes an :class:`IngestError` naming the
file (``file:line`` for a JSONL record) with a one-line reason.

JSONL is streamed record by record (the bulk corpus has 14,614 articles), and
``max_bytes`` limits each record line rather than the whole file.  Single-article
files (dumps, HTML) are limited as a whole and are parsed in a first pass, so that
the numeric-date order a source uses can be inferred from all its pages before any
of their dates is decided; they are then yielded in input order.
"""

from __future__ import annotations

import glob
import gzip
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from marsad.ingest.dates import DateOrder, OrderEvidence, resolve_publication_date
from marsad.ingest.decode import NotTextError, decode_bytes
from marsad.ingest.pages import Page, PageError, parse_dump, parse_html
from marsad.ingest.records import RecordError, article_from_record
from marsad.model import Article, IngestError

DEFAULT_MAX_BYTES = 5_000_000
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_HTML_MARKERS = ("<html", "<body", "<head", "<!doctype html", "<article", "<p>", "<div")
_SNIFF_BYTES = 4096
_GLOB_CHARS = frozenset("*?[")


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


#: What a directory walk reads: article formats only, so that a folder's README,
#: images or gold files are passed over.  A file named explicitly is always read.
_ARTICLE_SUFFIXES = _JSONL_SUFFIXES | {".txt", ".html", ".htm", ".xhtml"}


def _files_under(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and not _is_hidden(p, directory) and _inner_suffix(p) in _ARTICLE_SUFFIXES
    )


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Every file the arguments name, in order; an argument naming nothing is an error."""
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            yield from _files_under(path) or [IngestError(str(path), "directory contains no article files")]
        elif path.is_file():
            yield path
        elif _GLOB_CHARS & set(str(argument)):
            matches = sorted(Path(m) for m in glob.glob(str(argument), recursive=True))
            files = [m for m in matches if m.is_file()]
            for match in matches:
                if match.is_dir():
                    files.extend(_files_under(match))
            yield from files or [IngestError(str(argument), "no files match this pattern")]
        else:
            yield IngestError(str(argument), "no such file or directory")


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _inner_suffix(path: Path) -> str:
    """The suffix that says the format: ``.jsonl`` for ``x.jsonl.gz``."""
    name = path.with_suffix("") if is_gzip(path) else path
    return name.suffix.lower()


def open_binary(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if is_gzip(path) else path.open("rb")


def _head(path: Path) -> bytes:
    with open_binary(path) as stream:
        return stream.read(_SNIFF_BYTES)


def _is_jsonl(path: Path, head: bytes) -> bool:
    if _inner_suffix(path) in _JSONL_SUFFIXES:
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _read_limited(path: Path, max_bytes: int) -> bytes:
    if not is_gzip(path) and path.stat().st_size > max_bytes:
        raise PageError(f"file over the size limit ({path.stat().st_size} > {max_bytes} bytes)")
    with open_binary(path) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PageError(f"file over the size limit (more than {max_bytes} bytes uncompressed)")
    return data


def _file_id(path: Path) -> str:
    return (path.with_suffix("") if is_gzip(path) else path).stem


def _read_page(path: Path, max_bytes: int) -> Page:
    """One single-article file; raises PageError / NotTextError / OSError with the reason."""
    data = _read_limited(path, max_bytes)
    if not data.strip():
        raise PageError("empty file")
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise PageError("empty file")
    if text.lstrip("\ufeff \t\r\n").startswith("["):
        raise PageError("a JSON array; marsad reads JSONL (one JSON object a line)")
    head = text[:_SNIFF_BYTES].lstrip("\ufeff \t\r\n").lower()
    is_html = head.startswith("<") and any(marker in head for marker in _HTML_MARKERS)
    page = parse_html(text) if is_html else parse_dump(text)
    page.meta.update(path=str(path), encoding=encoding)
    return page


def read_failure(error: Exception) -> str:
    if isinstance(error, (PageError, NotTextError, RecordError)):
        return str(error)
    if isinstance(error, (gzip.BadGzipFile, zlib.error, EOFError)):
        return f"not a valid gzip file ({error})"
    return f"cannot read ({type(error).__name__}: {error})"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One JSONL line as the reader found it, not yet parsed (parsing may run elsewhere)."""

    file: str
    line: int
    data: bytes


def jsonl_lines(path: Path, max_bytes: int) -> Iterator[RawRecord | IngestError]:
    """The non-blank lines of one JSONL file, unparsed, with the file-level errors and limits."""
    records = 0
    try:
        with open_binary(path) as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                records += 1
                if len(line) > max_bytes:
                    reason = f"record over the size limit ({len(line)} > {max_bytes} bytes)"
                    yield IngestError(f"{path}:{number}", reason)
                    continue
                yield RawRecord(str(path), number, line)
    except (OSError, EOFError, zlib.error) as error:
        yield IngestError(str(path), read_failure(error))
        return
    if records == 0:
        yield IngestError(str(path), "empty file")


@lru_cache(maxsize=64)  # every record of a file names it: a Path per record was a tenth of reading
def _file_name(file: str) -> str:
    return Path(file).name


def record_article(record: RawRecord) -> Article | IngestError:
    """One JSONL line as an article, or the error naming ``file:line``."""
    item = f"{record.file}:{record.line}"
    data = record.data.removeprefix(b"\xef\xbb\xbf") if record.line == 1 else record.data
    try:
        parsed = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return IngestError(item, f"invalid JSON ({error})")
    try:
        article = article_from_record(parsed, default_source=_file_name(record.file))
    except RecordError as error:
        return IngestError(item, str(error))
    article.meta.update(file=record.file, line=record.line)
    return article


def _jsonl_items(path: Path, max_bytes: int) -> Iterator[Article | IngestError]:
    for item in jsonl_lines(path, max_bytes):
        yield record_article(item) if isinstance(item, RawRecord) else item


def _order_group(page: Page, path: Path) -> str:
    """Where numeric-date habits are pooled: the outlet if known, else the directory."""
    return page.outlet or str(path.parent)


def _page_article(page: Page, path: Path, date_order: DateOrder | None, evidence: OrderEvidence,
                  group: str) -> Article:
    published = page.published or resolve_publication_date(
        page.raw_date,
        text=page.text,
        date_order=date_order,
        source_order=evidence.inferred(group),
        time=page.time,
    )
    return Article(
        id=_file_id(path),
        title=page.title,
        text=page.text,
        published=published,
        source=page.outlet or path.name,
        url=page.url,
        meta=page.meta,
    )


def read_paths(
    paths: Iterable[str | Path] | str | Path,
    *,
    date_order: DateOrder | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | IngestError]:
    """Articles from files, directories (recursive), globs and ``.gz``; errors as items.

    ``date_order`` ("dmy", "mdy", "ymd") fixes how ambiguous numeric dates read;
    ``max_bytes`` limits a single-article file (uncompressed) and a JSONL record.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    items: list[Path | IngestError] = list(_expand(paths))
    jsonl_files: set[Path] = set()
    pages: dict[Path, Page | IngestError] = {}
    for item in items:
        if isinstance(item, IngestError) or item in pages or item in jsonl_files:
            continue
        try:
            if _is_jsonl(item, _head(item)):
                jsonl_files.add(item)
            else:
                pages[item] = _read_page(item, max_bytes)
        except (PageError, NotTextError, OSError, EOFError, zlib.error) as error:
            pages[item] = IngestError(str(item), read_failure(error))
    evidence: dict[str, OrderEvidence] = defaultdict(OrderEvidence)
    for path, page in pages.items():
        if isinstance(page, Page) and page.published is None:
            evidence[_order_group(page, path)].add(page.raw_date)
    for item in items:
        if isinstance(item, IngestError):
            yield item
        elif item in jsonl_files:
            yield from _jsonl_items(item, max_bytes)
        else:
            page = pages[item]
            if isinstance(page, IngestError):
                yield page
            else:
                group = _order_group(page, item)
                yield _page_article(page, item, date_order, evidence[group], group)
