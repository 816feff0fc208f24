"""`screening serve`: run the HTTP service (screening.service.app) with uvicorn: one process, or `--workers N`."""

from __future__ import annotations

import copy
import ipaddress
import json
import os
import secrets
import sys

import click

from policies import PolicyError, load_policy
from screening.workflow.draft_retention import DEFAULT_KEEP_DAYS
from screening.sources import Limits

EXIT_USAGE = 2
# screening.service.app's defaults, not imported from it: FastAPI loads only when `serve` runs, not with every CLI command.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_CONCURRENCY = 2
DEFAULT_LIMITS = {"max_connections": 64, "keep_alive_s": 5, "max_header_bytes": 16 * 1024}  # screening.service.limits.ServeLimits


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost; anything else (0.0.0.0, a LAN address, a name) reaches other machines.

    >>> [is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "0.0.0.0", "::", "10.0.0.5", "example.org")]
    [True, True, True, True, True, False, False, False, False]
    """
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def log_config() -> dict:
    """uvicorn's logging, plus our access log (screening.service.app: path and status, never a query
    string or body) and asyncio's (failed accept()s under a flood); warnings and errors of one kind
    pass once a minute (screening.service.limits.RepeatLimit)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["repeats"] = {"()": "screening.service.limits.RepeatLimit"}
    config["handlers"]["default"]["filters"] = ["repeats"]
    for name in ("screening.service.app", "asyncio"):
        config["loggers"][name] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; other than loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--policy", default="default", show_default=True, help="Bundled profile name or a YAML file.")
@click.option("--token", envvar="SCREENING_TOKEN", help="Require 'Authorization: Bearer TOKEN' on /scan and /gate (or set SCREENING_TOKEN, which keeps it out of `ps`).")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True, help="Request size limit (413 above it).")
@click.option("--ledger", help="Ledger for /gate: a SQLite file or a postgresql:// URL (default: $SCREENING_LEDGER, then the per-user data folder).")
@click.option("--allow-values", is_flag=True, help="Let requests ask for raw values (show_values=true); masked only otherwise.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=DEFAULT_CONCURRENCY, show_default=True, help="Scans running at once (threads of one process); more wait.")
@click.option("--timeout", type=click.FloatRange(1), default=Limits.seconds_per_file, show_default=True, help="Per-document time limit, seconds.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each loads the engine, ~250 MB): scans are CPU-bound, so one per core serves clients at once.")
@click.option("--max-connections", type=click.IntRange(1), default=DEFAULT_LIMITS["max_connections"], show_default=True,
              help="Open connections (per worker) before new requests get 503.")
@click.option("--keep-alive", "keep_alive_s", type=click.IntRange(1, 300), default=DEFAULT_LIMITS["keep_alive_s"], show_default=True,
              help="Seconds an idle connection, or one still sending its request headers, is kept open.")
@click.option("--max-header-bytes", type=click.IntRange(1024), default=DEFAULT_LIMITS["max_header_bytes"], show_default=True,
              help="Most bytes of an unfinished request head to buffer (400 past it).")
@click.option("--secure-cookies", is_flag=True, help="Send the desk's session cookie over HTTPS only (behind a TLS proxy).")
@click.option("--keep-drafts", metavar="DAYS", type=click.IntRange(0), default=DEFAULT_KEEP_DAYS, show_default=True,
              help="Days the desk keeps an uploaded draft once its review is settled (complete or sent back); "
                   "applied at start-up and after each submission (drafts still under review are kept).")
def serve(host, port, policy, token, max_bytes, ledger, allow_values, concurrency, timeout, workers,
          max_connections, keep_alive_s, max_header_bytes, secure_cookies, keep_drafts) -> None:
    """Serve POST /scan, POST /gate and GET /healthz over HTTP for a CMS publishing pipeline (API docs at /docs)."""
    if not token and not is_loopback(host):
        click.echo(
            f"refusing to listen on {host} without a token: anyone who can reach it could submit documents and read the reports. "
            "Set --token (or SCREENING_TOKEN), or listen on 127.0.0.1.", err=True,
        )
        sys.exit(EXIT_USAGE)
    import uvicorn

    from screening.workflow.ledger import Ledger
    from screening.service.app import SERVE_CONFIG_VARIABLE, create_app
    from screening.service.limits import ServeLimits

    try:
        opened = Ledger.open(ledger)
    except Exception as error:  # noqa: BLE001 - a bad path or URL, a database that cannot be reached
        click.echo(f"cannot open the ledger: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_USAGE)
    # access_log off: uvicorn's would print query strings; screening.service.app logs path and status only.
    limits = ServeLimits(max_connections=max_connections, keep_alive_s=keep_alive_s, max_header_bytes=max_header_bytes)
    options = {"host": host, "port": port, "access_log": False, "log_config": log_config(), "server_header": False,
               **limits.uvicorn_options()}
    settings = {"token": token or None, "max_bytes": max_bytes, "allow_values": allow_values, "concurrency": concurrency, "timeout": timeout,
                "secure_cookies": secure_cookies, "keep_drafts": keep_drafts,
                # every worker must check the desk's session cookies with the same key
                "session_secret": os.environ.get("SCREENING_SESSION_SECRET") or secrets.token_urlsafe(32)}
    try:
        if workers == 1:
            try:
                app = create_app(policy, ledger=opened, **settings)
            except PolicyError as error:
                click.echo(str(error), err=True)
                sys.exit(EXIT_USAGE)
            uvicorn.Server(uvicorn.Config(app, **options)).run()
            return
        try:
            load_policy(policy)  # fail here, once, rather than in every worker
        except PolicyError as error:
            click.echo(str(error), err=True)
            sys.exit(EXIT_USAGE)
    finally:
        opened.close()
    # Several processes: uvicorn starts each from an import string, and each opens its own engine
    # and ledger (SQLite in WAL mode and PostgreSQL both take concurrent writers). The options go
    # through the environment, as the token already may: never on a command line, seen in `ps`.
    os.environ[SERVE_CONFIG_VARIABLE] = json.dumps({"policy": str(policy), "ledger": opened.location, **settings})
    uvicorn.run("screening.service.app:app_from_environment", factory=True, workers=workers, **options)
