"""Sweeps on a Dask cluster (issue 16): a LocalCluster of two worker processes sweeps a folder and
several loopback sites into an SQLite or PostgreSQL ledger and reports what one process reports;
each site keeps its own pace on its worker; workers killed mid-sweep lose nothing and records
nothing twice; a scheduler that goes away is exit 2 and the next run resumes; the sweep lock
still keeps two sweeps apart; a sites file gives each site its owner, rate and page limit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_id
from site_server import serve_pages
from sqlalchemy import func, select
from test_sweep import notices, write_archive

from policies import load_policy
from screening.cli import main
from screening.sweeps.runner import SweepOptions, sweep
from screening.sweeps.sites import SiteList
from screening.sweeps.sweep_state import sweep_lock
from screening.workflow.ledger import Ledger, scans, sweep_items, sweep_runs

distributed = pytest.importorskip("distributed")

FRAGMENT_KEY = "5c" * 32  # one key for both ledgers: masked keys and aggregation compare alike
RATE = 10.0  # requests per second per site in these tests: 0.1 s apart


@pytest.fixture(autouse=True)
def fragment_key(monkeypatch):
    monkeypatch.setenv("SCREENING_FRAGMENT_KEY", FRAGMENT_KEY)


def _site_pages(number: int) -> dict:
    """A small school site: a home page, a 公示 page with a dated period and a roster attachment, news."""
    return {
        "/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain", None),
        "/": (f"<html><body><a href='/zzgz/gs.html'>资助公示</a><a href='/news/{number}.html'>新闻</a></body></html>".encode(),
              "text/html; charset=utf-8", None),
        "/zzgz/gs.html": (("<html><head><title>国家助学金拟资助学生名单公示</title></head><body><h1>国家助学金拟资助学生名单公示</h1>"
                           "<p>发布日期：2024-09-02</p><p>公示期为2024年9月2日至2024年9月6日。</p>"
                           "<a href='/files/mingdan.csv'>附件：名单</a></body></html>").encode(), "text/html; charset=utf-8", None),
        f"/news/{number}.html": (f"<html><body><p>第{number}中学举行秋季运动会。发布时间：2024-10-12</p></body></html>".encode(),
                                 "text/html; charset=utf-8", None),
        "/files/mingdan.csv": (f"姓名,身份证号\n王晓明,{make_id(sequence=f'{700 + number:03d}')}\n".encode(), "text/csv", '"v1"'),
    }


@pytest.fixture(scope="module")
def sites():
    """Three sites on loopback (three ports: three hosts to the crawler), each logging its requests."""
    served = []
    for number in range(3):
        log: list[tuple[float, str]] = []
        server, url = serve_pages(_site_pages(number), log)
        served.append((server, url, log))
    yield [(url, log) for _, url, log in served]
    for server, _, _ in served:
        server.shutdown()


def _sites_list(urls: list[str]) -> SiteList:
    return SiteList.from_data({"sites": [{"url": url, "owner": f"第{number}中学", "rate": RATE} for number, url in enumerate(urls)]},
                              "sites.yaml")


def _options(site_list: SiteList, **changes) -> SweepOptions:
    from screening.sweeps.crawl import CrawlLimits

    return SweepOptions(policy=load_policy("default"), as_of=date(2024, 10, 20), sites=site_list.settings,
                        crawl_limits=CrawlLimits(rate_per_second=RATE), **changes)


def _comparable(report) -> dict:
    data = report.to_dict()
    for moving in ("run", "started_at", "finished_at"):
        data["sweep"].pop(moving)
    return data


def _counted(location: str, table) -> int:
    with Ledger.open(location) as ledger, ledger.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar()


def _scheduler(client) -> str:
    return client.scheduler.address


def test_a_cluster_sweep_of_a_folder_and_sites_reports_what_one_process_does(tmp_path, ledger_location, dask_cluster, sites):
    folder = write_archive(tmp_path / "site")
    notices(folder / "tzgg", 20)
    urls = [url for url, _ in sites]
    site_list = _sites_list(urls)
    sources = [str(folder), *urls]
    for _, log in sites:
        log.clear()
    progress = {"alone": 0, "listed": 0, "unlisted": 0}  # what a progress line counts

    def count(kind: str, number: int = 1) -> None:
        progress[kind] += number

    with Ledger.open(tmp_path / "alone.sqlite3") as ledger:
        alone = sweep(sources, ledger, _options(site_list), on_item=lambda document: count("alone"))
    for _, log in sites:
        log.clear()
    with Ledger.open(ledger_location) as ledger:
        spread = sweep(sources, ledger, _options(site_list, cluster=_scheduler(dask_cluster)),
                       on_item=lambda document: count("listed"), on_unlisted=lambda number: count("unlisted", number))
    assert _comparable(spread) == _comparable(alone)
    counts = spread.counts
    assert counts["screened"] == 25 + 3 * 4 and counts["errors"] == 0 and spread.exit_code == 1
    # The progress line counts every item, not only the documents that came back from the workers.
    assert progress["unlisted"] > 0 and progress["listed"] + progress["unlisted"] == progress["alone"] >= counts["screened"]
    # The worklist is grouped by site and office: each school's own site under its own name.
    groups = {(group["site"], group["owner"]) for group in spread.to_dict()["worklist"]}
    assert {(url, f"第{number}中学") for number, url in enumerate(urls)} <= groups
    assert any(site == spread.sources[0] for site, _ in groups)  # the folder's own documents, under the folder
    # Each site kept its own pace on whichever worker crawled it, while the sites crawled side by side.
    spans = []
    for _, log in sites:
        times = sorted(moment for moment, _ in log)
        assert len(times) >= 5
        # The mean gap, not the smallest: on a busy machine one request reaches the server late and
        # the next on time, so one gap at the server shrinks (to 12 ms in one CI-like run) while the
        # pace kept holds; unthrottled requests would come milliseconds apart on average too.
        assert (times[-1] - times[0]) / (len(times) - 1) >= 0.9 / RATE
        spans.append((times[0], times[-1]))
    assert any(a[0] < b[1] and b[0] < a[1] for a in spans for b in spans if a is not b), "no two sites crawled at once"
    assert _counted(ledger_location, scans) == counts["screened"]  # each item recorded once
    # Nothing changed: the re-sweep on the cluster reads nothing again and still reports the same.
    with Ledger.open(tmp_path / "alone.sqlite3") as ledger:
        alone = sweep(sources, ledger, _options(site_list))
    with Ledger.open(ledger_location) as ledger:
        spread = sweep(sources, ledger, _options(site_list, cluster=_scheduler(dask_cluster)))
    assert _comparable(spread) == _comparable(alone)
    assert spread.counts["screened"] == 0 and spread.counts["unchanged"] == 25 + 3 * 4


def _swept_alone(tmp_path: Path, documents: int):
    """A folder of generated notices, the options, and its sweep by one process (what the cluster must report)."""
    folder = notices(tmp_path / "archive", documents)
    options = _options(SiteList(()))
    with Ledger.open(tmp_path / "alone.sqlite3") as ledger:
        return folder, options, sweep([str(folder)], ledger, options)


def test_workers_killed_mid_sweep_lose_nothing_and_record_each_item_once(tmp_path, dask_cluster):
    folder, options, alone = _swept_alone(tmp_path, 64)
    location = str(tmp_path / "spread.sqlite3")
    pids = dask_cluster.run(os.getpid)  # worker address -> its process
    killed: list[int] = []
    absorbed: list[object] = []

    def kill_the_workers(document) -> None:
        absorbed.append(document)
        if killed:
            return
        # Wait until items are recorded that have not come back: a batch recorded in part, or done and
        # waiting on its worker for the client. Killing both workers then loses some of those answers,
        # and the batches run again on the restarted workers, over items already in the ledger.
        deadline = time.monotonic() + 30
        while _counted(location, sweep_items) - len(absorbed) < 3 and time.monotonic() < deadline:
            time.sleep(0.005)
        for victim in pids.values():
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    with Ledger.open(location) as ledger:
        spread = sweep([str(folder)], ledger, replace(options, cluster=_scheduler(dask_cluster)), on_item=kill_the_workers)
    assert killed
    assert _comparable(spread) == _comparable(alone)
    assert spread.counts["screened"] == 64
    assert _counted(location, sweep_items) == 64 and _counted(location, scans) == 64  # recorded once each
    dask_cluster.wait_for_workers(2, timeout=60)  # the nannies restart the killed workers for the next tests


def test_workers_killed_inside_a_batch_transaction_leave_none_of_it_and_it_is_recorded_once(tmp_path):
    folder, options, alone = _swept_alone(tmp_path, 32)
    location = str(tmp_path / "spread.sqlite3")

    def die_inside_the_first_batch() -> None:
        # On each worker process: SIGKILL itself once the item rows of its first batch (8 files, one
        # transaction) are written, before the commit. The restarted worker has no hook.
        import os
        import signal

        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        @event.listens_for(Engine, "after_cursor_execute")
        def _die(connection, cursor, statement, parameters, context, executemany) -> None:
            if statement.lstrip().upper().startswith("INSERT INTO SWEEP_ITEMS"):
                os.kill(os.getpid(), signal.SIGKILL)

    from distributed import Client, LocalCluster

    # A cluster of its own: the shared one's client is left as the other tests expect it.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        before = set(client.run(os.getpid).values())
        client.run(die_inside_the_first_batch)
        with Ledger.open(location) as ledger:
            spread = sweep([str(folder)], ledger, replace(options, cluster=_scheduler(client)))
        client.wait_for_workers(2, timeout=60)
        assert not before & set(client.run(os.getpid).values())  # both workers died mid-batch
    assert _comparable(spread) == _comparable(alone)
    assert spread.counts["screened"] == 32
    assert _counted(location, sweep_items) == 32 and _counted(location, scans) == 32  # recorded once each


def test_a_site_whose_worker_dies_mid_crawl_is_crawled_again_and_each_item_recorded_once(tmp_path, dask_cluster):
    pages = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain", None)}
    for number in range(8):
        pages[f"/gs/{number}.html"] = (f"<html><body><p>第{number}批资助名单公示</p><a href='/files/{number}.csv'>名单</a></body></html>".encode(),
                                       "text/html; charset=utf-8", None)
        pages[f"/files/{number}.csv"] = (f"姓名,身份证号\n王晓明,{make_id(sequence=f'{300 + number:03d}')}\n".encode(), "text/csv", None)
    pages["/"] = ("".join(f"<a href='/gs/{n}.html'>公示{n}</a>" for n in range(8)).encode(), "text/html; charset=utf-8", None)
    server, url = serve_pages(pages)
    try:
        options = _options(SiteList(()))
        with Ledger.open(tmp_path / "alone.sqlite3") as ledger:
            alone = sweep([url], ledger, options)
        location = str(tmp_path / "spread.sqlite3")
        pids = dask_cluster.run(os.getpid)
        killed: list[int] = []

        def kill_the_crawling_worker_mid_crawl() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if Path(location).exists() and _counted(location, sweep_items) >= 4:
                    break
                time.sleep(0.01)
            # the worker that runs the site's task (the other stays up and takes it over)
            crawling = [address for address, keys in dask_cluster.processing().items() if keys]
            for victim in (pids[address] for address in crawling or pids):
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        killer = threading.Thread(target=kill_the_crawling_worker_mid_crawl, daemon=True)
        killer.start()
        with Ledger.open(location) as ledger:
            spread = sweep([url], ledger, replace(options, cluster=_scheduler(dask_cluster)))
        killer.join()
    finally:
        server.shutdown()
    assert killed and spread.counts["screened"] == alone.counts["screened"] == 17
    assert _comparable(spread) == _comparable(alone)  # new findings still new: the alert is not lost
    assert len(spread.urgent) == 8
    assert _counted(location, sweep_items) == 17 and _counted(location, scans) == 17
    dask_cluster.wait_for_workers(2, timeout=60)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_the_scheduler_going_away_is_exit_2_and_the_next_run_resumes(tmp_path, monkeypatch, unused_port):
    import screening.engine.cluster as engine_cluster

    monkeypatch.setattr(engine_cluster, "CONNECT_SECONDS", 3)  # how long the client waits for a scheduler to come back
    folder = notices(tmp_path / "archive", 200)
    address = f"tcp://127.0.0.1:{unused_port}"
    dask = [sys.executable, "-m", "dask"]
    scheduler = _start([*dask, "scheduler", "--host", "127.0.0.1", "--port", str(unused_port), "--no-dashboard"])
    worker = _start([*dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"])
    location = tmp_path / "l.sqlite3"
    try:
        def kill_the_scheduler_mid_run() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if location.exists() and _counted(str(location), sweep_items) >= 8:
                    break
                time.sleep(0.1)
            scheduler.send_signal(signal.SIGKILL)

        killer = threading.Thread(target=kill_the_scheduler_mid_run, daemon=True)
        killer.start()
        result = CliRunner().invoke(main, ["sweep", str(folder), "--ledger", str(location), "--as-of", "2024-10-20",
                                           "--cluster", address, "--format", "json"])
        killer.join()
    finally:
        for process in (scheduler, worker):
            os.killpg(process.pid, signal.SIGKILL)  # the worker too: nothing may record after we count
            process.wait()
    assert result.exit_code == 2, result.output
    assert "scheduler went away" in result.output and "run again" in result.output
    recorded = _counted(str(location), sweep_items)
    assert 8 <= recorded < 200
    result = CliRunner().invoke(main, ["sweep", str(folder), "--ledger", str(location), "--as-of", "2024-10-20", "--format", "json"])
    report = json.loads(result.stdout)
    assert report["sweep"]["interrupted_runs_resumed"] == 1
    assert report["sweep"]["counts"]["screened"] == 200 - recorded and report["sweep"]["counts"]["unchanged"] == recorded
    assert _counted(str(location), scans) == 200


def test_the_sweep_lock_keeps_a_cluster_sweep_from_a_running_one(tmp_path):
    folder = notices(tmp_path / "archive", 2)
    location = tmp_path / "l.sqlite3"
    with Ledger.open(location) as ledger, sweep_lock(ledger):
        result = CliRunner().invoke(main, ["sweep", str(folder), "--ledger", str(location), "--cluster", "local:2"])
    assert result.exit_code == 2 and "another sweep is running" in result.output
    assert _counted(str(location), sweep_items) == 0


def test_an_unusable_cluster_is_a_usage_error_that_records_no_run(tmp_path):
    folder = notices(tmp_path / "archive", 2)
    location = tmp_path / "l.sqlite3"
    result = CliRunner().invoke(main, ["sweep", str(folder), "--ledger", str(location)], env={"SCREENING_DASK_SCHEDULER": "local:0"})
    assert result.exit_code == 2 and "local:N needs a number of workers" in result.output
    assert _counted(str(location), sweep_runs) == 0  # the next run has nothing to call interrupted


def test_a_sites_file_gives_each_site_its_owner_and_page_limit(tmp_path, sites):
    (url0, _), (url1, _) = sites[0], sites[1]
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(f"sites:\n  - url: {url0}\n    owner: 第一中学\n    rate: 20\n"
                          f"  - url: {url1}\n    owner: 城南区教育局\n    rate: 20\n    max_pages: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["sweep", url0.rstrip("/"), "--sites", str(sites_file), "--ledger", str(tmp_path / "l.sqlite3"),
                                       "--as-of", "2024-10-20", "--format", "json"])  # the first site also given, written otherwise
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    worklist = {(group["site"], group["owner"]): [d["path"] for d in group["documents"]] for group in report["worklist"]}
    assert set(worklist) == {(url0, "第一中学"), (url1, "城南区教育局")}
    assert worklist[(url1, "城南区教育局")] == [url1]  # its one page: the home page links the 资助公示
    assert {d["owner_source"] for group in report["worklist"] for d in group["documents"]} == {"sites file"}
    assert report["sweep"]["sources"] == [url0, url1]  # each site once
    assert report["sweep"]["counts"]["skipped"] >= 2  # the second site's pages left for its next run


@pytest.mark.parametrize("content, message", [
    ("sites:\n  - url: https://a.example.cn/\n", "sites[0] (url: https://a.example.cn/) owner: Field required"),
    ("sites:\n  - url: ftp://a.example.cn/\n    owner: 某中学\n", "sites[0] (url: ftp://a.example.cn/) url: must be an http"),
    ("sites:\n  - url: https://a.example.cn/\n    owner: 某中学\n    rate: 0\n", "rate: Input should be greater than or equal to 0.05"),
    ("sites:\n  - {url: 'https://a.example.cn', owner: 甲}\n  - {url: 'https://a.example.cn/', owner: 乙}\n", "the same site as sites[0]"),
    ("- https://a.example.cn/\n", "it must hold a mapping with 'sites'"),
    ("sites: []\n", "sites: List should have at least 1 item"),
])
def test_a_wrong_sites_file_is_a_usage_error_naming_the_entry(tmp_path, content, message):
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["sweep", "--sites", str(sites_file), "--ledger", str(tmp_path / "l.sqlite3")])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "l.sqlite3").exists()


def test_a_cluster_without_workers_fails_the_sweep_and_the_next_run_resumes(tmp_path, sites, monkeypatch):
    import screening.engine.cluster as engine_cluster

    monkeypatch.setattr(engine_cluster, "WORKERLESS_SECONDS", 2)
    location = str(tmp_path / "l.sqlite3")
    url = sites[0][0]
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["sweep", url, "--ledger", location, "--cluster", cluster.scheduler_address])
    assert result.exit_code == 2 and "has had no workers for 2 s" in result.output, result.output
    assert _counted(location, sweep_items) == 0
    result = CliRunner().invoke(main, ["sweep", url, "--ledger", location, "--format", "json"])
    assert json.loads(result.stdout)["sweep"]["interrupted_runs_resumed"] == 1
