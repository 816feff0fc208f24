"""A throwaway PostgreSQL server for the ledger tests, when the machine has one installed
(Debian's `postgresql`; tools/system-packages.sh installs it in CI). The cluster lives in a
temporary folder, listens on a Unix socket only, and is stopped after the session."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

PORT = 54329


def _postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` account then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def temporary_postgres() -> Iterator[str | None]:
    """Yield a postgresql:// URL of a fresh server, or None when none can be started."""
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    try:
        import psycopg  # noqa: F401 - the driver the ledger uses
    except ImportError:
        initdb = None
    if not initdb or not pg_ctl:
        yield None
        return
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError:
            yield None
            return
    folder = tempfile.mkdtemp(prefix="screening-pg-")
    data = os.path.join(folder, "data")
    if os.geteuid() == 0:
        os.chown(folder, server_user.pw_uid, server_user.pw_gid)
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    started = False
    try:
        try:
            subprocess.run(_as_server_user([initdb, "-D", data, "-U", user, "--auth=trust"]), check=True, capture_output=True, timeout=120)
            options = f"-c listen_addresses='' -k {folder} -p {PORT}"
            subprocess.run(_as_server_user([pg_ctl, "-D", data, "-o", options, "-w", "-l", os.path.join(folder, "log"), "start"]),
                           check=True, capture_output=True, timeout=120)
            started = True
        except (subprocess.SubprocessError, OSError):
            pass
        yield f"postgresql://{user}@/postgres?host={folder}&port={PORT}" if started else None
    finally:
        if started:
            subprocess.run(_as_server_user([pg_ctl, "-D", data, "-m", "immediate", "stop"]), check=False, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)
