"""Persistence of everything marsad read: articles, event reports, merged events.

One class, :class:`Store`, on SQLAlchemy Core.  A plain path (``marsad.db``) or a
``sqlite:///`` URL opens an embedded SQLite database in WAL mode; a
``postgresql://`` URL opens PostgreSQL (driver: pg8000, BSD-licensed).  The schema is
versioned (:mod:`marsad.store.migrations`): opening an older database upgrades it.

Writing:
    ``add_article(article, events)`` or ``write_result(result)`` store one article
    and its event reports in one transaction (``"stored"``, ``"skipped"`` when the
    same id and content hash is already stored, ``"replaced"`` when the content
    changed); ``merge()`` rebuilds the merged events from every stored report.

Reading (all filters optional, bound parameters only):
    ``query_events(...)``, ``count_events(...)``, ``points(...)`` (id, coordinates,
    type and toll of each located event, for maps), ``get_event(id)``,
    ``get_article(id)``, ``stats(...)``.  Filters: ``date_from``/``date_to``
    (ISO date or :class:`datetime.date`, inclusive), ``country``, ``admin1``,
    ``event_type`` (exact), ``actor`` (substring of actor1 or actor2,
    case-insensitive), ``text`` (substring of location, evidence or actors),
    ``bbox`` ``(min_lon, min_lat, max_lon, max_lat)``, ``min_sources``,
    ``located`` (True: with coordinates; False: without).
"""

from marsad.store.core import ArticleStatus, EventPoint, Store, WriteOutcome

__all__ = ["ArticleStatus", "EventPoint", "Store", "WriteOutcome"]
