"""screening: find personal and confidential information in Chinese government-information
disclosures before they are published (先审后发) and in what is already online.

    >>> import screening
    >>> result = screening.scan_text("联系电话：0551-62881234")
    >>> result.verdict
    'pass'
"""

from screening.api import scan_bytes, scan_path, scan_text, scan_tree
from screening.model import Finding, Location, ScanResult
from screening.sources import Limits

__version__ = "0.1.0"

__all__ = ["Finding", "Limits", "Location", "ScanResult", "__version__", "scan_bytes", "scan_path", "scan_text", "scan_tree"]
