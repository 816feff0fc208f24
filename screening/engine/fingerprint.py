"""Stable fingerprints of findings: what a sign-off (screening review) is recorded against.

A fingerprint names one finding of one document by its content, not by its line: the
entity, the rule that decided it, the masked preview, and which occurrence of that triple
it is in document order. Re-scanning the same content gives the same fingerprints; moving
text around inside an edited copy does not matter, because a sign-off also names the
document's sha256 (一事一审: changed content needs a new review).

Why the masked preview and not the raw value: fingerprints appear in reports, logs and the
ledger, and a hash of an 18-digit ID number can be reversed by trying every plausible
number. The preview reveals nothing the report does not already show.

>>> from screening.model import Finding, Location
>>> def finding(preview): return Finding("CN_MOBILE_PHONE", 0, 11, 0.9, "block", "PII-MOBILE", "", "", "", preview, Location())
>>> found = [finding("138****5678"), finding("139****0000"), finding("138****5678")]
>>> assign_fingerprints(found)
>>> [len(f.fingerprint) for f in found], found[0].fingerprint == found[2].fingerprint
([16, 16, 16], False)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from screening.model import Finding

FINGERPRINT_LENGTH = 16  # hex digits: 64 bits, unique within any real document


def fingerprint_of(entity_type: str, rule: str, preview: str, occurrence: int) -> str:
    key = "\x1f".join((entity_type, rule, preview, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()[:FINGERPRINT_LENGTH]


def assign_fingerprints(findings: Iterable[Finding]) -> None:
    """Set `fingerprint` on each finding (given in document order)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in findings:
        key = (finding.entity_type, finding.rule, finding.preview)
        finding.fingerprint = fingerprint_of(*key, seen[key])
        seen[key] += 1
