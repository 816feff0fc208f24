"""The sweep's memory between runs, kept in the ledger (schema version 2).

Per swept item (a file under a folder, or a URL of a site): what it looked like when last
read (size and mtime, or ETag/Last-Modified, and sha256), which policy read it, its verdict,
category, metadata and open findings (masked), and the partial identifiers it exposes
(`fragments`, as keyed tokens). A re-run compares the walk against this and reads only what
changed, so an unchanged archive costs a stat per file.

Screened items are written in batches (record_many), each batch in one transaction: a sweep
killed half-way has lost at most the batch in hand, never part of one, and the next run (whose start marks the killed
run `interrupted`) reads only what is still unrecorded or changed. `sweep_lock` keeps two
scheduled runs from overlapping: a file lock beside an SQLite ledger, an advisory lock on
PostgreSQL.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, text, update

from screening.sweeps.aggregation import Fragment
from screening.workflow.ledger import (
    Ledger,
    fragments,
    insert_scans,
    meta,
    now_utc,
    sweep_items,
    sweep_runs,
)
from screening.model import ScanResult

SWEEP_LOCK_KEY = 727002  # PostgreSQL advisory lock id of `screening sweep`
FRAGMENT_KEY_ID = "fragment_key_id"
FRAGMENT_KEY_VARIABLE = "SCREENING_FRAGMENT_KEY"


class SweepLocked(RuntimeError):
    """Another sweep holds the ledger's sweep lock."""


class FragmentKeyError(ValueError):
    """$SCREENING_FRAGMENT_KEY is set but unusable."""


@dataclass(frozen=True)
class IndexEntry:
    """The part of an item's state a walk compares against: small, so a large archive's index fits."""

    id: int
    size: int | None
    mtime_ns: int | None
    sha256: str | None
    policy: str | None
    error: bool
    removed: bool


@dataclass
class ItemState:
    """What the ledger remembers of one swept item."""

    id: int
    source: str
    key: str
    size: int | None = None
    mtime_ns: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    source_page: str | None = None
    sha256: str | None = None
    policy: str | None = None
    verdict: str | None = None
    category: str | None = None
    error: str | None = None
    metadata_json: str = "{}"  # decoded on first use: a re-sweep reads most items without needing either
    findings_json: str = "[]"
    first_seen: str = ""
    checked_at: str = ""
    removed_at: str | None = None
    due_reported: str | None = None
    scan_id: int | None = None  # the scan that last recorded it: a new one means it was recorded again

    @cached_property
    def doc_metadata(self) -> dict[str, Any]:
        return json.loads(self.metadata_json or "{}")

    @cached_property
    def open_findings(self) -> list[dict[str, Any]]:
        return json.loads(self.findings_json or "[]")

    @property
    def may_block(self) -> bool:
        """Whether any open finding blocks, without decoding them when none does."""
        return '"block"' in (self.findings_json or "") and any(finding["action"] == "block" for finding in self.open_findings)


@dataclass(frozen=True)
class Observed:
    """How an item looked when it was read: the stat of a file, or the validators of a URL."""

    size: int | None = None
    mtime_ns: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    source_page: str | None = None


@dataclass(frozen=True)
class ItemRecord:
    """One screened item to record: its scan, how it looked, its state before (None: new) and
    its fragments. `open_findings` overrides the result's (an unreadable item keeps those it had)."""

    source: str
    key: str
    result: ScanResult
    observed: Observed
    previous: ItemState | None
    fragments: tuple[Fragment, ...] = ()
    open_findings: list[dict[str, Any]] | None = None


def _state_values(record: ItemRecord, now: str, scan_id: int) -> dict[str, Any]:
    """The sweep_items columns an item's screening sets."""
    result, observed = record.result, record.observed
    return {
        "size": observed.size, "mtime_ns": observed.mtime_ns, "etag": observed.etag, "last_modified": observed.last_modified,
        "source_page": observed.source_page, "sha256": result.sha256,
        "policy": f"{result.policy_name}@{result.policy_version}", "verdict": result.verdict, "category": result.category,
        "error": result.error,
        "doc_metadata": json.dumps(result.metadata.to_dict() if result.metadata else {}, ensure_ascii=False),
        "open_findings": json.dumps(open_findings_of(result) if record.open_findings is None else record.open_findings, ensure_ascii=False),
        "checked_at": now, "removed_at": None, "scan_id": scan_id,
    }


def _item(row) -> ItemState:
    values = dict(row)
    values["metadata_json"] = values.pop("doc_metadata")
    values["findings_json"] = values.pop("open_findings")
    return ItemState(**values)


def open_findings_of(result: ScanResult) -> list[dict[str, Any]]:
    """The findings someone must act on, as the ledger keeps them: masked, with fingerprints."""
    return [
        {"fingerprint": finding.fingerprint, "entity_type": finding.entity_type, "rule": finding.rule, "action": finding.action,
         "role": finding.role, "preview": finding.preview, "location": finding.location.to_dict()}
        for finding in result.findings if finding.action != "allow"
    ]


@contextmanager
def sweep_lock(ledger: Ledger) -> Iterator[None]:
    """Hold the ledger's sweep lock for the duration, or raise SweepLocked at once."""
    if ledger.engine.dialect.name == "postgresql":
        with ledger.engine.connect() as connection:
            locked = connection.execute(text(f"SELECT pg_try_advisory_lock({SWEEP_LOCK_KEY})")).scalar()
            connection.commit()  # a session lock outlives the transaction: do not sit idle in one for the whole sweep
            if not locked:
                raise SweepLocked(f"another sweep is running on ledger {ledger.engine.url.render_as_string(hide_password=True)}")
            try:
                yield
            finally:
                connection.execute(text(f"SELECT pg_advisory_unlock({SWEEP_LOCK_KEY})"))
                connection.commit()
        return
    database = sqlite_file(ledger)
    lock_path = database.with_name(database.name + ".sweep-lock") if database else None
    if lock_path is None:
        yield
        return
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole sweep
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SweepLocked(f"another sweep is running on ledger {ledger.location} (lock {lock_path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock; the file stays, harmless


def sqlite_file(ledger: Ledger) -> Path | None:
    """The SQLite ledger's file with symlinks resolved (None for PostgreSQL or in memory): the
    lock and key files beside it must be the same whichever path reached the ledger."""
    database = ledger.engine.url.database or ""
    if ledger.engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(os.path.realpath(database))


def fragment_key_path(ledger: Ledger) -> Path:
    database = sqlite_file(ledger)
    if database:
        return database.with_name(database.name + ".fragment-key")
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "screening" / f"fragment-key-{hashlib.sha256(ledger.location.encode()).hexdigest()[:12]}"


def _key_from_environment() -> bytes | None:
    value = os.environ.get(FRAGMENT_KEY_VARIABLE, "").strip()
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        raise FragmentKeyError(f"${FRAGMENT_KEY_VARIABLE} must be hex (64 hex digits: `python -c 'import secrets; print(secrets.token_hex(32))'`)") from None
    if len(key) < 16:
        raise FragmentKeyError(f"${FRAGMENT_KEY_VARIABLE} is too short: at least 32 hex digits")
    return key


def _key_from_file(path: Path, stored_id: str | None) -> bytes:
    """The key in `path`, made there on first use; never made anew for a ledger that already
    has a key (its index would be wiped): that is refused until the key is restored."""
    if not path.exists() and stored_id is not None:
        raise FragmentKeyError(
            f"the ledger's fragment key (id {stored_id}) is missing: restore {path} (or set ${FRAGMENT_KEY_VARIABLE} to it); "
            f"to start a new aggregation index on purpose, write a new key there "
            f"(`python -c 'import secrets; print(secrets.token_hex(32))' > {path}; chmod 600 {path}`). "
            f"信息汇聚索引的密钥文件缺失：请恢复该文件；如确需重建索引，请按上述命令写入新密钥。"
        )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
        except FileExistsError:
            pass  # another sweep made it first
    return bytes.fromhex(path.read_text().strip())


class SweepState:
    """Reads and writes the sweep tables of one ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.engine = ledger.engine
        self.fragments_reset = False  # set by fragment_key() when stored fragments had to be dropped

    def fragment_key(self) -> bytes:
        """The secret that keys fragment tokens (screening.sweeps.aggregation), kept *outside* the ledger:
        with it, each stored digit could be recovered in ten guesses. From $SCREENING_FRAGMENT_KEY
        (hex), else a key file made on first use with mode 0600 (beside an SQLite ledger, or in
        the user's data folder for PostgreSQL). The ledger keeps only the key's id: fragments made
        with another key cannot be compared, so they are dropped (and rebuilt as items are re-read)."""
        with self.engine.connect() as connection:
            stored = connection.execute(select(meta.c.value).where(meta.c.key == FRAGMENT_KEY_ID)).scalar()
        key = _key_from_environment() or _key_from_file(fragment_key_path(self.ledger), stored)
        key_id = hashlib.sha256(key).hexdigest()[:16]
        with self.engine.begin() as connection:
            stored = connection.execute(select(meta.c.value).where(meta.c.key == FRAGMENT_KEY_ID)).scalar()
            if stored != key_id:
                connection.execute(delete(fragments))
                connection.execute(delete(meta).where(meta.c.key == FRAGMENT_KEY_ID))
                connection.execute(insert(meta).values(key=FRAGMENT_KEY_ID, value=key_id))
                self.fragments_reset = stored is not None
        return key

    # --- runs -------------------------------------------------------------------------------

    def begin_run(self, sources: list[str], as_of: str) -> tuple[int, int]:
        """Start a run; returns its id and how many earlier runs were found killed (now `interrupted`)."""
        with self.engine.begin() as connection:
            killed = connection.execute(
                update(sweep_runs).where(sweep_runs.c.status == "running").values(status="interrupted")
            ).rowcount
            run_id = connection.execute(
                insert(sweep_runs).values(started_at=now_utc(), status="running", sources=json.dumps(sources, ensure_ascii=False), as_of=as_of)
            ).inserted_primary_key[0]
        return int(run_id), int(killed or 0)

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(sweep_runs).where(sweep_runs.c.id == run_id).values(finished_at=now_utc(), status="complete", counts=json.dumps(counts))
            )

    # --- items ------------------------------------------------------------------------------

    def items(self, source: str) -> dict[str, ItemState]:
        """Every item ever seen under `source`, removed ones included, by key (sites: bounded by the page cap)."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(sweep_items).where(sweep_items.c.source == source)).mappings().all()
        return {row["key"]: _item(row) for row in rows}

    def index(self, source: str) -> dict[str, IndexEntry]:
        """What a folder walk compares against, by key: ids, stats, digests — no findings or metadata."""
        columns = sweep_items.c
        query = select(columns.key, columns.id, columns.size, columns.mtime_ns, columns.sha256, columns.policy,
                       columns.error.is_not(None), columns.removed_at.is_not(None)).where(columns.source == source)
        with self.engine.connect() as connection:
            return {row[0]: IndexEntry(*row[1:]) for row in connection.execute(query)}

    def item_by_key(self, source: str, key: str) -> ItemState | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(sweep_items).where(sweep_items.c.source == source, sweep_items.c.key == key)).mappings().first()
        return _item(row) if row else None

    def item(self, item_id: int) -> ItemState:
        with self.engine.connect() as connection:
            return _item(connection.execute(select(sweep_items).where(sweep_items.c.id == item_id)).mappings().one())

    def live_items(self, source: str, batch: int = 500) -> Iterator[ItemState]:
        """The items still online under `source`, in batches of `batch`, each read in its own short
        transaction: memory stays bounded on any archive, and no lock is held while the caller works."""
        last_id = 0
        while True:
            query = (select(sweep_items)
                     .where(sweep_items.c.source == source, sweep_items.c.removed_at.is_(None), sweep_items.c.id > last_id)
                     .order_by(sweep_items.c.id).limit(batch))
            with self.engine.connect() as connection:
                rows = connection.execute(query).mappings().all()
            if not rows:
                return
            yield from (_item(row) for row in rows)
            last_id = rows[-1]["id"]

    def record(
        self, source: str, key: str, result: ScanResult, observed: Observed, previous: ItemState | None,
        item_fragments: Iterable[Fragment] = (), open_findings: list[dict[str, Any]] | None = None,
    ) -> ItemState:
        """Store one screened item in its own transaction (record_many of one)."""
        return self.record_many([ItemRecord(source, key, result, observed, previous, tuple(item_fragments), open_findings)])[0]

    def record_many(self, records: list[ItemRecord]) -> list[ItemState]:
        """Store screened items — each one's scan, new state and fragments — all in one transaction,
        with multi-row inserts: a batch is recorded whole or not at all (a killed writer leaves none
        of it), and costs one commit and a few statements instead of both per item. Returns the
        items' new states, in order."""
        if not records:
            return []
        now = now_utc()
        with self.engine.begin() as connection:
            scan_ids = insert_scans(connection, [record.result for record in records])
            values = [_state_values(record, now, scan_id) for record, scan_id in zip(records, scan_ids)]
            new = [index for index, record in enumerate(records) if record.previous is None]
            item_ids = [record.previous.id if record.previous else 0 for record in records]
            if new:
                inserted = connection.execute(
                    insert(sweep_items).returning(sweep_items.c.id, sort_by_parameter_order=True),
                    [{"source": records[i].source, "key": records[i].key, "first_seen": now, **values[i]} for i in new])
                for index, item_id in zip(new, inserted.scalars()):
                    item_ids[index] = int(item_id)
            for record, item_values in zip(records, values):
                if record.previous is not None:
                    connection.execute(update(sweep_items).where(sweep_items.c.id == record.previous.id).values(**item_values))
            # A re-read item's fragments are replaced (an unreadable one keeps them).
            reread = [record.previous.id for record in records if record.previous is not None and record.open_findings is None]
            if reread:
                connection.execute(delete(fragments).where(fragments.c.item_id.in_(reread)))
            rows = [
                {"item_id": item_id, "person_key": fragment.person_key, "kind": fragment.kind, "length": fragment.length,
                 "exposed": json.dumps([list(pair) for pair in fragment.exposed]), "pattern": fragment.pattern,
                 "name_hint": fragment.name_hint}
                for item_id, record in zip(item_ids, records) for fragment in record.fragments
            ]
            if rows:
                connection.execute(insert(fragments), rows)
        return [
            ItemState(id=item_id, source=record.source, key=record.key,
                      first_seen=record.previous.first_seen if record.previous else now,
                      due_reported=record.previous.due_reported if record.previous else None,
                      metadata_json=item_values["doc_metadata"], findings_json=item_values["open_findings"],
                      **{name: value for name, value in item_values.items() if name not in ("doc_metadata", "open_findings")})
            for item_id, record, item_values in zip(item_ids, records, values)
        ]

    def touch(self, item: ItemState, observed: Observed) -> None:
        """Same content, new stat or validators (a copied or re-saved file): remember them, read nothing."""
        with self.engine.begin() as connection:
            connection.execute(
                update(sweep_items).where(sweep_items.c.id == item.id).values(
                    size=observed.size, mtime_ns=observed.mtime_ns, etag=observed.etag, last_modified=observed.last_modified,
                    removed_at=None,
                )
            )

    def touch_id(self, item_id: int, observed: Observed) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(sweep_items).where(sweep_items.c.id == item_id).values(
                size=observed.size, mtime_ns=observed.mtime_ns, removed_at=None))

    def mark_removed(self, items: Iterable[ItemState]) -> None:
        ids = [item.id for item in items]
        if ids:
            with self.engine.begin() as connection:
                for start in range(0, len(ids), 500):
                    connection.execute(
                        update(sweep_items).where(sweep_items.c.id.in_(ids[start:start + 500])).values(removed_at=now_utc())
                    )

    def mark_due_reported(self, reported: Iterable[tuple[ItemState, str]]) -> None:
        with self.engine.begin() as connection:
            for item, due in reported:
                connection.execute(update(sweep_items).where(sweep_items.c.id == item.id).values(due_reported=due))

    def live_fragments(self, sources: list[str]) -> list[Fragment]:
        """The fragments of every item still online under `sources`; `document` is the item's key."""
        query = (
            select(sweep_items.c.source, sweep_items.c.key, fragments)
            .join(fragments, fragments.c.item_id == sweep_items.c.id)
            .where(sweep_items.c.source.in_(sources), sweep_items.c.removed_at.is_(None))
        )
        with self.engine.connect() as connection:
            return [
                Fragment(document=row.key, person_key=row.person_key, kind=row.kind, length=row.length,
                         exposed=tuple((int(position), str(token)) for position, token in json.loads(row.exposed)),
                         pattern=row.pattern, name_hint=row.name_hint)
                for row in connection.execute(query)
            ]
