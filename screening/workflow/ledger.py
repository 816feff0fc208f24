"""The ledger: every scan and every sign-off, in one database (先审后发 leaves a record).

SQLite by default (one file, WAL mode, so readers never wait for a writer), or PostgreSQL
for an office that shares one server (`--ledger postgresql://user@host/db`); the same
SQLAlchemy Core code runs on both. Where the ledger is, first match wins: the `--ledger`
option, the environment variable SCREENING_LEDGER, then
`$XDG_DATA_HOME/screening/ledger.sqlite3` (~/.local/share/… when unset).

What is stored is what a report shows: paths, sha256 digests, verdicts, rule ids, masked
previews and fingerprints — never a raw value. Each write is one transaction: a scan with
its findings, a batch of scans (record_scans), or a set of sign-offs, is recorded whole or not at all, so a killed process
leaves the ledger consistent. On SQLite a writer takes the write lock when its transaction
begins (BEGIN IMMEDIATE) and others wait up to `BUSY_SECONDS`: two gates at once both land.

The schema carries its version in `meta`; `MIGRATIONS[n]` takes a ledger from version n to
n + 1, inside one transaction (on PostgreSQL under an advisory lock, so two processes that
open a new ledger at once do not both migrate it).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)

from screening.model import ScanResult
from screening.workflow.location import LEDGER_VARIABLE, default_location

BUSY_SECONDS = 60
SCHEMA_VERSION = 5

metadata = MetaData()
meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))
scans = Table(
    "scans", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scanned_at", String(32), nullable=False),  # ISO 8601 UTC: sorts and groups the same on both databases
    Column("path", Text),
    Column("sha256", String(64)),
    Column("policy_name", String(128), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("category", String(32)),
    Column("error", Text),
    Index("scans_by_sha256", "sha256"),
    Index("scans_by_path", "path"),
)
findings = Table(
    "findings", metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("entity_type", String(64), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("role", String(16)),
    Column("preview", Text, nullable=False),  # masked, as in every report
    Column("location", Text, nullable=False),  # JSON of Location.to_dict()
    Index("findings_by_scan", "scan_id"),
)
signoffs = Table(
    "signoffs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("signed_at", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),  # the exact content signed off (一事一审)
    Column("path", Text),
    Column("fingerprint", String(32), nullable=False),
    Column("entity_type", String(64), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("action", String(16), nullable=False),  # the finding's action when it was signed off
    Column("basis", String(32), nullable=False),
    Column("signed_by", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("policy_name", String(128), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("level", Integer),  # schema 4: the review-chain level it filled (1 = first); NULL before chains
    Column("signer_role", String(16)),  # schema 4: the desk account's role; NULL for a typed --by (CLI, API) and older rows
    Index("signoffs_by_sha256", "sha256"),
    Index("signoffs_by_path", "path"),
)


# --- sweep state (schema version 2; screening.sweeps.sweep_state reads and writes it) ----------------
sweep_runs = Table(
    "sweep_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("status", String(16), nullable=False),  # running | complete | interrupted
    Column("sources", Text, nullable=False),  # JSON list
    Column("as_of", String(10), nullable=False),
    Column("counts", Text),  # JSON
)
sweep_items = Table(
    "sweep_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),  # the swept folder or site, as normalised by the sweep
    Column("key", Text, nullable=False),  # path relative to the folder ("/"-separated), or the URL
    Column("size", BigInteger),
    Column("mtime_ns", BigInteger),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("source_page", Text),  # the page that linked an attachment
    Column("sha256", String(64)),
    Column("policy", String(200)),  # name@version the item was last screened with: a new policy rescreens
    Column("verdict", String(16)),
    Column("category", String(32)),
    Column("error", Text),
    Column("doc_metadata", Text),  # JSON of DocumentMetadata.to_dict()
    Column("open_findings", Text),  # JSON: the review/block findings of the last screening, masked
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="SET NULL")),
    Column("first_seen", String(32), nullable=False),
    Column("checked_at", String(32), nullable=False),
    Column("removed_at", String(32)),
    Column("due_reported", String(10)),  # the clearance due date already reported as newly due
    UniqueConstraint("source", "key", name="sweep_items_source_key"),
)
fragments = Table(
    "fragments", metadata,  # partial identifiers for aggregation risk (screening.sweeps.aggregation): keyed tokens, no digits
    Column("item_id", Integer, ForeignKey("sweep_items.id", ondelete="CASCADE"), nullable=False),
    Column("person_key", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("length", Integer, nullable=False),
    Column("exposed", Text, nullable=False),  # JSON [[position, token], ...]
    Column("pattern", String(64), nullable=False),
    Column("name_hint", Text, nullable=False),
    Index("fragments_by_item", "item_id"),
    Index("fragments_by_person", "person_key"),
)


# --- the review desk (schema version 3; screening.workflow.accounts and .submissions) ----------------
accounts = Table(
    "accounts", metadata,
    Column("name", String(64), primary_key=True),  # what sign-offs record as `signed_by`
    Column("role", String(16), nullable=False),  # author | reviewer | secrecy | approver
    Column("office", String(64), nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id, with its parameters and salt
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", String(32)),
    Column("created_at", String(32), nullable=False),
)
submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submitted_at", String(32), nullable=False),
    Column("submitted_by", String(64), nullable=False),
    Column("office", String(64), nullable=False),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("view", Text, nullable=False),  # JSON: the text with each finding replaced by its masked preview
    Column("complete_under", String(32)),  # schema 4: the review chains (digest) it was found complete under; queues skip it
    Column("revises", Integer),  # schema 5: the submission sent back that this one is the changed draft of
    Index("submissions_by_office", "office"),
)


# --- the desk's second slice (schema version 4): a document's history and its draft ----------------
events = Table(
    "events", metadata,  # what people did at the desk besides sign-offs (those are in `signoffs`)
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("submission_id", Integer, ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),  # the version acted on
    Column("actor", String(64), nullable=False),
    Column("actor_role", String(16), nullable=False),
    Column("kind", String(32), nullable=False),  # see screening.workflow.events.KINDS
    Column("fingerprint", String(32)),
    Column("note", Text, nullable=False, default=""),
    Index("events_by_submission", "submission_id"),
)
drafts = Table(
    "drafts", metadata,  # the uploaded file itself: for the redacted copy and the logged raw-value view
    Column("submission_id", Integer, ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    Column("filename", Text, nullable=False),  # as uploaded (submissions.path is the masked one)
    Column("data", LargeBinary, nullable=False),
)


clearance_tasks = Table(
    "clearance_tasks", metadata,  # 清理任务: a sweep's clearances per office, closed at the desk (screening.sweeps.tasks)
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("key", Text, nullable=False),  # as the sweep's ledger keys it (identifiers in names masked)
    Column("rule", String(64), nullable=False),  # the retention rule (RET-…)
    Column("path", Text, nullable=False),
    Column("owner", String(64)),  # the office that must act (谁公开、谁清理); NULL: not known
    Column("due", String(10), nullable=False),
    Column("urgent", Integer, nullable=False, default=0),
    Column("reason", Text, nullable=False),
    Column("sha256", String(64)),  # the content the sweep last saw
    Column("listed_at", String(32), nullable=False),
    Column("last_run", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # open | closed | resolved (no longer listed by a sweep)
    Column("closed_at", String(32)),
    Column("closed_by", String(64)),
    Column("closing", String(16)),  # withdrawn 撤下 | redacted 已脱敏 | kept 保留并说明理由
    Column("closed_sha256", String(64)),  # the content when it was closed: a sweep that finds it unchanged reopens 撤下/已脱敏
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("source", "key", "rule", name="clearance_tasks_item_rule"),
    Index("clearance_tasks_by_owner", "owner", "status"),
)


def _create_version_1(connection: Connection) -> None:
    metadata.create_all(connection, tables=[scans, findings, signoffs])


def _create_version_2(connection: Connection) -> None:
    metadata.create_all(connection, tables=[sweep_runs, sweep_items, fragments])


def _create_version_3(connection: Connection) -> None:
    metadata.create_all(connection, tables=[accounts, submissions])


def _add_columns(connection: Connection, *columns: Column) -> None:
    for column in columns:
        present = {existing["name"] for existing in inspect(connection).get_columns(column.table.name)}
        if column.name not in present:  # a new ledger made it with its table
            connection.execute(text(f"ALTER TABLE {column.table.name} ADD COLUMN {column.name} {column.type.compile(connection.dialect)}"))


def _create_version_4(connection: Connection) -> None:
    _add_columns(connection, signoffs.c.level, signoffs.c.signer_role, submissions.c.complete_under)
    metadata.create_all(connection, tables=[events, drafts, clearance_tasks])


def _create_version_5(connection: Connection) -> None:
    _add_columns(connection, submissions.c.revises)


# MIGRATIONS[n] upgrades a ledger at schema version n to n + 1. Append; never edit one that shipped.
MIGRATIONS: list[Callable[[Connection], None]] = [
    _create_version_1, _create_version_2, _create_version_3, _create_version_4, _create_version_5,
]
assert len(MIGRATIONS) == SCHEMA_VERSION


def database_url(location: str | Path) -> str:
    """An SQLAlchemy URL for a file path or a database URL (postgresql:// uses psycopg 3)."""
    location = str(location)
    if location.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + location.split("://", 1)[1]
    if "://" in location:
        return location
    Path(location).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(location).expanduser())


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling would start transactions late and deferred;
        # switch it off and begin them ourselves (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        _enter_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; WAL keeps it consistent
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _enter_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database file in WAL mode (it stays so), retrying while another process holds it.

    Switching a fresh file to WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once, without its busy handler, when two new connections race for it (seen in CI:
    two writers opening one new ledger). Once the file is in WAL mode the read-only query returns
    without any lock upgrade."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def insert_scan(connection: Connection, result: ScanResult) -> int:
    """Store one scan with its findings (masked previews, fingerprints) inside `connection`'s
    transaction; returns its id."""
    return insert_scans(connection, [result])[0]


def insert_scans(connection: Connection, results: list[ScanResult]) -> list[int]:
    """Store scans with their findings inside `connection`'s transaction, a statement per table
    (multi-row inserts: a batch costs a few round trips, not a few per scan); returns their ids in order."""
    if not results:
        return []
    now = now_utc()
    scan_ids = [int(scan_id) for scan_id in connection.execute(
        insert(scans).returning(scans.c.id, sort_by_parameter_order=True),
        [{"scanned_at": now, "path": result.path, "sha256": result.sha256, "policy_name": result.policy_name,
          "policy_version": result.policy_version, "verdict": result.verdict, "category": result.category, "error": result.error}
         for result in results],
    ).scalars()]
    rows = [
        {
            "scan_id": scan_id, "fingerprint": finding.fingerprint, "entity_type": finding.entity_type, "rule": finding.rule,
            "action": finding.action, "role": finding.role, "preview": finding.preview,
            "location": json.dumps(finding.location.to_dict(), ensure_ascii=False),
        }
        for scan_id, result in zip(scan_ids, results) for finding in result.findings
    ]
    if rows:
        connection.execute(insert(findings), rows)
    return scan_ids


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SignOff:
    """A recorded decision on one finding of one exact document content."""

    sha256: str
    path: str | None
    fingerprint: str
    entity_type: str
    rule: str
    action: str
    basis: str
    signed_by: str
    note: str
    signed_at: str
    policy_name: str
    policy_version: str
    level: int | None = None  # the review-chain level it filled; None: recorded before chains (counts as a CLI one)
    signer_role: str | None = None  # the desk account's role; None: a typed name (CLI, Python API)


@dataclass(frozen=True)
class ScanRecord:
    """A recorded scan, as `ledger export` reads it."""

    scanned_at: str
    path: str | None
    sha256: str | None
    verdict: str
    category: str | None
    actions: dict[str, int]  # findings per action
    scan_id: int | None = None  # the scans row: the desk's charts count its findings by rule


class Ledger:
    """The scans and sign-offs database. Safe to share between threads of one process."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location

    @classmethod
    def open(cls, location: str | Path | None = None) -> Ledger:
        """Open (creating and migrating when needed) the ledger at `location`: a file path or
        a postgresql:// URL; None means `default_location()`."""
        location = str(location) if location is not None else default_location()
        url = database_url(location)
        engine = _sqlite_engine(url) if url.startswith("sqlite") else create_engine(url, pool_pre_ping=True)
        ledger = cls(engine, location)
        ledger._migrate()
        return ledger

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:  # noqa: PYI034 - Self needs Python 3.11; we support 3.10
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.engine.connect() as connection:
            return self._version(connection)

    @staticmethod
    def _version(connection: Connection) -> int:
        if not connection.dialect.has_table(connection, "meta"):
            return 0
        value = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
        return int(value) if value is not None else 0

    def _migrate(self) -> None:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(727001)"))  # one migrator at a time
            version = self._version(connection)
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"ledger {self.location} has schema version {version}, newer than this screening ({SCHEMA_VERSION}): upgrade screening")
            if version == SCHEMA_VERSION:
                return
            meta.create(connection, checkfirst=True)
            for step in MIGRATIONS[version:]:
                step(connection)
            if version == 0:
                connection.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
            else:
                connection.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))

    # --- writes -------------------------------------------------------------------------

    def record_scan(self, result: ScanResult) -> int:
        """Store one scan with its findings (masked previews, fingerprints); returns its id."""
        return self.record_scans([result])[0]

    def record_scans(self, results: list[ScanResult]) -> list[int]:
        """Store scans in one transaction, all or none (a batch: one commit, not one per scan);
        returns their ids in order."""
        if not results:
            return []
        with self.engine.begin() as connection:
            return insert_scans(connection, results)

    def add_signoffs(self, records: Iterable[SignOff]) -> int:
        """Store sign-offs, all or none; returns how many."""
        rows = [record.__dict__ for record in records]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(insert(signoffs), rows)
        return len(rows)

    # --- reads --------------------------------------------------------------------------

    def signoffs_for(self, sha256: str | None, path: str | None = None) -> list[SignOff]:
        """Sign-offs of this content, and (with `path`) those of earlier contents of that path."""
        condition = signoffs.c.sha256 == sha256
        if path is not None:
            condition = condition | (signoffs.c.path == path)
        with self.engine.connect() as connection:
            rows = connection.execute(select(signoffs).where(condition).order_by(signoffs.c.id)).mappings().all()
        return [SignOff(**{key: row[key] for key in SignOff.__dataclass_fields__}) for row in rows]

    def scan_records(self) -> Iterator[ScanRecord]:
        """Every recorded scan, oldest first, with its findings counted per action."""
        counts = (
            select(findings.c.scan_id, findings.c.action, func.count().label("n"))
            .group_by(findings.c.scan_id, findings.c.action)
            .subquery()
        )
        query = (
            select(scans.c.id, scans.c.scanned_at, scans.c.path, scans.c.sha256, scans.c.verdict, scans.c.category, counts.c.action, counts.c.n)
            .outerjoin(counts, counts.c.scan_id == scans.c.id)
            .order_by(scans.c.id)
        )
        with self.engine.connect() as connection:
            current: ScanRecord | None = None
            current_id = None
            for row in connection.execute(query):
                if row.id != current_id:
                    if current is not None:
                        yield current
                    current_id = row.id
                    current = ScanRecord(row.scanned_at, row.path, row.sha256, row.verdict, row.category, {}, row.id)
                if row.action is not None:
                    current.actions[row.action] = int(row.n)
            if current is not None:
                yield current

    def all_signoffs(self) -> Iterator[SignOff]:
        with self.engine.connect() as connection:
            for row in connection.execute(select(signoffs).order_by(signoffs.c.id)).mappings():
                yield SignOff(**{key: row[key] for key in SignOff.__dataclass_fields__})

    def count(self, table: Table) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(table)).scalar())
