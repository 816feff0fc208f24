"""The HTTP service behind `screening serve`: POST /scan and /gate for a CMS (FastAPI).

What it does: screens uploads and JSON text in a bounded worker pool, answers with the JSON
report or a gate decision, records scans in the ledger.

May import: every part below it (workflow, reports, engine, sources, model). Only the cli
imports it.

Entry point: `create_app(...)` (an ASGI app for uvicorn).
"""

from screening._lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {"create_app": "app", "SERVE_CONFIG_VARIABLE": "app"})
