"""Where the ledger is, without loading SQLAlchemy: `screening scan` names the variable in its
`--ledger` option and opens a ledger only when one is given."""

from __future__ import annotations

import os
from pathlib import Path

LEDGER_VARIABLE = "SCREENING_LEDGER"


def default_location() -> str:
    """The ledger to use when none is given: $SCREENING_LEDGER, else the per-user data folder."""
    if os.environ.get(LEDGER_VARIABLE):
        return os.environ[LEDGER_VARIABLE]
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "screening" / "ledger.sqlite3")
