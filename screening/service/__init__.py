"""The HTTP service behind `screening serve`: POST /scan and /gate for a CMS (FastAPI).

What it does: screens uploads and JSON text in a bounded worker pool (uploads read in reader
processes killed at the time limit), answers with the JSON report or a gate decision, records
scans in the ledger; `limits` holds uvicorn's connection limits and the log's rate limit.

May import: every part below it (workflow, reports, engine, sources, model). Only the cli
imports it.

Entry points: `create_app(...)` (an ASGI app for uvicorn), `limits.ServeLimits`.
"""

from screening._lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {"create_app": "app", "SERVE_CONFIG_VARIABLE": "app"})
