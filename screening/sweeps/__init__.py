"""谁公开、谁清理, 定期清理: sweeps of what is already published.

What it does: walks a folder or crawls a site (same host, robots.txt, rate limits), screens only
what changed since the last run, keeps per-item state in the ledger (resumable, locked),
computes clearance dates (retention), finds fragments that combine across pages
(防止信息汇聚), assigns owner offices, and writes the sweep's worklist report.

May import: `screening.workflow` (the ledger and sign-off bases), `screening.reports` (labels),
`screening.engine`, `screening.sources`, `screening.model`. Not service or cli.

Entry points: `sweep(sources, ledger, options)`, `SweepOptions`, `SweepReport`; `crawl` for a
site on its own.
"""

from screening._lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {
    "sweep": "runner",
    "SweepOptions": "runner",
    "SweepReport": "runner",
    "crawl": "crawl",
    "CrawlLimits": "crawl",
})
