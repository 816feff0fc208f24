"""The 先审后发 commands: `review` (sign-offs, 一事一审), `gate` (may it go online?) and
`ledger export` (the year's counts). All read and write the ledger (screening.workflow.ledger).

Exit codes follow DESIGN.md §6: 0 done / everything may go out; 1 something still needs a
decision (review --list, gate); 2 a usage error, including a malformed sign-off request.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path

import click

from policies import PolicyError, load_policy
from screening.cli.collector import loading_for_good
from screening.engine.category import CATEGORIES
from screening.workflow.draft_retention import DEFAULT_KEEP_DAYS, purge_drafts
from screening.workflow.gate import gate_result
from screening.model import display_path
from screening.workflow.ledger import Ledger, default_location
from screening.workflow.ledger_export import write_csv
from screening.workflow.review import BASES, BASIS_LABELS, SignOffError, review_state, sign_off
from screening.workflow.roles import role_label

EXIT_OK, EXIT_PENDING, EXIT_USAGE = 0, 1, 2

ledger_option = click.option(
    "--ledger", "ledger_location", metavar="PATH|URL",
    help="Ledger database: a SQLite file or postgresql://… (default: $SCREENING_LEDGER, else ~/.local/share/screening/ledger.sqlite3).",
)
policy_option = click.option("--policy", default="default", show_default=True, help="Bundled profile name or a YAML file.")
category_option = click.option("--category", type=click.Choice(list(CATEGORIES)), help="Document category instead of the classifier's.")


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _open_ledger(location: str | None, *, must_exist: bool = False) -> Ledger:
    """The ledger at `location`; with `must_exist`, a SQLite file that is not there is a usage
    error (a typo in --ledger would otherwise make an empty ledger and report nothing)."""
    where = location or default_location()
    if must_exist and "://" not in where and not Path(where).expanduser().is_file():
        _fail(f"no ledger at {display_path(where)}: check --ledger (scan, review, gate and sweep create one) / 没有找到台账")
    try:
        return Ledger.open(location)
    except Exception as error:  # noqa: BLE001 - a bad URL or unreachable server is a usage problem here
        _fail(f"cannot open the ledger {location or ''}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")


def _load_policy(name: str):
    try:
        return load_policy(name)
    except PolicyError as error:
        _fail(str(error))


def _status_of(fingerprint: str, state) -> str:
    record = state.signed.get(fingerprint)
    if record:
        return f"signed: {record.basis} ({BASIS_LABELS[record.basis]}) by {record.signed_by}, {record.signed_at[:10]}"
    if any(finding.fingerprint == fingerprint for finding, _ in state.invalid):
        return "sign-off invalid: basis does not fit a block finding"
    chain = state.chains.get(fingerprint)
    if chain is not None and chain.filled:
        return f"awaiting {chain.next_role} 待{role_label(chain.next_role)}: {chain.describe()}"
    if chain is not None and chain.chain.levels != ["reviewer"]:
        return f"pending 待审: {chain.describe()}"
    return "pending 待审"


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--list", "list_only", is_flag=True, help="Show the findings that need a decision, with fingerprints (the default).")
@click.option("--approve", multiple=True, metavar="FINGERPRINT", help="Sign off these findings (repeat, or separate with commas).")
@click.option("--all", "approve_all", is_flag=True, help="Sign off every finding that needs a decision.")
@click.option("--basis", type=click.Choice(BASES), help="Why it may be published: consent, public-interest, masked, false-positive.")
@click.option("--by", "signed_by", metavar="NAME",
              help="Who signs off (typed, not proven: counts as a 审核人 level of a review chain; 保密审查员 and 审批人 levels are signed at the desk).")
@click.option("--note", default="", help="Why; required when signing off a block finding.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@policy_option
@category_option
@ledger_option
def review(path, list_only, approve, approve_all, basis, signed_by, note, output_format, policy, category, ledger_location) -> None:
    """一事一审: list a document's findings that need a decision, or record sign-offs for this exact content."""
    fingerprints = [part.strip() for value in approve for part in value.split(",") if part.strip()]
    signing = bool(fingerprints) or approve_all
    if signing and list_only:
        _fail("--list cannot be combined with --approve/--all")
    if fingerprints and approve_all:
        _fail("give either --approve FINGERPRINT… or --all, not both")
    if signing and (not basis or not signed_by):
        _fail("a sign-off needs --basis and --by")
    loaded = _load_policy(policy)
    with loading_for_good():
        from screening.api import scan_path  # the engine loads on use

    result = scan_path(path, policy=loaded, category=category)
    with _open_ledger(ledger_location) as ledger:
        ledger.record_scan(result)
        if signing:
            try:
                records = sign_off(ledger, result, None if approve_all else fingerprints, basis=basis, by=signed_by, note=note, policy=loaded)
            except SignOffError as error:
                _fail(f"sign-off not recorded: {error}")
            click.echo(f"recorded {len(records)} sign-off(s) for {result.path} (sha256 {result.sha256[:12]}…), basis {basis}, by {signed_by.strip()}")
        state = review_state(result, ledger, loaded)
    if output_format == "json":
        document = {
            "path": result.path, "sha256": result.sha256, "verdict": result.verdict, "error": result.error,
            "policy": {"name": result.policy_name, "version": result.policy_version},
            "complete": state.complete,
            "findings": [
                {**finding.to_dict(), "status": _status_of(finding.fingerprint, state)}
                for finding in result.findings if finding.action != "allow"
            ],
            "stale_signoffs": [{"fingerprint": r.fingerprint, "sha256": r.sha256, "rule": r.rule, "signed_at": r.signed_at} for r in state.stale],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif not signing:
        _print_review_table(result, state)
    else:
        click.echo(f"still needing a decision: {len(state.pending) + len(state.invalid)}")
    sys.exit(EXIT_OK if state.complete else EXIT_PENDING)


def _print_review_table(result, state) -> None:
    click.echo(f"{result.path}  sha256 {(result.sha256 or '')[:12]}…  verdict {result.verdict}  policy {result.policy_name} {result.policy_version}")
    if result.verdict == "error":
        click.echo(f"  not screened: {result.error}: fix the file; it cannot be signed off")
    decided = [finding for finding in result.findings if finding.action != "allow"]
    if not decided:
        click.echo("  nothing needs a decision")
    for finding in decided:
        click.echo(
            f"  {finding.fingerprint}  {finding.action:<6} {finding.rule:<22} {finding.preview:<22} "
            f"{finding.location.describe():<24} {_status_of(finding.fingerprint, state)}"
        )
    if state.stale:
        click.echo(f"  stale sign-offs (match nothing in this version): {len(state.stale)}: " + ", ".join(r.fingerprint for r in state.stale[:10]))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Parallel worker processes.")
@policy_option
@category_option
@ledger_option
def gate(paths, output_format, workers, policy, category, ledger_location) -> None:
    """May these documents go online? Exit 0 only if every one passes or has valid sign-offs for all its review/block findings."""
    loaded = _load_policy(policy)
    decisions = []
    with _open_ledger(ledger_location) as ledger:
        with loading_for_good():
            from screening.api import scan_tree

        for result in scan_tree(paths, policy=loaded, category=category, workers=workers):
            ledger.record_scan(result)
            decision = gate_result(result, ledger, loaded)
            decisions.append(decision.to_dict())
            if output_format == "text":
                click.echo(f"{'PASS 通过' if decision.passed else 'FAIL 不通过'}  {decision.path}")
                for reason in decision.reasons:
                    click.echo(f"    {reason}")
                if decision.stale:
                    click.echo(f"    note: {len(decision.stale)} stale sign-off(s) match nothing in this version")
    if not decisions:
        _fail("nothing to screen: no files under the given paths")
    passed = all(decision["passed"] for decision in decisions)
    if output_format == "json":
        click.echo(json.dumps({"passed": passed, "documents": decisions}, ensure_ascii=False, indent=2))
    sys.exit(EXIT_OK if passed else EXIT_PENDING)


def _month(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter(f"not a month (YYYY-MM, 01 to 12): {value!r}")
    return value


@click.group("ledger")
def ledger_group() -> None:
    """The ledger of scans and sign-offs."""


@ledger_group.command("export")
@click.option("--format", "output_format", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.option("--since", metavar="YYYY-MM", callback=lambda _ctx, _param, value: _month(value), help="Only months from this one on.")
@click.option("--until", metavar="YYYY-MM", callback=lambda _ctx, _param, value: _month(value),
              help="Only months up to this one (included): --since 2026-01 --until 2026-12 is the year 2026.")
@ledger_option
def ledger_export(output_format, output, since, until, ledger_location) -> None:
    """Counts per month, category, verdict, action and basis (for the 年度报告), as CSV."""
    if since and until and until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}", param_hint="--until")
    with _open_ledger(ledger_location, must_exist=True) as ledger, contextlib.ExitStack() as stack:
        out = stack.enter_context(open(output, "w", encoding="utf-8", newline="")) if output else sys.stdout
        rows = write_csv(ledger, out, since, until)
    if output:
        click.echo(f"{rows} rows written to {output}", err=True)


@ledger_group.command("purge-drafts")
@click.option("--older-than", "keep_days", metavar="DAYS", type=click.IntRange(0), default=DEFAULT_KEEP_DAYS, show_default=True,
              help="Delete the drafts of submissions made more than DAYS days ago.")
@click.option("--pending-too", is_flag=True, help="Also those whose review is still open (neither complete nor sent back).")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@ledger_option
def ledger_purge_drafts(keep_days, pending_too, dry_run, ledger_location) -> None:
    """Delete the uploaded drafts the review desk no longer needs (the scans, views and history stay)."""
    with _open_ledger(ledger_location, must_exist=True) as ledger:
        done = purge_drafts(ledger, keep_days, pending_too=pending_too, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb} {done.deleted} draft(s), {done.bytes:,} bytes, of submissions older than {keep_days} days")
    if done.kept_open:
        click.echo(f"kept {done.kept_open} draft(s) past that age: their review is still open (--pending-too deletes them)")
