"""The schema as an ordered list of migrations: the database's history is its schema.

Each migration is frozen once released: a schema change is a NEW migration
appended to :data:`MIGRATIONS`, never an edit of an old one, so that any older
database reaches today's schema by running the migrations it has not seen.  The
store reflects the tables after migrating, so the migrations are the only
definition of the schema.  The applied version is kept in ``marsad_schema``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer marsad than this one."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _event_columns() -> list[sa.Column]:
    """The coded fields shared by reports and merged events (guide §2 plus extras)."""
    return [
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("country", sa.String(64)),
        sa.Column("admin1", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("location_ar", sa.Text),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("injured", sa.Integer),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
    ]


def _create_v1(conn: Connection) -> None:
    metadata = sa.MetaData()
    sa.Table(
        "articles",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("published_precision", sa.String(16), nullable=False),
        sa.Column("published_reason", sa.Text, nullable=False),
        sa.Column("published_raw", sa.Text),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "reports",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),  # "<article id>#<ordinal>"
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        *_event_columns(),
        sa.Column("plover_event", sa.String(64)),
        sa.Column("plover_mode", sa.String(64)),
        sa.Column("spans", sa.JSON, nullable=False),
        sa.UniqueConstraint("article_id", "ordinal"),
    )
    sa.Table(
        "events",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        *_event_columns(),
        sa.Column("fatalities_best", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("source_urls", sa.JSON, nullable=False),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("first_published", sa.Date),
        sa.Column("last_published", sa.Date),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "event_reports",
        metadata,
        sa.Column(
            "event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    )
    metadata.create_all(conn)


def _index_v2(conn: Connection) -> None:
    """Indexes for the lookups the store makes on every write and every filtered query."""
    metadata = sa.MetaData()
    metadata.reflect(conn, only=["reports", "events", "event_reports"])
    reports, events, links = (metadata.tables[n] for n in ("reports", "events", "event_reports"))
    for index in (
        sa.Index("ix_reports_article_id", reports.c.article_id),
        sa.Index("ix_event_reports_report_id", links.c.report_id),
        sa.Index("ix_events_event_date", events.c.event_date),
        sa.Index("ix_events_country_admin1", events.c.country, events.c.admin1),
        sa.Index("ix_events_event_type", events.c.event_type),
    ):
        index.create(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, event reports, merged events and their links", _create_v1),
    Migration(2, "indexes for article lookups and event filters", _index_v2),
)
LATEST_VERSION = MIGRATIONS[-1].version

_VERSION_TABLE = sa.Table("marsad_schema", sa.MetaData(), sa.Column("version", sa.Integer, nullable=False))


def schema_version(conn: Connection) -> int:
    """The applied schema version (0 for an empty database)."""
    if not sa.inspect(conn).has_table(_VERSION_TABLE.name):
        return 0
    return conn.execute(sa.select(sa.func.max(_VERSION_TABLE.c.version))).scalar() or 0


def upgrade(conn: Connection, target: int = LATEST_VERSION) -> int:
    """Apply the pending migrations up to ``target`` inside the caller's transaction.

    The caller holds the write lock (``BEGIN IMMEDIATE`` on SQLite, a table lock on
    PostgreSQL), so two processes opening one new database cannot both migrate it.
    Returns the version reached.
    """
    _VERSION_TABLE.create(conn, checkfirst=True)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("LOCK TABLE marsad_schema IN EXCLUSIVE MODE"))
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this marsad's ({LATEST_VERSION}): "
            "upgrade marsad"
        )
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            migration.apply(conn)
            conn.execute(sa.delete(_VERSION_TABLE))
            conn.execute(sa.insert(_VERSION_TABLE).values(version=migration.version))
            current = migration.version
    return current
