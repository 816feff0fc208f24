"""`screening redact`: redacted copies of files and folders, in the same format.

Exit codes: 0 every copy was written and re-scans without a block finding; 1 something was
withheld (a withdraw remedy such as a 密级 mark), could not be read, has no redaction writer
for its format, or still had a block finding after redaction (that copy is removed); 2 usage
error, invalid policy, nothing to redact, or --out pointing at an input's own folder.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from policies import PolicyError, load_policy
from screening.model import display_path
from screening.redact import NOT_SUPPORTED, RedactionOutcome, redact_path

EXIT_OK, EXIT_WITHHELD, EXIT_USAGE = 0, 1, 2


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_out_dir(paths: list[Path], out_dir: Path) -> str | None:
    """Why `out_dir` cannot take the copies of `paths` (None: it can). A copy never goes
    next to its input (it would replace or be mistaken for it), nor inside a folder being
    redacted (a second run would redact the copies)."""
    out = out_dir.resolve()
    for path in paths:
        resolved = path.resolve()
        if resolved.is_dir():
            if _inside(out, resolved):
                return f"--out {out_dir} is inside the folder being redacted ({path}): choose a folder outside it"
            if _inside(resolved, out):
                return f"--out {out_dir} contains the folder being redacted ({path}): choose another folder"
        elif out == resolved.parent:
            return f"--out {out_dir} is the folder of the input {path}: the copy would replace it"
    return None


def planned_copies(paths: list[Path], out_dir: Path) -> Iterator[tuple[Path, Path]]:
    """(input file, output file) pairs: a file goes to OUT/name, a folder's files to OUT/ under
    their path relative to the folder (the folder's tree is mirrored). Hidden files and
    folders (names starting with '.') are skipped."""
    for path in paths:
        if not path.is_dir():
            yield path, out_dir / path.name
            continue
        for folder, folders, files in os.walk(path):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    source = Path(folder) / name
                    yield source, out_dir / source.relative_to(path)


def path_shower(policy: str) -> Callable[[str | Path], str]:
    """How a path is printed: as reports show it, identifiers in it masked (the screener loads
    only for a name that could hold one)."""
    from screening.api import _screener_for
    from screening.engine.names import masked_path

    return lambda path: masked_path(display_path(path), lambda: _screener_for(policy, False))


def describe(outcome: RedactionOutcome, shown: Callable[[str | Path], str] = display_path) -> tuple[str, str]:
    """(status, one-line detail) of a file's outcome; never a value."""
    notes = "; ".join(outcome.notes)
    if outcome.withdrawn:
        detail = f"withdraw remedy ({', '.join(outcome.withdrawn)}): must not be published, no copy written"
        return "WITHHELD", detail + (f"; {notes}" if notes else "")
    if outcome.error:
        return "FAILED", outcome.error + (f"; {notes}" if notes else "")
    if outcome.output is None:
        return "SKIPPED", notes or NOT_SUPPORTED
    review = f"; {outcome.review} review finding(s) left for a person" if outcome.review else ""
    detail = f"→ {shown(outcome.output)} ({outcome.replaced} replaced{review}" + (f"; {notes}" if notes else "") + ")"
    return "OK", detail


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the redacted copies (created; folders are mirrored under it). Never the input's own folder.")
@click.option("--policy", default="default", show_default=True, help="Bundled profile name or a YAML file.")
def redact(paths: tuple[Path, ...], out_dir: Path, policy: str) -> None:
    """Write redacted copies (same format) with every block finding masked or deleted as the policy's remedy says.

    Supported: txt, md, csv/tsv, html, xlsx, docx and pdf (pages holding a value are rasterised).
    A document whose finding must be withdrawn (密级, 内部资料) gets no copy. Each copy is
    re-scanned; one that still has a block finding is removed and reported.
    """
    try:
        load_policy(policy)
    except PolicyError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    problem = check_out_dir(list(paths), out_dir)
    if problem:
        click.echo(f"refusing: {problem}", err=True)
        sys.exit(EXIT_USAGE)
    shown = path_shower(policy)
    statuses: Counter[str] = Counter()
    replaced = 0
    written: set[Path] = set()
    for source, target in planned_copies(list(paths), out_dir):
        if target.resolve() in written:
            status, detail = "FAILED", f"another input already wrote {shown(target)}: not overwritten"
        else:
            try:
                outcome = redact_path(source, policy=policy, output=target)
            except ValueError:  # the copy would overwrite the input
                outcome = RedactionOutcome(source=str(source), output=None, error="refusing to overwrite the input")
            status, detail = describe(outcome, shown)
            replaced += outcome.replaced if outcome.output else 0
            if outcome.output:
                written.add(target.resolve())
        statuses[status] += 1
        click.echo(f"{status:<8} {shown(source)} {detail}")
    total = sum(statuses.values())
    if total == 0:
        click.echo("nothing to redact: no files under the given paths", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(
        f"\n{total} file(s): {statuses['OK']} redacted copies written ({replaced} values replaced), "
        f"{statuses['WITHHELD']} withheld, {statuses['SKIPPED']} not supported, {statuses['FAILED']} failed"
    )
    sys.exit(EXIT_OK if statuses["OK"] == total else EXIT_WITHHELD)
