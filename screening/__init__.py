"""screening: find personal and confidential information in Chinese government-information
disclosures before they are published (先审后发) and in what is already online.

The parts, and the one direction data flows between them (no part imports one above it;
tests/test_layout.py checks it):

    sources  →  engine  →  workflow | redact | reports  →  sweeps  →  service | cli
    readers     findings    ledger, review, gate           谁公开谁清理   HTTP      the command

`screening.model` holds the data they pass (Block, Finding, ScanResult); `screening.api` is the
facade below (`scan_text`, `scan_path`, `scan_bytes`, `scan_tree`).

    >>> import screening
    >>> result = screening.scan_text("联系电话：0551-62881234")
    >>> result.verdict
    'pass'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from screening import _compat
from screening.model import Finding, Location, ScanResult
from screening.sources import Limits

if TYPE_CHECKING:
    from screening.api import presidio_recognizers, scan_bytes, scan_path, scan_text, scan_tree

__version__ = "0.1.0"
_compat.install()  # the 0.1 module paths (screening.ledger, screening.sweep …), deprecated
_API = frozenset({"presidio_recognizers", "scan_bytes", "scan_path", "scan_text", "scan_tree"})


def __getattr__(name: str) -> Any:
    # The engine (Presidio, spaCy, the name model) loads on first use, not on `import screening`:
    # commands that never screen — a re-sweep of an unchanged archive, `review --list` — start fast.
    if name in _API:
        from screening import api

        return getattr(api, name)
    raise AttributeError(f"module 'screening' has no attribute {name!r}")

__all__ = ["Finding", "Limits", "Location", "ScanResult", "__version__", "presidio_recognizers", "scan_bytes", "scan_path", "scan_text", "scan_tree"]
