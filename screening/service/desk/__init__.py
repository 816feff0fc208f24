"""审核台, the review desk: sign-in, an office's queue and worklists, a document's findings in place,
sign-off along the policy's review chains, the document's actions and history, charts of the
ledger's figures (inline SVG); in Chinese, or English on a switch (screening.service.desk.i18n).

Served by `screening serve` from the same app and ledger as /scan and /gate; pages are
rendered on the server from the Jinja2 templates shipped beside this module, with one
shipped stylesheet and no script. What a page shows is masked: previews and the text
around them, never a raw value (the stored view holds none) — except the one answer to a logged
raw-value click (screening.service.desk.actions).
"""

from screening.service.desk.routes import install_desk

__all__ = ["install_desk"]
