"""先审后发, 一事一审: the ledger of scans and sign-offs, the review, the publishing gate.

What it does: records every scan in the ledger (SQLite, or PostgreSQL for a shared server),
lets a person sign off a finding on a recorded basis (consent, public interest, masked, false
positive) at a level of the policy's review chain, and decides whether a document may go online
(every chain complete, or clean). The desk's accounts, submissions, events and worklists live here too.

May import: `screening.engine`, `screening.sources`, `screening.model`, `policies`. Not sweeps,
redact, reports, service or cli.

Entry points: `Ledger`, `sign_off`, `review_state`, `gate_result`, `write_csv` (the 年度报告
counts of `screening ledger export`).
"""

from screening._lazy import lazy_exports

__getattr__ = lazy_exports(__name__, {
    "Ledger": "ledger",
    "SignOff": "ledger",
    "sign_off": "review",
    "review_state": "review",
    "SignOffError": "review",
    "gate_result": "gate",
    "GateDecision": "gate",
    "write_csv": "ledger_export",
})
