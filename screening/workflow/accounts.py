"""Accounts of the review desk (审核台): who may sign in, in which role, for which office.

A sign-off's `signed_by` is the signed-in account's name, so names are unique and never
typed at sign-off time. Passwords are hashed with argon2id (argon2-cffi's defaults, which
follow RFC 9106); the hash carries its own salt and parameters, so stronger defaults in a
later argon2-cffi re-hash old passwords at their next sign-in. After `MAX_FAILURES` wrong
passwords in a row an account is locked for `LOCK_MINUTES`: a guessing attack gets a few
tries an hour, a person who mistyped waits a quarter of an hour.

>>> role_label("secrecy")
'保密审查员'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update

from screening.workflow.ledger import Ledger, accounts, now_utc
from screening.workflow.roles import ROLES, SIGNING_ROLES, role_label  # noqa: F401 - role_label: re-exported

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the name is unknown, so a wrong name takes as long as a wrong password
    (made on first use: hashing costs ~0.1 s, which importing this module must not)."""
    return _hasher.hash("not-a-password")


class AccountError(ValueError):
    """An account request that cannot be done; the message says why."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    office: str
    created_at: str
    locked_until: str | None = None

    @property
    def may_sign_off(self) -> bool:
        return self.role in SIGNING_ROLES


def add_account(ledger: Ledger, name: str, role: str, office: str, password: str) -> Account:
    """Create an account. Raises AccountError for a taken name, an unknown role or a short password."""
    name, office = name.strip(), office.strip()
    if not name or not office:
        raise AccountError("an account needs a name and an office")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    if find_account(ledger, name) is not None:
        raise AccountError(f"there is already an account named {name}")
    account = Account(name, role, office, now_utc())
    with ledger.engine.begin() as connection:
        connection.execute(insert(accounts).values(
            name=name, role=role, office=office, password_hash=_hasher.hash(password), failed_logins=0, created_at=account.created_at,
        ))
    return account


def _account(row) -> Account:
    return Account(row.name, row.role, row.office, row.created_at, row.locked_until)


def find_account(ledger: Ledger, name: str) -> Account | None:
    with ledger.engine.connect() as connection:
        row = connection.execute(select(accounts).where(accounts.c.name == name)).first()
    return _account(row) if row else None


def office_has_accounts(ledger: Ledger, office: str) -> bool:
    """Whether any desk account belongs to `office` (a queue somebody sees)."""
    with ledger.engine.connect() as connection:
        return connection.execute(select(accounts.c.name).where(accounts.c.office == office).limit(1)).first() is not None


def list_accounts(ledger: Ledger) -> list[Account]:
    with ledger.engine.connect() as connection:
        rows = connection.execute(select(accounts).order_by(accounts.c.office, accounts.c.name)).all()
    return [_account(row) for row in rows]


def authenticate(ledger: Ledger, name: str, password: str, now: datetime | None = None) -> Account | None:
    """The account when `password` is right and the account is not locked, else None.
    Counts failures and locks the account after MAX_FAILURES of them in a row."""
    now = now or datetime.now(timezone.utc)
    with ledger.engine.begin() as connection:
        row = connection.execute(select(accounts).where(accounts.c.name == name)).first()
        if row is None:
            _verify(_dummy_hash(), password)
            return None
        if row.locked_until and datetime.fromisoformat(row.locked_until) > now:
            return None
        if not _verify(row.password_hash, password):
            failures = row.failed_logins + 1
            locked = (now + timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds") if failures >= MAX_FAILURES else None
            connection.execute(update(accounts).where(accounts.c.name == name).values(
                failed_logins=0 if locked else failures, locked_until=locked))
            return None
        changes: dict = {"failed_logins": 0, "locked_until": None}
        if _hasher.check_needs_rehash(row.password_hash):
            changes["password_hash"] = _hasher.hash(password)
        connection.execute(update(accounts).where(accounts.c.name == name).values(**changes))
    return _account(row)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
