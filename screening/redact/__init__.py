"""Redacted copies in the same format (issue 5): `redact_path(path, out_dir)`.

The file is scanned with values shown, its `block` findings are planned into replacements
(screening.redact.core), and the writer for its detected format writes the copy. A writer
is `function(source: Path, output: Path, replacements: list[Replacement]) -> (replaced, notes)`
registered in WRITERS by "module:function" (imported on first use); `replaced` counts the
occurrences replaced, `notes` say what else was removed or masked (never a value). A writer
with a `policy` keyword parameter is also given the loaded Policy (for values the scan could
not report, such as the xlsx numbers that lost digits).

May import: `screening` (the scan API, for the scan and the re-scan), `screening.engine`,
`screening.sources`, `screening.model`, `policies`. Not workflow, sweeps, reports, service or cli.

Entry point: `redact_path(path, out_dir, policy=...) -> RedactionOutcome`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Collection
from pathlib import Path

from policies import Policy, load_policy
from screening.redact.core import (
    RedactionOutcome,
    Replacement,
    applicable,
    mask_for,
    plan_replacements,
    redact_text,
)

PolicyRef = str | Path | Policy
Writer = Callable[[Path, Path, list[Replacement]], tuple[int, list[str]]]

# format name (screening.sources.formats) -> "module:function"
WRITERS: dict[str, str] = {
    "text": "screening.redact.text:redact_text_file",
    "table": "screening.redact.text:redact_text_file",
    "html": "screening.redact.html:redact_html",
    "xlsx": "screening.redact.xlsx:redact_xlsx",
    "docx": "screening.redact.docx:redact_docx",
    "pdf": "screening.redact.pdf:redact_pdf",
}

NOT_SUPPORTED = "format not supported for redaction"

__all__ = [
    "NOT_SUPPORTED", "WRITERS", "RedactionOutcome", "Replacement", "applicable", "mask_for",
    "plan_replacements", "redact_path", "redact_text", "writer_for",
]


def writer_for(format_name: str) -> Writer | None:
    target = WRITERS.get(format_name)
    if target is None:
        return None
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)


def _masked_name(target: Path, replacements: list[Replacement], outcome: RedactionOutcome) -> Path:
    """`target` with long identifiers in its file name masked (张三{ID}.txt is published too)."""
    name, count = redact_text(target.name, [r for r in replacements if r.everywhere])
    if not count:
        return target
    outcome.notes.append("file name masked")
    if not Path(name).stem.strip(" ._-"):
        name = "redacted" + target.suffix
    return target.with_name(name)


def detected_format(path: Path) -> str:
    from screening.sources.document import ReadContext
    from screening.sources.formats import detect_format

    from screening.sources.files import open_regular

    with open_regular(path) as raw:  # never a FIFO or a device: they would block the run
        return detect_format(raw, ReadContext(path.name))


def redact_path(
    path: str | Path, out_dir: str | Path | None = None, policy: PolicyRef = "default", *,
    output: str | Path | None = None, verify: bool = True, also: Collection[str] = (),
) -> RedactionOutcome:
    """Write a redacted copy of `path` to `out_dir` (same name) or to `output`.

    No copy is written when a block finding's remedy is withdraw (a 密级 mark: `withdrawn`
    names the rules), when the file cannot be read, or when its format has no writer; a copy
    an earlier run left at that place is then removed, so a withheld document does not stay
    in the output folder. With `verify`, the copy is re-scanned: `residual` counts block
    findings it still had (such a copy is removed too). `also`: fingerprints of other findings to
    redact as well (the desk's "mark for redaction" on a review finding).
    """
    source = Path(path)
    if output is None:
        if out_dir is None:
            raise ValueError("redact_path needs out_dir or output")
        output = Path(out_dir) / source.name
    outcome = _redact(source, Path(output), policy, verify, also)
    if outcome.output is None and Path(output).is_file() and Path(output).resolve() != source.resolve():
        Path(output).unlink()
        outcome.notes.append("an earlier copy at the output path was removed")
    return outcome


def _redact(source: Path, target: Path, policy: PolicyRef, verify: bool, also: Collection[str]) -> RedactionOutcome:
    import screening
    from screening.sources.encoding import UnreadableInput

    if target.resolve() == source.resolve():
        raise ValueError(f"refusing to overwrite the input {source}")
    outcome = RedactionOutcome(source=str(source), output=None)
    resolved = load_policy(policy)
    try:
        outcome.format = detected_format(source)
    except (UnreadableInput, OSError) as error:
        outcome.error = str(error)
        return outcome
    result = screening.scan_path(source, policy=policy, show_values=True)
    if result.verdict == "error":
        outcome.error = result.error or "could not be read"
        return outcome
    replacements, outcome.withdrawn = plan_replacements(result, resolved, also)
    if outcome.withdrawn:  # the document must not be published: no copy
        return outcome
    writer = writer_for(outcome.format)
    if writer is None:
        outcome.notes.append(f"{NOT_SUPPORTED} ({outcome.format})")
        return outcome
    target = _masked_name(target, replacements, outcome)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        options = {"policy": resolved} if "policy" in inspect.signature(writer).parameters else {}
        outcome.replaced, notes = writer(source, target, replacements, **options)
    except Exception as error:  # noqa: BLE001 - a writer's failure is this file's, never the run's
        target.unlink(missing_ok=True)
        # Only the type for unknown errors: a message could quote the document.
        detail = f": {error}" if isinstance(error, UnreadableInput) else ""
        outcome.error = f"could not write the redacted copy ({type(error).__name__}{detail})"
        return outcome
    outcome.notes.extend(notes)
    outcome.output = str(target)
    if verify:
        again = screening.scan_path(target, policy=policy)
        outcome.residual = sum(finding.action == "block" for finding in again.findings)
        outcome.review = sum(finding.action == "review" for finding in again.findings)
        if again.verdict == "error" or outcome.residual:
            # A copy that still holds a block finding, or cannot be checked, must not be published.
            target.unlink(missing_ok=True)
            outcome.output = None
            outcome.error = (
                f"the redacted copy still had {outcome.residual} block finding(s): copy removed" if outcome.residual
                else f"the redacted copy is not clean ({again.error or 'could not be re-scanned'}): copy removed"
            )
    return outcome
