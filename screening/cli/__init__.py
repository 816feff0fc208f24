"""The `screening` command (click): scan, extract, review, gate, redact, sweep, ledger, policy, serve.

What it does: parses options, opens the ledger and the reports, maps results to exit codes
(0 nothing at or above --fail-on, 1 something is, 2 a usage error or an invalid policy).

May import: every other part. Nothing imports it but the console script and `python -m screening`.

Entry point: `main` (the click group; `screening = "screening.cli:main"` in pyproject.toml).
"""

from screening._lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {"main": "root"})
