"""Document understanding: from a document's blocks to findings, a category and a verdict.

What it does: the prefilter, the Presidio analyzer with our recognizers, the name stage (rules and
the shipped name model), table and field context, the document category, publishing metadata,
the policy decision per finding, masked previews and fingerprints.

May import: `screening.sources`, `screening.model`, `recognizers`, `policies`. Nothing above it
(workflow, sweeps, redact, reports, service, cli).

Entry points: `Screener` (a policy bound to the process-wide analyzer: `screener.screen(blocks)`),
and `screen_text`, `screen_bytes`, `screen_file`, `iter_tree` (scanner: a document in, a
`ScanResult` out). Loading is lazy: importing a light module of this package (preview, category,
metadata) does not load Presidio or the name model.
"""

from screening._lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {
    "Screener": "screener",
    "screen_text": "scanner",
    "screen_bytes": "scanner",
    "screen_file": "scanner",
    "iter_tree": "scanner",
})
