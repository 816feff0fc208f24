"""The `screening` command line.

Exit codes (DESIGN.md §6): 0 nothing at or above --fail-on; 1 something is; 2 usage
error, invalid policy, or nothing to screen (an empty folder). A file that cannot be read is verdict `error`, which counts
as review.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

import click

from policies import PolicyError, bundled_profiles, load_policy
from screening import __version__
from screening.engine.category import CATEGORIES
from screening.cli.collector import loading_for_good, no_collection_at_exit
from screening.cli.lazy_group import LazyGroup
from screening.model import display_path
from screening.workflow.location import LEDGER_VARIABLE
from screening.cli.progress import progress_wanted, scan_progress
from screening.reports.factory import FORMATS, open_report
from screening.reports.labels import LANGS, Labels
from screening.sources import Limits, UnreadableInput, open_document
from screening.sources.timeout import time_limit

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FAIL_LEVELS = {"review": {"review", "block", "error"}, "block": {"block"}, "never": set()}


def _policy_or_exit(policy: str):
    try:
        return load_policy(policy)
    except PolicyError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)


# Imported when run (or listed by --help): `scan` and `policy` load none of them.
LAZY_COMMANDS = {
    "review": "screening.cli.workflow:review",
    "gate": "screening.cli.workflow:gate",
    "ledger": "screening.cli.workflow:ledger_group",
    "serve": "screening.cli.serve:serve",
    "redact": "screening.cli.redact:redact",
    "sweep": "screening.cli.sweep:sweep_command",
    "users": "screening.cli.users:users_group",
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="screening")
def main() -> None:
    """Screen Chinese government-information disclosures for personal and confidential information."""
    no_collection_at_exit()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--policy", default="default", show_default=True, help="Bundled profile name or a YAML file.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True,
              help="Language of the table, html, sarif and csv reports (json keeps the policy's Chinese texts).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of stdout.")
@click.option("--show-values", is_flag=True, help="Put the raw values in the report (default: masked previews only).")
@click.option("--show-allowed", is_flag=True, help="List allowed findings too (table, sarif, csv; html shows them expanded).")
@click.option("--fail-on", type=click.Choice(["review", "block", "never"]), default="review", show_default=True)
@click.option(
    "--category", type=click.Choice(list(CATEGORIES)),
    help="Document category instead of the classifier's (rules key on it): " + ", ".join(CATEGORIES) + ".",
)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Parallel worker processes.")
@click.option("--cluster", metavar="local:N|tcp://HOST:PORT", envvar="SCREENING_DASK_SCHEDULER",
              help="Screen on a Dask cluster: local:N starts N worker processes here; an address joins a running scheduler "
                   "(default $SCREENING_DASK_SCHEDULER). Needs the cluster extra.")
@click.option("--max-bytes", type=click.IntRange(1), default=Limits.max_bytes, show_default=True, help="Per-file size limit.")
@click.option("--timeout", type=click.FloatRange(1), default=Limits.seconds_per_file, show_default=True, help="Per-file time limit, seconds.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="OCR images: auto = image files and pages or attachments without text; always = every image too; never = report images as not screened.")
@click.option("--ledger", "ledger_location", metavar="PATH|URL", envvar=LEDGER_VARIABLE,
              help=f"Record every scan in this ledger (SQLite file or postgresql://…; default ${LEDGER_VARIABLE}, else not recorded).")
def scan(paths, policy, output_format, lang, output, show_values, show_allowed, fail_on, category, workers, cluster, max_bytes, timeout, ocr, ledger_location) -> None:
    """Screen files and folders (txt, md, csv, docx, xlsx, xls, pdf, html, ofd, images, zip …) and report what must be blocked or reviewed."""
    loaded = _policy_or_exit(policy)
    limits = Limits(max_bytes=max_bytes, seconds_per_file=timeout, ocr=ocr)
    failing = FAIL_LEVELS[fail_on]
    failed = False
    with contextlib.ExitStack() as stack:
        ledger = recording = None
        if ledger_location:
            from screening.workflow.batches import WriteBatch
            from screening.workflow.ledger import Ledger  # SQLAlchemy: only when recording

            ledger = stack.enter_context(Ledger.open(ledger_location))
            recording = WriteBatch(ledger.record_scans)  # a folder's scans in batches: one commit each
        # newline="": the csv module writes its own CRLF line ends
        out = stack.enter_context(open(output, "w", encoding="utf-8", newline="" if output_format == "csv" else None)) if output else sys.stdout
        report = open_report(output_format, out, loaded, __version__, lang=lang, show_allowed=show_allowed, show_values=show_values)
        done = stack.enter_context(scan_progress(progress_wanted(sys.stderr, output is None, sys.stdout), Labels(lang)))
        # Results stream from the scan into the report: memory stays flat in folder size.
        with loading_for_good():
            from screening.api import scan_tree  # the engine loads here, not for `--help`
            from screening.engine.cluster import ClusterError

        results = scan_tree(paths, policy=loaded, category=category, show_values=show_values, limits=limits,
                            workers=workers, cluster=cluster)
        try:
            for result in results:
                report.add(result)
                done(result)
                if recording is not None:
                    recording.add(result)
                failed = failed or result.verdict in failing
        except ClusterError as error:  # a usage or environment error: the report so far is not the archive's
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_USAGE)
        finally:
            if recording is not None:  # what was screened is recorded, even when the run stops early
                recording.flush()
        report.close()
    if report.summary.documents == 0:
        # An empty or unmounted archive must not look like a clean one to a nightly job.
        click.echo("nothing to screen: no files under the given paths", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--locations/--no-locations", default=False, help="Mark where each part starts (page, sheet, comment …).")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--timeout", type=click.FloatRange(1), default=Limits.seconds_per_file, show_default=True)
def extract(path: Path, locations: bool, ocr: str, timeout: float) -> None:
    """Print the text the scanner sees; finding offsets refer to it (without --locations)."""
    limits = Limits(ocr=ocr, seconds_per_file=timeout)
    try:
        with open(path, "rb") as raw, time_limit(timeout):
            document = open_document(raw, str(path), limits)
            last_row = None
            for location, text in document.pieces():
                if locations and location is not None:
                    if location.row is None:
                        click.echo(f"──── {location.describe()} ────")
                        last_row = None
                    else:  # table cells: one marker per row, each cell after its column
                        row = replace(location, column=None)
                        if row != last_row:
                            click.echo(f"──── {row.describe()} ────")
                            last_row = row
                        text = f"[{location.column}] {text}"
                click.echo(text, nl=False)
        for problem in document.problems:
            click.echo(f"{display_path(path)}: not screened: {problem}", err=True)
    except UnreadableInput as error:
        click.echo(f"{display_path(path)}: {error}", err=True)
        sys.exit(EXIT_FINDINGS)
    if document.problems:
        sys.exit(EXIT_FINDINGS)


@main.group()
def policy() -> None:
    """List, show and validate policy profiles."""


@policy.command("list")
def policy_list() -> None:
    """The bundled profiles."""
    for name in bundled_profiles():
        loaded = load_policy(name)
        click.echo(f"{name}\t{loaded.version}\t{loaded.description}")


@policy.command("show")
@click.argument("name", default="default")
def policy_show(name: str) -> None:
    """Every rule of a profile: id, entities, action, threshold, message, basis, example."""
    loaded = _policy_or_exit(name)
    click.echo(f"{loaded.name} {loaded.version}: {loaded.description}")
    click.echo(f"prefilter: {'on' if loaded.prefilter else 'off'}" + (f", min_score_cap: {loaded.min_score_cap}" if loaded.min_score_cap is not None else ""))
    for rule in loaded.rules:
        conditions = []
        if rule.where:
            conditions.append("where " + ", ".join(f"{k}={v}" for k, v in rule.where.items()))
        if rule.context_any:
            conditions.append("after " + "/".join(rule.context_any[:4]) + ("…" if len(rule.context_any) > 4 else ""))
        if rule.categories:
            conditions.append("in " + ",".join(rule.categories))
        click.echo(f"\n{rule.id}  [{rule.action}]  {', '.join(rule.entity)}  min_score={rule.min_score}" + (f"  ({'; '.join(conditions)})" if conditions else ""))
        click.echo(f"  {rule.message}")
        click.echo(f"  依据：{rule.basis}")
        click.echo(f"  处理：{rule.remedy.instruction}")
        if rule.example:
            click.echo(f"  示例：{rule.example}")
    for chain in loaded.review_chains:
        fits = "; ".join(f"{key} {','.join(getattr(chain, key))}" for key in ("categories", "actions", "rules", "entities") if getattr(chain, key))
        click.echo(f"\n{chain.id}  [review chain]  {' -> '.join(chain.levels)}" + (f"  ({fits})" if fits else ""))
        if chain.reason:
            click.echo(f"  {chain.reason}")


@policy.command("validate")
@click.argument("paths", nargs=-1, required=True)
def policy_validate(paths) -> None:
    """Check policy files; exit 2 naming the file, key and problem if one is invalid."""
    failed = False
    for path in paths:
        try:
            loaded = load_policy(path)
            click.echo(f"{path}: ok ({loaded.name} {loaded.version}, {len(loaded.rules)} rules)")
        except PolicyError as error:
            click.echo(str(error), err=True)
            failed = True
    sys.exit(EXIT_USAGE if failed else EXIT_OK)


if __name__ == "__main__":
    main()
