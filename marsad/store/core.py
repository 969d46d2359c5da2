"""The :class:`Store`: SQLAlchemy Core over SQLite (default) or PostgreSQL.

Tables (see :mod:`marsad.store.migrations`): ``articles`` (everything read, with
its content hash), ``reports`` (one row per event an article reports, id
``<article id>#<ordinal>``), ``events`` (merged incidents) and ``event_reports``
(which reports make up which event).  Every article is written in its own
transaction, so an interrupted ingest loses nothing it had committed; merged
events are rebuilt by :meth:`Store.merge` in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple, Self

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from marsad.merge import MergedEvent, merge_reports
from marsad.model import GUIDE_FIELDS, Article, Event, Span
from marsad.pipeline import ArticleResult
from marsad.pipeline import content_hash as article_content_hash
from marsad.store.migrations import upgrade

WriteOutcome = Literal["stored", "skipped", "replaced"]
ArticleStatus = Literal["new", "same", "changed"]
#: A date filter: a :class:`date` or its ISO form.
DateLike = date | str

#: Execution option that makes the SQLite ``begin`` hook take the write lock at once.
_WRITE_OPTION = "marsad_write"
#: Rows per INSERT statement when rebuilding merged events.
_BATCH = 1000
#: Ids per lookup of stored hashes (well under SQLite's limit of bound parameters).
_LOOKUP_BATCH = 500
#: Merged-event columns a caller may sort by (prefix ``-`` for descending).
_SORTABLE = ("event_date", "fatalities", "sources", "confidence", "country", "id")
#: Keys of a merged event dict after the guide's fields, in order.
_EVENT_EXTRAS = (
    "sources",
    "source_urls",
    "outlets",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "confidence",
    "latitude",
    "longitude",
    "first_published",
    "last_published",
    "merged_at",
)


class EventPoint(NamedTuple):
    """What a map needs of one located merged event (see :meth:`Store.points`)."""

    id: str
    latitude: float
    longitude: float
    event_type: str
    fatalities: int


def database_url(url: str) -> str:
    """SQLAlchemy URL for what a user typed: a path is SQLite, ``postgresql://`` uses pg8000."""
    if url in (":memory:", "sqlite://"):
        return "sqlite://"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+pg8000://{rest}"
    return url


def _create_engine(url: str) -> Engine:
    real_url = database_url(url)
    if not real_url.startswith("sqlite"):
        return sa.create_engine(real_url, pool_pre_ping=True)
    if real_url == "sqlite://":  # one in-memory database shared by every use of this engine
        engine = sa.create_engine(
            real_url, poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = sa.create_engine(real_url)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's implicit BEGIN neither covers DDL nor lets a writer take the lock up
        # front; transactions are begun explicitly by the hook below instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers (marsad serve) never block the writer; NORMAL sync is durable
        # against a killed process, which is what an interrupted ingest needs.
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=60000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer that began deferred could fail to upgrade its lock while another
        # writer commits; IMMEDIATE waits (busy_timeout) for the lock instead.
        write = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def status_of(stored_hash: str | None, content_hash: str) -> ArticleStatus:
    """An article's status given the hash the store holds for its id (None: not stored)."""
    if stored_hash is None:
        return "new"
    return "same" if stored_hash == content_hash else "changed"


def _insert_if_absent(dialect: str, table: sa.Table) -> sa.Insert:
    """``INSERT`` that does nothing when the primary key is taken (rowcount 0 instead of 1)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing(index_elements=[table.c.id])


def _as_date(value: DateLike | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json_safe(value: Any) -> Any:
    """Article metadata as plain JSON (dates and paths become strings)."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


class Store:
    """Articles, event reports and merged events in one database; see :mod:`marsad.store`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = _create_engine(url)
        with self._writing() as conn:
            upgrade(conn)
        metadata = sa.MetaData()
        metadata.reflect(self._engine, only=["articles", "reports", "events", "event_reports"])
        self._articles = metadata.tables["articles"]
        self._reports = metadata.tables["reports"]
        self._events = metadata.tables["events"]
        self._links = metadata.tables["event_reports"]
        self._insert_new_article = _insert_if_absent(self._engine.dialect.name, self._articles)
        # Event fields that have a reports column (new Event fields are stored once a
        # migration adds their column).
        self._report_fields = tuple(
            column.name
            for column in self._reports.columns
            if column.name in Event.__dataclass_fields__ and column.name not in ("spans", "article_id")
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        with self._engine.connect() as conn:
            conn.execution_options(**{_WRITE_OPTION: True})
            with conn.begin():
                yield conn

    # ----------------------------------------------------------------- writing

    def article_status(self, article_id: str, content_hash: str) -> ArticleStatus:
        """Whether an article is ``new``, stored with the ``same`` hash, or ``changed``."""
        return status_of(self.stored_hashes([article_id]).get(article_id), content_hash)

    def stored_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The stored content hash of each of ``article_ids`` the store holds.

        One query per :data:`_LOOKUP_BATCH` ids: the reader asks for a chunk of
        articles at once instead of making one round-trip per article.
        """
        ids = list(dict.fromkeys(article_ids))
        column = self._articles.c
        hashes: dict[str, str] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(ids), _LOOKUP_BATCH):
                query = sa.select(column.id, column.content_hash).where(
                    column.id.in_(ids[start : start + _LOOKUP_BATCH])
                )
                hashes.update((article_id, digest) for article_id, digest in conn.execute(query))
        return hashes

    def write_result(self, result: ArticleResult) -> WriteOutcome:
        """Store the output of :func:`marsad.pipeline.process_article` (one transaction)."""
        return self.add_article(result.article, result.events, content_hash=result.content_hash)

    def add_article(
        self, article: Article, events: Sequence[Event], *, content_hash: str | None = None
    ) -> WriteOutcome:
        """Store an article and its event reports atomically.

        ``skipped``: already stored with the same content hash; ``replaced``: stored
        with another hash, its reports replaced by these; ``stored``: new.
        """
        digest = content_hash or article_content_hash(article)
        articles, reports = self._articles, self._reports
        row = self._article_row(article, digest)
        with self._writing() as conn:
            # Nearly every article written is new (the reader skipped the stored
            # ones): try the insert first, so a new article costs one statement
            # instead of a lookup and an insert.
            if conn.execute(self._insert_new_article, row).rowcount == 1:
                outcome: WriteOutcome = "stored"
            else:
                stored_hash = conn.execute(
                    sa.select(articles.c.content_hash).where(articles.c.id == article.id)
                ).scalar()
                if stored_hash == digest:
                    return "skipped"
                # Links to merged events go with the reports (ON DELETE CASCADE); the
                # events themselves are rebuilt by the next merge().
                conn.execute(sa.delete(reports).where(reports.c.article_id == article.id))
                conn.execute(sa.update(articles).where(articles.c.id == article.id).values(row))
                outcome = "replaced"
            report_rows = [
                self._report_row(article.id, ordinal, event) for ordinal, event in enumerate(events)
            ]
            if report_rows:
                conn.execute(sa.insert(reports), report_rows)
        return outcome

    @staticmethod
    def _article_row(article: Article, digest: str) -> dict[str, Any]:
        return {
            "id": article.id,
            "content_hash": digest,
            "title": article.title,
            "text": article.text,
            "url": article.url,
            "outlet": article.source,
            "published": article.published.value,
            "published_precision": article.published.precision.value,
            "published_reason": article.published.reason,
            "published_raw": article.published.raw,
            "meta": _json_safe(article.meta),
            "ingested_at": datetime.now(UTC),
        }

    def _report_row(self, article_id: str, ordinal: int, event: Event) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": f"{article_id}#{ordinal}",
            "article_id": article_id,
            "ordinal": ordinal,
            "spans": {name: span.to_dict() for name, span in event.spans.items()},
        }
        row.update({name: getattr(event, name) for name in self._report_fields})
        return row

    def _event_from_report(self, row: Mapping[str, Any]) -> Event:
        values = {name: row[name] for name in self._report_fields}
        spans = {name: Span.from_dict(span) for name, span in (row["spans"] or {}).items()}
        return Event(**values, spans=spans, article_id=row["article_id"])

    def merge(self) -> int:
        """Rebuild every merged event from the stored reports; returns the event count.

        Deterministic: the same reports give the same events with the same ids.
        """
        reports, articles = self._reports, self._articles
        with self._writing() as conn:
            rows = conn.execute(
                sa.select(reports, articles.c.published, articles.c.url, articles.c.outlet).join(
                    articles, articles.c.id == reports.c.article_id
                )
            ).mappings()
            source_of: dict[int, Mapping[str, Any]] = {}
            events: list[Event] = []
            for row in rows:
                event = self._event_from_report(row)
                source_of[id(event)] = row  # merge returns these same objects
                events.append(event)
            merged = merge_reports(events)
            merged_at = datetime.now(UTC)
            event_rows: list[dict[str, Any]] = []
            link_rows: list[dict[str, str]] = []
            for incident in merged:
                sources = sorted(
                    (source_of[id(report)] for report in incident.reports),
                    key=lambda s: (s["published"] or date.max, s["article_id"], s["ordinal"]),
                )
                event_rows.append(self._merged_row(incident, sources, merged_at))
                link_rows.extend({"event_id": incident.id, "report_id": s["id"]} for s in sources)
            conn.execute(sa.delete(self._links))
            conn.execute(sa.delete(self._events))
            for table, table_rows in ((self._events, event_rows), (self._links, link_rows)):
                for start in range(0, len(table_rows), _BATCH):
                    conn.execute(sa.insert(table), table_rows[start : start + _BATCH])
        return len(merged)

    @staticmethod
    def _merged_row(
        incident: MergedEvent, sources: list[Mapping[str, Any]], merged_at: datetime
    ) -> dict[str, Any]:
        row = {
            name: getattr(incident, name) for name in MergedEvent.__dataclass_fields__ if name != "reports"
        }
        published = [s["published"] for s in sources if s["published"] is not None]
        row.update(
            sources=len(sources),
            source_urls=list(dict.fromkeys(s["url"] for s in sources if s["url"])),
            outlets=list(dict.fromkeys(s["outlet"] for s in sources if s["outlet"])),
            first_published=min(published, default=None),
            last_published=max(published, default=None),
            merged_at=merged_at,
        )
        return row

    # ----------------------------------------------------------------- reading

    def _conditions(
        self,
        *,
        date_from: DateLike | None = None,
        date_to: DateLike | None = None,
        country: str | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
        actor: str | None = None,
        text: str | None = None,
        bbox: Sequence[float] | None = None,
        min_sources: int | None = None,
        located: bool | None = None,
    ) -> list[sa.ColumnElement[bool]]:
        """WHERE clauses for the event filters (every value a bound parameter).

        The one definition of every filter that the reading methods take as ``**filters``.
        """
        events = self._events
        conditions: list[sa.ColumnElement[bool]] = []
        if (start := _as_date(date_from)) is not None:
            conditions.append(events.c.event_date >= start)
        if (end := _as_date(date_to)) is not None:
            conditions.append(events.c.event_date <= end)
        if country:
            conditions.append(sa.func.lower(events.c.country) == country.lower())
        if admin1:
            conditions.append(sa.func.lower(events.c.admin1) == admin1.lower())
        if event_type:
            conditions.append(events.c.event_type == event_type)
        if actor:
            conditions.append(
                sa.or_(
                    *(
                        sa.func.lower(c).contains(actor.lower(), autoescape=True)
                        for c in (events.c.actor1, events.c.actor2)
                    )
                )
            )
        if text:
            searched = (
                events.c.location,
                events.c.location_ar,
                events.c.admin1,
                events.c.evidence,
                events.c.actor1,
                events.c.actor2,
            )
            conditions.append(
                sa.or_(*(sa.func.lower(c).contains(text.lower(), autoescape=True) for c in searched))
            )
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = bbox
            conditions.append(events.c.latitude.between(min_lat, max_lat))
            if min_lon <= max_lon:
                conditions.append(events.c.longitude.between(min_lon, max_lon))
            else:  # a box across the antimeridian
                conditions.append(sa.or_(events.c.longitude >= min_lon, events.c.longitude <= max_lon))
        if min_sources is not None:
            conditions.append(events.c.sources >= min_sources)
        if located:
            conditions += [events.c.latitude.is_not(None), events.c.longitude.is_not(None)]
        elif located is not None:
            conditions.append(sa.or_(events.c.latitude.is_(None), events.c.longitude.is_(None)))
        return conditions

    def _order_by(self, sort: str) -> list[sa.UnaryExpression]:
        name = sort.removeprefix("-")
        if name not in _SORTABLE:
            raise ValueError(
                f"cannot sort by {sort!r}; choose one of {', '.join(_SORTABLE)} (prefix - to reverse)"
            )
        column = self._events.c[name]
        primary = column.desc() if sort.startswith("-") else column.asc()
        # NULLs last either way, and id as the tie-break so pages never overlap.
        return [column.is_(None).asc(), primary, self._events.c.id.asc()]

    def _event_dict(self, row: Mapping[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": row["id"]}
        data.update({name: row[name] for name in GUIDE_FIELDS})
        data.update({name: row[name] for name in _EVENT_EXTRAS})
        for name in ("event_date", "first_published", "last_published", "merged_at"):
            data[name] = _iso(data[name])
        return data

    def query_events(
        self, *, limit: int | None = 100, offset: int = 0, sort: str = "-event_date", **filters: Any
    ) -> list[dict[str, Any]]:
        """Merged events matching every given filter, as dicts (``limit=None``: all).

        ``filters`` are those listed in :mod:`marsad.store`;
        ``sort`` is a column of :data:`_SORTABLE`, prefixed ``-`` for descending.
        """
        conditions = self._conditions(**filters)
        query = sa.select(self._events).where(*conditions).order_by(*self._order_by(sort)).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            return [self._event_dict(row) for row in conn.execute(query).mappings()]

    def count_events(self, **filters: Any) -> int:
        """How many merged events match the filters of :meth:`query_events`."""
        query = sa.select(sa.func.count()).select_from(self._events).where(*self._conditions(**filters))
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def points(self, **filters: Any) -> list[EventPoint]:
        """The located merged events matching the filters, as light :class:`EventPoint` tuples.

        For maps and other aggregations over every matching event: it reads five
        columns instead of building a full dict per event as :meth:`query_events`
        does (which takes seconds for 100,000 events).  Events without coordinates
        are left out (count them with ``count_events(located=False)``); the order
        is unspecified.
        """
        events = self._events
        query = sa.select(*(events.c[name] for name in EventPoint._fields)).where(
            *self._conditions(**{**filters, "located": True})
        )
        with self._engine.connect() as conn:
            return [EventPoint._make(row) for row in conn.execute(query)]

    def _source_reports(self, conn: Connection, event_id: str) -> list[dict[str, Any]]:
        reports, articles, links = self._reports, self._articles, self._links
        query = (
            sa.select(reports, articles.c.title, articles.c.url, articles.c.outlet, articles.c.published)
            .join(links, links.c.report_id == reports.c.id)
            .join(articles, articles.c.id == reports.c.article_id)
            .where(links.c.event_id == event_id)
            .order_by(
                articles.c.published.is_(None), articles.c.published, reports.c.article_id, reports.c.ordinal
            )
        )
        result = []
        for row in conn.execute(query).mappings():
            source = {
                "report_id": row["id"],
                "article_id": row["article_id"],
                "title": row["title"],
                "url": row["url"],
                "outlet": row["outlet"],
                "published": _iso(row["published"]),
            }
            source.update(self._report_dict(row))
            result.append(source)
        return result

    def _report_dict(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A stored report in :meth:`Event.to_dict` form (guide fields first, spans included)."""
        data = self._event_from_report(row).to_dict()
        data.pop("article_id")
        return data

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One merged event with ``reports``: every source article and what it reported.

        Each report dict has ``report_id``, ``article_id``, ``title``, ``url``,
        ``outlet``, ``published``, the report's coded fields and its evidence ``spans``.
        """
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(self._events).where(self._events.c.id == event_id)).mappings().first()
            )
            if row is None:
                return None
            event = self._event_dict(row)
            event["reports"] = self._source_reports(conn, event_id)
        return event

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """A stored article (text, title, date, ...) with its ``reports`` and their spans.

        Each report carries ``report_id`` and ``event_id`` (the merged event it belongs
        to, ``None`` before the next merge).
        """
        articles, reports, links = self._articles, self._reports, self._links
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            article = dict(row)
            for name in ("published", "ingested_at"):
                article[name] = _iso(article[name])
            query = (
                sa.select(reports, links.c.event_id)
                .outerjoin(links, links.c.report_id == reports.c.id)
                .where(reports.c.article_id == article_id)
                .order_by(reports.c.ordinal)
            )
            article["reports"] = [
                {"report_id": r["id"], "event_id": r["event_id"], **self._report_dict(r)}
                for r in conn.execute(query).mappings()
            ]
        return article

    def stats(self, **filters: Any) -> dict[str, Any]:
        """Counts of the matching merged events: ``events``, ``fatalities`` (sum),
        ``by_day`` (ISO date → count, in date order), ``by_event_type``, ``by_country``."""
        events = self._events
        conditions = self._conditions(**filters)
        count = sa.func.count().label("n")
        with self._engine.connect() as conn:
            totals = conn.execute(
                sa.select(count, sa.func.coalesce(sa.func.sum(events.c.fatalities), 0)).where(*conditions)
            ).one()

            def grouped(column: sa.Column) -> list[sa.Row]:
                query = sa.select(column, count).where(*conditions).group_by(column).order_by(column)
                return list(conn.execute(query))

            by_day = {_iso(day): n for day, n in grouped(events.c.event_date) if day is not None}
            by_type = {kind: n for kind, n in grouped(events.c.event_type)}
            by_country = {country or "": n for country, n in grouped(events.c.country)}
        return {
            "events": int(totals[0]),
            "fatalities": int(totals[1]),
            "by_day": by_day,
            "by_event_type": by_type,
            "by_country": by_country,
        }

    def table_counts(self) -> dict[str, int]:
        """Rows in each table: ``articles``, ``reports``, ``events``, ``event_reports``."""
        with self._engine.connect() as conn:
            return {
                table.name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)
                for table in (self._articles, self._reports, self._events, self._links)
            }
