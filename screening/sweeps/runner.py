"""`screening sweep`: find what is already published and should no longer be (谁公开、谁清理, 定期清理).

A SOURCE is a folder (a mirror of the site, a CMS export) or a site URL (crawled by
screening.sweeps.crawl). Each run:

1. walks the source and compares every item with its state in the ledger
   (screening.sweeps.sweep_state): a file whose size and mtime — or a URL whose validators or sha256 —
   and policy are unchanged is not read again; the rest is screened (with `workers`
   processes for folders) and recorded in small batches, one transaction each
   (screening.workflow.batches), so a killed run resumes losing at most the batch in hand;
2. marks what disappeared as removed (its findings become `resolved`);
3. gives every item still online a clearance date from the policy's retention rules
   (screening.sweeps.retention): personal data now, a 资助公示 when its 公示期 ends, …, with the
   owner from the owners file or the document's own 发布机构 (screening.sweeps.owners);
4. checks the partial identifiers of all live items together for aggregation risk
   (screening.sweeps.aggregation).

Findings carry a status across runs: `new` (first seen this run), `open` (seen before, still
there) or `resolved` (gone: the document was edited or removed). The run is *urgent* when
it found a new block finding or a clearance fell due since the last run; `sweep` then
exits 1, so cron mails the operator.
"""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from policies import Policy
from screening import __version__
from screening.sweeps.aggregation import (
    AggregationRisk,
    Fragment,
    PatternOutlier,
    aggregation_risks,
    fragments_of,
    pattern_outliers,
)
from screening.workflow.ledger import Ledger, SignOff
from screening.model import ScanResult, display_path
from screening.sweeps.owners import Owner, OwnerMap
from screening.sweeps.sites import SiteSettings
from screening.sweeps.retention import Clearance, clearance_for
from screening.sweeps.tasks import record_tasks
from screening.workflow.batches import WriteBatch
from screening.workflow.chains import progress
from screening.workflow.review import BLOCK_BASES
from screening.engine.parallel import map_in_workers, pays_for_workers
from screening.engine.scanner import Limits, iter_tree, screen_bytes, screen_file
from screening.engine.names import mask_names, masked_path
from screening.sources.formats import (
    HTML_SUFFIXES,
    IMAGE_SUFFIXES,
    LEGACY_SUFFIXES,
    SIGNED_SUFFIXES,
    TABLE_SUFFIXES,
)
from screening.sources.ocr import THREADS_VARIABLE
from screening.sources.encoding import UnreadableInput
from screening.sources.files import open_regular
from screening.sweeps.sweep_state import (
    IndexEntry,
    ItemRecord,
    ItemState,
    Observed,
    SweepState,
    sweep_lock,
)

if TYPE_CHECKING:
    from screening.engine.screener import Screener

KNOWN_SUFFIXES = HTML_SUFFIXES | TABLE_SUFFIXES | IMAGE_SUFFIXES | LEGACY_SUFFIXES | set(SIGNED_SUFFIXES) | {".txt", ".md"}
MASKED_KEY_TAG = 8  # hex digits of a masked key's tag: names that mask alike stay two items


@dataclass(frozen=True)
class SweepOptions:
    policy: Policy
    as_of: date
    owners: OwnerMap = field(default_factory=OwnerMap.empty)
    workers: int = 1
    limits: Limits = Limits()
    crawl_limits: Any = None  # screening.sweeps.crawl.CrawlLimits; None: its defaults
    rescan: bool = False  # read every item again, changed or not
    cluster: str | None = None  # `local:N` or a Dask scheduler address: screen on its workers (sweeps.cluster_sweep)
    sites: tuple[SiteSettings, ...] = ()  # from a sites file: each site's owner, rate and page limit


@dataclass
class SweptDocument:
    """One item of the sweep report: what it is, what changed, what must be done by when."""

    source: str
    key: str
    status: str  # new | changed | unchanged | removed | unseen (a site item an incomplete crawl did not reach)
    verdict: str | None
    category: str | None
    sha256: str | None = None
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    clearance: Clearance | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)  # masked, each with "status"
    source_page: str | None = None
    newly_due: bool = False

    @property
    def path(self) -> str:
        return self.key if "://" in self.key else str(Path(self.source) / self.key)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "path": self.path, "source": self.source, "status": self.status, "sha256": self.sha256, "verdict": self.verdict,
            "category": self.category, "error": self.error, "metadata": self.metadata,
            "clearance": self.clearance.to_dict() if self.clearance else None, "findings": self.findings,
        }
        if self.source_page:
            data["source_page"] = self.source_page
        return data


@dataclass
class SweepReport:
    run_id: int
    started_at: str
    as_of: date
    sources: list[str]
    policy: Policy
    finished_at: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    documents: list[SweptDocument] = field(default_factory=list)
    aggregation: list[AggregationRisk] = field(default_factory=list)
    pattern_outliers: list[PatternOutlier] = field(default_factory=list)
    interrupted_runs: int = 0  # earlier runs found killed; this one resumed their work
    urgent: list[str] = field(default_factory=list)  # what is new and urgent, one masked line each
    notes: list[str] = field(default_factory=list)  # what the operator should know about this run

    @property
    def exit_code(self) -> int:
        return 1 if self.urgent else 0

    def worklist(self) -> dict[tuple[str, str], list[SweptDocument]]:
        """Documents with a clearance, by site (the swept source) and owner (谁公开、谁清理), most urgent
        first within each."""
        groups: dict[tuple[str, str], list[SweptDocument]] = {}
        for document in self.documents:
            if document.clearance and document.status != "removed":
                groups.setdefault((document.source, document.clearance.owner or "（未指定责任单位）"), []).append(document)
        for documents in groups.values():
            documents.sort(key=lambda d: (not d.clearance.urgent, d.clearance.due, d.path))
        return dict(sorted(groups.items(), key=lambda item: (min(d.clearance.due for d in item[1]), item[0])))

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "screening", "version": __version__},
            "policy": {"name": self.policy.name, "version": self.policy.version},
            "sweep": {"run": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
                      "as_of": self.as_of.isoformat(), "sources": self.sources, "counts": self.counts,
                      "interrupted_runs_resumed": self.interrupted_runs, "urgent": self.urgent, "notes": self.notes},
            "worklist": [
                {"site": site, "owner": owner, "documents": [
                    {"path": d.path, **d.clearance.to_dict(), "overdue": d.clearance.overdue(self.as_of)} for d in documents]}
                for (site, owner), documents in self.worklist().items()
            ],
            "documents": [document.to_dict() for document in self.documents],
            "aggregation": [risk.to_dict() for risk in self.aggregation],
            "pattern_outliers": [outlier.to_dict() for outlier in self.pattern_outliers],
        }


# --- screening one item (in this process or a worker) ---------------------------------------

def _without_values(result: ScanResult, fragment_key: bytes) -> tuple[ScanResult, list[Fragment]]:
    """The fragments of a values scan, then the scan with every raw value dropped."""
    found = fragments_of(result, fragment_key) if result.verdict != "error" else []
    for finding in result.findings:
        finding.text = None
    mask_names(result)
    return result, found


_worker: tuple[Screener, SweepOptions, bytes] | None = None


def _init_worker(options: SweepOptions, fragment_key: bytes) -> None:
    global _worker
    os.environ.setdefault(THREADS_VARIABLE, str(max(1, (os.cpu_count() or 1) // options.workers)))
    from screening.engine.screener import Screener

    _worker = (Screener(options.policy, show_values=True), options, fragment_key)


def _screen_path(screener: Screener, options: SweepOptions, fragment_key: bytes, path: str) -> tuple[ScanResult, list[Fragment]]:
    return _without_values(screen_file(screener, path, None, options.limits, with_metadata=True), fragment_key)


def _screen_path_in_worker(path: str) -> tuple[ScanResult, list[Fragment]]:
    screener, options, fragment_key = _worker
    return _screen_path(screener, options, fragment_key, path)


def _screened(paths: list[str], screener: Screener | None, options: SweepOptions, fragment_key: bytes) -> Iterator[tuple[ScanResult, list[Fragment]]]:
    """Screen `paths` in order: here with `screener`, else (None) in `options.workers` processes."""
    if screener is not None or not paths:
        for path in paths:
            yield _screen_path(screener, options, fragment_key, path)
        return
    yield from map_in_workers(_screen_path_in_worker, paths, options.workers, _init_worker, (options, fragment_key), chunksize=2)


# --- the run ----------------------------------------------------------------------------------

def finding_statuses(previous: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Current findings marked new or open, then the previous ones gone now, marked resolved."""
    before = {finding["fingerprint"] for finding in previous}
    now = {finding["fingerprint"] for finding in current}
    return ([{**finding, "status": "open" if finding["fingerprint"] in before else "new"} for finding in current]
            + [{**finding, "status": "resolved"} for finding in previous if finding["fingerprint"] not in now])


@dataclass(frozen=True)
class Change:
    """A file the walk found new or changed, with its state before this run."""

    path: str
    key: str
    observed: Observed
    previous: ItemState | None


@dataclass
class Settled:
    """What a sweep settled: its counts, the documents someone must look at (masked) and the
    clearances newly due. All a cluster worker sends back."""

    counts: dict[str, int]
    documents: list[SweptDocument]
    due_items: list[tuple[ItemState, str]]
    items: int = 0  # every item settled, listed in `documents` or not (progress)


class Sweep:
    """One run over some sources. `on_item(document)` is called as each item is settled (progress);
    on a cluster, only for the documents that come back, and `on_unlisted(n)` for the n other items
    a worker settled."""

    def __init__(self, ledger: Ledger, options: SweepOptions, on_item: Callable[[SweptDocument], None] | None = None,
                 on_unlisted: Callable[[int], None] | None = None) -> None:
        self.ledger = ledger
        self.options = options
        self.state = SweepState(ledger)
        self.on_item = on_item or (lambda document: None)
        self.on_unlisted = on_unlisted or (lambda count: None)
        self.items = 0  # items settled (reported), listed or not
        self.counts = dict.fromkeys(("seen", "screened", "unchanged", "removed", "errors", "skipped", "unseen"), 0)
        self.documents: dict[tuple[str, str], SweptDocument] = {}
        self._due_items: list[tuple[ItemState, str]] = []  # newly due clearances, marked reported at the end
        self._screener: Screener | None = None
        self._signed: dict[str | None, dict[str, list[SignOff]]] | None = None
        self._pending: WriteBatch[ItemRecord] = WriteBatch(self._record_many)  # screened, not yet recorded
        # Set by sweeps.cluster_sweep: screens a folder's changed files on the cluster's workers.
        self.screen_changes: Callable[[str, list[tuple[str, str, Observed, int | None]]], None] | None = None

    @property
    def screener(self) -> Screener:
        if self._screener is None:  # loaded only when something changed: an unchanged re-sweep loads no model
            from screening.engine.screener import Screener

            self._screener = Screener(self.options.policy, show_values=True)
        return self._screener

    def _masked(self, key: str) -> str:
        """The item key with identifiers in it masked (the ledger never holds a raw value); the
        screener is loaded only for a key with a long enough digit run.

        Names that mask alike (a folder of photos named by ID number: 3401**********36.jpg for
        many pupils) must stay apart, so a masked key ends with a tag keyed by the run's fragment
        key: the same name always gets the same tag, and the tag reveals nothing without the key."""
        masked = masked_path(key, lambda: self.screener)
        if masked == key:
            return key
        tag = hmac.new(self.fragment_key, key.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()[:MASKED_KEY_TAG]
        return f"{masked} ~{tag}"

    @property
    def policy_tag(self) -> str:
        return f"{self.options.policy.name}@{self.options.policy.version}"

    def run(self, sources: list[str]) -> SweepReport:
        walked = [normalise_source(source) for source in sources]
        sources = [display_path(source) for source in walked]  # as the ledger and reports hold them
        with sweep_lock(self.ledger), self._cluster() as client:  # a cluster that cannot be used records nothing
            self.fragment_key = self.state.fragment_key()  # before the run is recorded: a bad key records nothing
            run_id, interrupted = self.state.begin_run(sources, self.options.as_of.isoformat())
            report = SweepReport(run_id=run_id, started_at=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                                 as_of=self.options.as_of, sources=sources, policy=self.options.policy, interrupted_runs=interrupted)
            if self.state.fragments_reset:
                report.notes.append("信息汇聚索引的密钥已更换：旧索引已清空，只含本次读取的文件（--rescan 可重建全部）")
            if client is not None:
                from screening.sweeps.cluster_sweep import sweep_on_cluster

                sweep_on_cluster(self, client, sources, walked)
            else:
                for source, folder in zip(sources, walked):
                    if "://" in source:
                        self._sweep_site(source)
                    else:
                        self._sweep_folder(source, folder)
            self._settle(sources, report)
            self.state.finish_run(run_id, self.counts)
            report.finished_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
            report.counts = dict(self.counts)
        return report

    @contextmanager
    def _cluster(self) -> Iterator[Any]:
        """The Dask client of `options.cluster`, or None when the sweep runs here."""
        if not self.options.cluster:
            yield None
            return
        from screening.engine.cluster import dask_client

        with dask_client(self.options.cluster) as client:
            yield client

    # --- folders ---

    def _sweep_folder(self, source: str, folder: str) -> None:
        """Sweep the folder `folder`, recorded as `source` (its display_path)."""
        # The walk compares each file with a small index; full item states are read only for what
        # changed, and the unchanged ones are reported afterwards from a streamed query: memory
        # stays bounded by the index, not by the findings and metadata of the whole archive.
        index = self.state.index(source)
        changed: list[tuple[str, str, Observed, int | None]] = []
        handled: set[str] = set()  # keys settled by this run other than "unchanged"
        prefix = folder.rstrip(os.sep) + os.sep
        for entry in iter_tree([folder]):
            # display_path, then masked: the same undecodable name and the same identifier in a
            # name give the same key on every run
            key = self._masked(display_path(entry.path[len(prefix):].replace(os.sep, "/") if entry.path.startswith(prefix) else Path(entry.path).name))
            self.counts["seen"] += 1
            known = index.pop(key, None)
            if entry.error:
                handled.add(key)
                self._record_error(source, key, entry.error, Observed(), self._previous(known))
                continue
            try:
                status = os.stat(entry.path)
            except OSError as error:  # the folder changed under the sweep: the next run retries
                handled.add(key)
                self._record_error(source, key, f"cannot stat: {error.strerror or type(error).__name__}", Observed(), self._previous(known))
                continue
            observed = Observed(size=status.st_size, mtime_ns=status.st_mtime_ns)
            if self._unchanged(known, observed):
                self.counts["unchanged"] += 1
            elif self._touched(known, observed, entry.path):
                self.state.touch_id(known.id, observed)
                self.counts["unchanged"] += 1
            else:
                handled.add(key)
                changed.append((entry.path, key, observed, known.id if known else None))
        if self.screen_changes is not None:
            self.screen_changes(source, changed)
        else:
            parallel = pays_for_workers(sum(observed.size or 0 for _, _, observed, _ in changed), len(changed), self.options.workers)
            in_process = changed and not parallel  # else the workers load their own engine
            results = _screened([path for path, *_ in changed], self.screener if in_process else None, self.options, self.fragment_key)
            for (_path, key, observed, known_id), (result, found) in zip(changed, results):
                self._store(source, key, result, observed, self.state.item(known_id) if known_id else None, found)
        self._pending.flush()
        # What is left in the index was not found: removed (once).
        gone = [entry.id for entry in index.values() if not entry.removed]
        self._remove([self.state.item(item_id) for item_id in gone])
        for item in self.state.live_items(source):
            if item.key not in handled:
                self._report(item, "unchanged", [{**finding, "status": "open"} for finding in item.open_findings])

    def _previous(self, known: IndexEntry | None) -> ItemState | None:
        return self.state.item(known.id) if known else None

    def _unchanged(self, known: IndexEntry | None, observed: Observed) -> bool:
        return (known is not None and self._reusable_entry(known)
                and known.size == observed.size and known.mtime_ns == observed.mtime_ns)

    def _touched(self, known: IndexEntry | None, observed: Observed, path: str) -> bool:
        """Same size, new mtime, same bytes (copied, re-saved, restored from backup): nothing to read again."""
        if known is None or known.size != observed.size or not self._reusable_entry(known):
            return False
        try:
            with open_regular(path) as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest() == known.sha256
        except (OSError, UnreadableInput):
            return False

    def _reusable_entry(self, known: IndexEntry) -> bool:
        return not self.options.rescan and not known.removed and not known.error and known.policy == self.policy_tag

    def _reusable(self, previous: ItemState) -> bool:
        """Whether what the ledger holds for `previous` still stands, if its content is unchanged."""
        return not self.options.rescan and previous.removed_at is None and previous.error is None and previous.policy == self.policy_tag

    # --- sites ---

    def _sweep_site(self, source: str, before: dict[str, ItemState] | None = None) -> None:
        """Crawl and sweep one site. `before`: its items as read before the run handed it to a worker
        (a task run again after its worker died finds some already recorded)."""
        from screening.sweeps.crawl import CrawlLimits, Validators, crawl, cuts_crawl_short

        known = before if before is not None else self.state.items(source)
        limits = self.options.crawl_limits or CrawlLimits()
        site = self._site(source)
        if site is not None:  # its own pace and page limit from the sites file
            limits = replace(limits, rate_per_second=site.rate or limits.rate_per_second, max_pages=site.max_pages or limits.max_pages)

        def validators(url: str) -> Validators | None:
            item = known.get(self._masked(url))
            if item is None or not self._reusable(item):
                return None
            return Validators(etag=item.etag, last_modified=item.last_modified)

        seen: set[str] = set()
        not_found: set[str] = set()
        complete = True  # whether the crawl saw the whole site, so that what it did not see is gone
        for fetched in crawl([source], limits=limits, known=validators):
            # A page that failed (other than 404/410) hides the pages only it links to.
            complete &= not cuts_crawl_short(fetched) and not (
                fetched.kind == "page" and fetched.status == "error" and fetched.http_status not in (404, 410))
            key = self._masked(fetched.url)  # the ledger's key and the report's path, as for a file name
            previous = known.get(key)
            source_page = self._masked(fetched.source_page) if fetched.source_page else None
            observed = Observed(etag=fetched.etag, last_modified=fetched.last_modified, source_page=source_page,
                                size=len(fetched.content) if fetched.content is not None else None)
            if fetched.status == "skipped":  # not read (robots, a trap, a limit), but still online: not removed
                self.counts["skipped"] += 1
                seen.add(key)
                continue
            seen.add(key)
            self.counts["seen"] += 1
            if before is not None and fetched.http_status not in (404, 410) and self._recorded_since(source, key, previous):
                continue
            if fetched.status == "not-modified" and previous is not None:
                self._keep(previous)
            elif fetched.status == "error":
                if fetched.http_status in (404, 410):
                    if previous is not None:
                        not_found.add(key)  # gone from the site, whether or not the crawl completes
                    else:  # a broken link to something never published: nothing to clean up
                        self.counts["seen"] -= 1
                        self.counts["skipped"] += 1
                else:
                    self._record_error(source, key, fetched.error or "fetch failed", observed, previous)
            elif previous is not None and self._same_content(previous, fetched.content):
                self.state.touch(previous, observed)
                self._keep(previous)
            else:
                name = reader_name(fetched.url, fetched.content_type)
                result, found = _without_values(
                    screen_bytes(self.screener, fetched.content or b"", name, None, self.options.limits, with_metadata=True),
                    self.fragment_key)
                self._store(source, key, replace(result, path=key), observed, previous, found)
        self._pending.flush()
        gone = {url for url in known if url not in seen} if complete else set()
        gone |= {url for url in known if url in not_found}
        self._remove([item for url, item in known.items() if item.removed_at is None and url in gone])
        for url, item in known.items():  # not reached this time: still online as far as we know
            if url not in seen and url not in gone and item.removed_at is None:
                self.counts["unseen"] += 1
                self._report(item, "unseen", [{**finding, "status": "open"} for finding in item.open_findings])

    def _same_content(self, previous: ItemState, content: bytes | None) -> bool:
        return content is not None and self._reusable(previous) and previous.sha256 == hashlib.sha256(content).hexdigest()

    # --- recording ---

    def _keep(self, item: ItemState) -> None:
        self.counts["unchanged"] += 1
        self._report(item, "unchanged", [{**finding, "status": "open"} for finding in item.open_findings])

    def _store(self, source: str, key: str, result: ScanResult, observed: Observed, previous: ItemState | None,
               found: list[Fragment]) -> None:
        # An unreadable item keeps the findings it had: failing to read it does not resolve them.
        kept = previous.open_findings if result.verdict == "error" and previous and not previous.removed_at else None
        self._pending.add(ItemRecord(source, key, result, observed, previous, tuple(found), kept))

    def _record_many(self, records: list[ItemRecord]) -> None:
        """Record a batch of screened items in one transaction, then report them."""
        for record, item in zip(records, self.state.record_many(records)):
            self._stored(item, record.previous)

    def record_change(self, source: str, change: Change) -> None:
        """Screen one new or changed file and record it with the task's batch (a cluster worker's task).
        A file recorded since the walk read `change.previous` was recorded by a worker that died
        before it could answer: it is reported from the ledger, not screened and recorded again."""
        if not self._recorded_since(source, change.key, change.previous):
            result, found = _screen_path(self.screener, self.options, self.fragment_key, change.path)
            self._store(source, change.key, result, change.observed, change.previous, found)

    def _recorded_since(self, source: str, key: str, previous: ItemState | None) -> bool:
        """Whether `key` was recorded after `previous` was read (by a worker that died before it could
        answer: its task runs again); if so it is reported from the ledger, not recorded twice."""
        current = self.state.item_by_key(source, key)
        if current is None or (previous is not None and current.scan_id == previous.scan_id):
            return False
        self._stored(current, previous)
        return True

    def _stored(self, item: ItemState, previous: ItemState | None) -> None:
        self.counts["screened"] += 1
        self.counts["errors"] += item.verdict == "error"
        status = "new" if previous is None or previous.removed_at else "changed"
        self._report(item, status, finding_statuses(previous.open_findings if previous and not previous.removed_at else [],
                                                     item.open_findings))

    def _record_error(self, source: str, key: str, error: str, observed: Observed, previous: ItemState | None) -> None:
        result = ScanResult(path=key, verdict="error", error=error, policy_name=self.options.policy.name,
                            policy_version=self.options.policy.version)
        if previous is not None:  # keep what is known of its content; only the error is new
            result.sha256, result.category = previous.sha256, previous.category
            result.metadata = None
        self._store(source, key, result, observed, previous, [])

    def _remove(self, items: list[ItemState]) -> None:
        self.state.mark_removed(items)
        for item in items:
            self.counts["removed"] += 1
            self._report(item, "removed", [{**finding, "status": "resolved"} for finding in item.open_findings])

    def _report(self, item: ItemState, status: str, findings: list[dict[str, Any]]) -> None:
        self.items += 1
        document = SweptDocument(
            source=item.source, key=item.key, status=status, verdict=item.verdict, category=item.category, sha256=item.sha256,
            error=item.error, metadata=item.doc_metadata, findings=findings, source_page=item.source_page,
        )
        if status != "removed":
            document.clearance = self._clearance(item)
            document.newly_due = bool(document.clearance and document.clearance.overdue(self.options.as_of)
                                      and item.due_reported != document.clearance.due.isoformat())
        if findings or document.clearance or document.error or status == "removed":
            self.documents[(item.source, item.key)] = document  # only what someone must look at is kept
            if document.newly_due:
                self._due_items.append((item, document.clearance.due.isoformat()))
        self.on_item(document)

    def settled(self) -> Settled:
        """What this (worker's) sweep settled, to send back to the one that runs the report."""
        self._pending.flush()
        return Settled(dict(self.counts), list(self.documents.values()), list(self._due_items), self.items)

    def absorb(self, settled: Settled) -> None:
        """Take in what a worker settled (sweeps.cluster_sweep): counts, documents, newly due clearances."""
        for name, count in settled.counts.items():
            self.counts[name] += count
        for document in settled.documents:
            self.documents[(document.source, document.key)] = document
            self.on_item(document)
        self.items += settled.items
        self.on_unlisted(settled.items - len(settled.documents))
        self._due_items.extend(settled.due_items)

    def _site(self, source: str) -> SiteSettings | None:
        return next((site for site in self.options.sites if normalise_source(site.url) == source), None)

    def _clearance(self, item: ItemState) -> Clearance | None:
        candidates = [rule for rule in self.options.policy.retention if not rule.categories or item.category in rule.categories]
        if not candidates or (all(rule.when == "block-finding" for rule in candidates) and not self._has_unsigned_block(item)):
            return None  # most of an archive: nothing decoded, nothing computed
        clearance = clearance_for(
            self.options.policy, category=item.category, metadata=item.doc_metadata,
            has_unsigned_block=self._has_unsigned_block(item), first_seen=date.fromisoformat(item.first_seen[:10]),
            as_of=self.options.as_of,
        )
        if clearance is None:
            return None
        site = self._site(item.source) if self.options.sites else None
        owner = self.options.owners.owner_for(item.key, publisher=item.doc_metadata.get("publisher"),
                                              site_owner=Owner(site.owner, "sites file") if site else None)
        return replace(clearance, owner=owner.name if owner else None, owner_source=owner.source if owner else None)

    def _has_unsigned_block(self, item: ItemState) -> bool:
        """A block finding whose review chain (the policy's, as the gate asks) no valid sign-off completes."""
        if not item.may_block:
            return False
        signed = self._block_signoffs().get(item.sha256, {})
        return any(
            not progress(self.options.policy.chain_for(finding["rule"], finding["entity_type"], "block", item.category),
                         signed.get(finding["fingerprint"], [])).complete
            for finding in item.open_findings if finding["action"] == "block"
        )

    def _block_signoffs(self) -> dict[str | None, dict[str, list[SignOff]]]:
        """Sign-offs with a basis that covers a block finding, by content and fingerprint; read once per run."""
        if self._signed is None:
            self._signed = {}
            for record in self.ledger.all_signoffs():
                if record.basis in BLOCK_BASES and record.note.strip():
                    self._signed.setdefault(record.sha256, {}).setdefault(record.fingerprint, []).append(record)
        return self._signed

    # --- after the walk ---

    def _settle(self, sources: list[str], report: SweepReport) -> None:
        live = self.state.live_fragments(sources)
        report.aggregation = aggregation_risks(live)
        report.pattern_outliers = pattern_outliers(live)
        report.documents = sorted(self.documents.values(), key=lambda d: (d.source, d.key))
        for document in report.documents:
            new_blocks = [f for f in document.findings if f["status"] == "new" and f["action"] == "block"]
            if new_blocks:
                report.urgent.append(f"{document.path}: {len(new_blocks)} 项新发现的禁止公开内容（{', '.join(sorted({f['rule'] for f in new_blocks}))}）")
            elif document.newly_due and document.clearance.urgent:
                report.urgent.append(f"{document.path}: 已到撤下期限 {document.clearance.due.isoformat()}（{document.clearance.rule}）")
        if self.options.as_of <= date.today():  # a what-if run in the future must not use up tomorrow's alert
            self.state.mark_due_reported(self._due_items)
            record_tasks(self.ledger, report.run_id, sources, report.documents)  # nor open tomorrow's 清理任务
        elif self._due_items:
            report.notes.append(f"评估日期 {self.options.as_of.isoformat()} 晚于今天：这是预演，到期提醒未记为已发出")


def sweep(sources: Iterable[str], ledger: Ledger, options: SweepOptions,
          on_item: Callable[[SweptDocument], None] | None = None, on_unlisted: Callable[[int], None] | None = None) -> SweepReport:
    """Sweep folders and sites; raises SweepLocked when another sweep holds the ledger."""
    return Sweep(ledger, options, on_item, on_unlisted).run(list(sources))


def reader_name(url: str, content_type: str | None) -> str:
    """A name the readers can pick a format from: the URL's path, with the extension of its
    Content-Type when the path has none (`/`, `/news/?id=3`, `/list_2.jsp`). The publish-date
    reading still sees the path's dates.

    >>> reader_name("https://www.example.edu.cn/", "text/html; charset=utf-8")
    '/www.example.edu.cn/index.html'
    >>> reader_name("https://x.cn/zwgk/202409/t20240902_1.html?id=3", "text/html")
    '/x.cn/zwgk/202409/t20240902_1.html'
    >>> reader_name("https://x.cn/down.jsp?f=a", "application/pdf")
    '/x.cn/down.jsp.pdf'
    """
    parts = urlsplit(url)
    path = "/" + parts.netloc + (parts.path or "/")
    if path.endswith("/"):
        path += "index"
    suffix = PurePosixPath(path).suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        mime = (content_type or "").split(";")[0].strip().lower()
        extension = ".html" if mime in ("text/html", "application/xhtml+xml") else mimetypes.guess_extension(mime) or ""
        path += extension
    return path


def normalise_source(source: str) -> str:
    """A folder as an absolute path, a site as given without a trailing slash difference."""
    if "://" in source:
        return source if source.count("/") > 2 else source + "/"
    return str(Path(source).resolve())
