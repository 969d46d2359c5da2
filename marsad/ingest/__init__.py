"""Ingestion: what users have (dumps, HTML, JSONL, .gz, folders) → :class:`~marsad.model.Article`.

``read_paths`` is the entry point; ``article_from_record`` reads one JSONL record.
Publication dates are decided honestly (see :mod:`marsad.ingest.dates`).
"""

from marsad.ingest.reader import DEFAULT_MAX_BYTES, read_paths
from marsad.ingest.records import RecordError, article_from_record

__all__ = ["DEFAULT_MAX_BYTES", "RecordError", "article_from_record", "read_paths"]
