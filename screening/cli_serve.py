"""`screening serve`: run the HTTP service (screening.serve) with uvicorn, in one process."""

from __future__ import annotations

import copy
import ipaddress
import sys

import click

from policies import PolicyError
from screening.sources import Limits

EXIT_USAGE = 2
# screening.serve's defaults, not imported from it: FastAPI loads only when `serve` runs, not with every CLI command.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_CONCURRENCY = 2


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
    """uvicorn's logging, plus our access log (screening.serve: path and status, never a query string or body)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["screening.serve"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
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
def serve(host, port, policy, token, max_bytes, ledger, allow_values, concurrency, timeout) -> None:
    """Serve POST /scan, POST /gate and GET /healthz over HTTP for a CMS publishing pipeline (API docs at /docs)."""
    if not token and not is_loopback(host):
        click.echo(
            f"refusing to listen on {host} without a token: anyone who can reach it could submit documents and read the reports. "
            "Set --token (or SCREENING_TOKEN), or listen on 127.0.0.1.", err=True,
        )
        sys.exit(EXIT_USAGE)
    import uvicorn

    from screening.ledger import Ledger
    from screening.serve import create_app

    try:
        opened = Ledger.open(ledger)
    except Exception as error:  # noqa: BLE001 - a bad path or URL, a database that cannot be reached
        click.echo(f"cannot open the ledger: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        try:
            app = create_app(policy, token=token or None, max_bytes=max_bytes, ledger=opened,
                             allow_values=allow_values, concurrency=concurrency, timeout=timeout)
        except PolicyError as error:
            click.echo(str(error), err=True)
            sys.exit(EXIT_USAGE)
        # access_log off: uvicorn's would print query strings; screening.serve logs path and status only.
        config = uvicorn.Config(app, host=host, port=port, access_log=False, log_config=log_config(), server_header=False)
        uvicorn.Server(config).run()
    finally:
        opened.close()
