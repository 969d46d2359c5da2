"""JSONL records (``id/title/date/url/text``, the format of the shared corpora) to articles."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from marsad.ingest.dates import record_date
from marsad.ingest.debris import clean_text
from marsad.model import Article

# Corpus id conventions that name the outlet: ANT ids carry a two-letter outlet
# code («ant-FR-middleEast-9-…» is France24), SNN ids are all from one crawl.
_OUTLET_IDS: tuple[re.Pattern[str], ...] = (
    re.compile(r"ant-(?P<outlet>[A-Za-z0-9]+)-"),
    re.compile(r"(?P<outlet>snn)-"),
)
_PROVENANCE_KEYS = ("source_repo", "source_path")


class RecordError(ValueError):
    """A record that cannot become an article (one-line reason)."""


def _outlet_from_id(record_id: str) -> str | None:
    for pattern in _OUTLET_IDS:
        match = pattern.match(record_id)
        if match:
            return match["outlet"]
    return None


def _text_field(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def article_from_record(record: dict[str, Any], *, default_source: str = "") -> Article:
    """One JSONL record as an :class:`Article`; raises :class:`RecordError` when unusable.

    The record's ``id`` is kept (an id is derived from the text when absent), ``date``
    becomes the publication date, ``text`` is cleaned of page debris, ``source`` is
    the record's ``source`` key, else the outlet named by the id, else
    ``default_source`` (the reader passes the file name).
    """
    if not isinstance(record, dict):
        raise RecordError("not a JSON object")
    raw_text = record.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise RecordError("record has no text")
    text = clean_text(raw_text)
    if not text:
        raise RecordError("no article text after removing page debris")
    record_id = _text_field(record, "id") or "sha1-" + hashlib.sha1(raw_text.encode("utf-8")).hexdigest()[:16]
    source = _text_field(record, "source") or _outlet_from_id(record_id) or default_source
    meta = {key: record[key] for key in _PROVENANCE_KEYS if key in record}
    return Article(
        id=record_id,
        title=_text_field(record, "title"),
        text=text,
        published=record_date(record.get("date"), text=text),
        source=source,
        url=_text_field(record, "url") or None,
        meta=meta,
    )
