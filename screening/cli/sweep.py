"""`screening sweep`: the scheduled sweep of what is already published (谁公开、谁清理).

Exit codes, for cron and systemd timers: 0 nothing new and urgent; 1 something is (a new
block finding, or a clearance that fell due since the last run); 2 a usage error — a bad
policy, owners or sites file, a missing source, an unusable ledger, another sweep still running
on the same ledger (this run then does nothing), or a cluster that cannot be used or went away.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path

import click

from screening.cli.workflow import (
    EXIT_USAGE,
    _fail,
    _load_policy,
    _open_ledger,
    ledger_option,
    policy_option,
)
from screening.sweeps.owners import OwnerMap, OwnersFileError
from screening.sweeps.sites import SiteList, SitesFileError
from screening.cli.progress import progress_wanted, scan_progress
from screening.reports.labels import Labels
from screening.sweeps.report import (
    write_dated_reports,
    write_sweep_json,
    write_sweep_table,
)
from screening.engine.cluster import ClusterError
from screening.engine.scanner import Limits
from screening.model import display_path
from screening.sweeps.runner import SweepOptions, normalise_source, sweep
from screening.sweeps.sweep_state import FragmentKeyError, SweepLocked


def _as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of: not a date (YYYY-MM-DD): {value!r}")


def _owners(path: Path | None) -> OwnerMap:
    if path is None:
        return OwnerMap.empty()
    try:
        return OwnerMap.load(path)
    except OwnersFileError as error:
        _fail(str(error))


def _crawl_limits(max_pages: int, rate: float, timeout: float, max_bytes: int):
    from screening.sweeps.crawl import CrawlLimits

    return CrawlLimits(max_pages=max_pages, rate_per_second=rate, timeout_s=timeout, max_bytes=max_bytes)


def _sites(path: Path | None) -> SiteList:
    if path is None:
        return SiteList(())
    try:
        return SiteList.load(path)
    except SitesFileError as error:
        _fail(str(error))


@click.command("sweep")
@click.argument("sources", nargs=-1)
@ledger_option
@policy_option
@click.option("--owners", "owners_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML file mapping paths or URL patterns to the office that must clean them up (谁公开、谁清理).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Evaluate clearance dates as on this day (default: today).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Parallel processes for changed files.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write dated JSON and HTML reports here (sweep-YYYYMMDD-HHMMSS-runN.*).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="What to print on stdout.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the stdout report here instead.")
@click.option("--rescan", is_flag=True, help="Read every item again, changed or not.")
@click.option("--max-pages", type=click.IntRange(1), default=2000, show_default=True, help="Site sources: pages fetched per run.")
@click.option("--rate", type=click.FloatRange(0.05), default=2.0, show_default=True, help="Site sources: requests per second.")
@click.option("--max-bytes", type=click.IntRange(1), default=Limits.max_bytes, show_default=True, help="Per-file (and per-download) size limit.")
@click.option("--timeout", type=click.FloatRange(1), default=Limits.seconds_per_file, show_default=True, help="Per-file time limit, seconds.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--sites", "sites_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML list of sites to crawl, each with its owner office and optionally its rate and max pages (docs/sweeps.md).")
@click.option("--cluster", metavar="local:N|tcp://HOST:8786", envvar="SCREENING_DASK_SCHEDULER",
              help="Screen on Dask workers: a LocalCluster of N processes, or a scheduler's address "
                   "(default: $SCREENING_DASK_SCHEDULER). The ledger must be reachable from every worker.")
def sweep_command(sources, ledger_location, policy, owners_file, as_of, workers, report_dir, output_format, output, rescan,
                  max_pages, rate, max_bytes, timeout, ocr, sites_file, cluster) -> None:
    """定期清理: sweep published folders or sites (http(s)://…) for what must come down, and by when.

    Only what changed since the last run is read; the rest is judged from the ledger.
    Exit 1 when something is new and urgent, 0 otherwise, 2 on a usage error."""
    loaded = _load_policy(policy)
    sites = _sites(sites_file)
    given = {normalise_source(source) for source in sources if "://" in source}
    sources = [*sources, *(url for url in sites.urls if normalise_source(url) not in given)]  # a site once, however written
    if not sources:
        _fail("nothing to sweep: give a folder or a site's URL, or --sites sites.yaml")
    for source in sources:
        if "://" in source:
            if not source.startswith(("http://", "https://")):
                _fail(f"{source}: a site must be an http:// or https:// URL")
        elif not Path(source).is_dir():
            _fail(f"{display_path(source)}: not a folder (give the folder that mirrors the site, or the site's URL)")
    options = SweepOptions(
        policy=loaded, as_of=_as_of(as_of), owners=_owners(owners_file), workers=workers, rescan=rescan,
        limits=Limits(max_bytes=max_bytes, seconds_per_file=timeout, ocr=ocr), sites=sites.settings,
        cluster=cluster or None,
        crawl_limits=_crawl_limits(max_pages, rate, min(timeout, 60.0), max_bytes) if any("://" in s for s in sources) else None,
    )
    with contextlib.ExitStack() as stack:
        ledger = stack.enter_context(_open_ledger(ledger_location))
        show_progress = progress_wanted(sys.stderr, output is None, sys.stdout)
        done = stack.enter_context(scan_progress(show_progress, Labels("zh")))
        try:
            report = sweep(sources, ledger, options, on_item=done, on_unlisted=lambda count: done(None, count))
        except SweepLocked as error:
            _fail(f"{error}: this run did nothing", EXIT_USAGE)
        except (FragmentKeyError, ClusterError) as error:
            _fail(str(error), EXIT_USAGE)
        out = stack.enter_context(open(output, "w", encoding="utf-8")) if output else sys.stdout
        (write_sweep_json if output_format == "json" else write_sweep_table)(report, out)
        if report_dir:
            for path in write_dated_reports(report, report_dir):
                click.echo(f"report: {path}", err=True)
    sys.exit(report.exit_code)

