"""Shared helpers: generated identifiers (valid by construction, never real people)."""

from __future__ import annotations

import os
import tempfile

import pytest
from ledger_servers import temporary_postgres
from stdnum import luhn
from stdnum.cn import ric

import screening

# The compiled candidate pass is cached per user (screening.engine.candidates): keep the tests'
# copy, and the CLI subprocesses' they start, out of the home folder.
os.environ.setdefault("SCREENING_CACHE_DIR", tempfile.mkdtemp(prefix="screening-test-cache-"))


def make_id(region: str = "340104", birth: str = "20100307", sequence: str = "651") -> str:
    """A resident ID with a correct check digit for the given parts."""
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")


def make_card(prefix: str = "622202", length: int = 19) -> str:
    body = prefix + "1234567890123456789"[: length - len(prefix) - 1]
    return body + luhn.calc_check_digit(body)


def findings_of(text: str, policy: str = "default", entity: str | None = None, **kwargs):
    result = screening.scan_text(text, policy=policy, show_values=True, **kwargs)
    return [f for f in result.findings if entity is None or f.entity_type == entity]


def spans_of(text: str, entity: str, policy: str = "default") -> list[str]:
    return [text[f.start : f.end] for f in findings_of(text, policy, entity)]


@pytest.fixture(scope="session")
def valid_id() -> str:
    return make_id()


def extracted_text(path) -> str:
    """The text `screening extract` prints for `path`: finding offsets index into it."""
    from screening.sources import open_document

    with open(path, "rb") as raw:
        return "".join(text for _, text in open_document(raw, str(path)).pieces())


def scan_file(path, **kwargs):
    """scan_path with values shown, after checking every finding's offsets point at its value
    in the extracted text."""
    result = screening.scan_path(path, show_values=True, **kwargs)
    text = extracted_text(path)
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.text, finding.location
    return result


def located(result, entity: str) -> list[tuple[str, dict]]:
    """(value, location dict) of each finding of `entity`."""
    return [(f.text, f.location.to_dict()) for f in result.findings if f.entity_type == entity]


# --- a Dask LocalCluster of two worker processes on 127.0.0.1 (tests/test_cluster*.py) ---

@pytest.fixture(scope="module")
def dask_cluster():
    """A client of two worker processes, no dashboard; each worker loads its engine once for the module."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    with Client(cluster) as client:
        yield client
    cluster.close()


# --- ledgers: SQLite, and PostgreSQL when a throwaway server can be started (tests/ledger_servers.py) ---

@pytest.fixture(scope="module")
def postgres_url():
    with temporary_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_location(request, tmp_path, postgres_url):
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.sqlite3")
        return
    if postgres_url is None:
        pytest.skip("no PostgreSQL server can be started here (install Debian's postgresql and psycopg)")
    database = f"t{os.getpid()}_{abs(hash(request.node.name)) % 10**8}"
    from sqlalchemy import create_engine, text

    from screening.workflow.ledger import database_url

    admin = create_engine(database_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    yield postgres_url.replace("/postgres?", f"/{database}?")
