"""Folder scans on a Dask cluster (issue 16): a LocalCluster of two worker processes gives the same
results as one process, survives a worker killed mid-run, and fails clearly without a scheduler."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_id

import screening
from policies import load_policy
from screening.cli import main
from screening.engine.scanner import Limits, iter_tree

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]


def _comparable(results) -> list[tuple]:
    return [(r.path, r.verdict, r.error, tuple((f.rule, f.start, f.end, f.fingerprint) for f in r.findings)) for r in results]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Forty notices, a quarter with a pupil's ID, and one file that cannot be read."""
    folder = tmp_path_factory.mktemp("archive")
    for index in range(40):
        body = f"关于做好第{index}批学生资助工作的通知\n各学校：请按要求报送材料。\n"
        if index % 4 == 0:
            body += f"学生身份证号：{make_id(sequence=f'{600 + index:03d}')}\n"
        (folder / f"{index:02d}.txt").write_text(body, encoding="utf-8")
    (folder / "坏文件.docx").write_bytes(b"PK\x03\x04 not a zip")
    return folder


def test_a_local_cluster_gives_the_results_of_one_process_in_walk_order(archive):
    alone = list(screening.scan_tree([archive, ROOT / "samples"]))
    on_cluster = list(screening.scan_tree([archive, ROOT / "samples"], cluster="local:2"))
    assert _comparable(on_cluster) == _comparable(alone)
    assert {r.verdict for r in alone} >= {"block", "pass", "error"}


def test_a_worker_killed_mid_run_loses_nothing(archive, dask_cluster):
    from screening.engine.cluster import scan_on_cluster

    policy = load_policy("default")
    expected = _comparable(screening.scan_tree([archive]))
    pids = dask_cluster.run(os.getpid)  # worker address -> its process
    killed = []

    def walk_and_kill():
        for number, entry in enumerate(iter_tree([archive])):
            if number == 20 and not killed:  # batches are in flight on both workers
                victim = pids[sorted(pids)[0]]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            yield entry

    results = list(scan_on_cluster(dask_cluster, walk_and_kill(), policy, False, None, Limits()))
    assert killed and _comparable(results) == expected


def test_the_cli_scans_on_a_local_cluster(archive, tmp_path):
    report = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["scan", str(archive), "--cluster", "local:2", "--format", "json", "--output", str(report)])
    assert result.exit_code == 1, result.output  # block findings
    assert report.read_text(encoding="utf-8").count('"verdict": "block"') == 10


@pytest.mark.parametrize("spec, message", [("tcp://127.0.0.1:9", "cannot reach the Dask scheduler"), ("local:0", "local:N")])
def test_an_unusable_cluster_is_a_usage_error(archive, spec, message):
    result = CliRunner().invoke(main, ["scan", str(archive), "--cluster", spec])
    assert result.exit_code == 2 and message in result.output


@pytest.fixture
def workerless_scheduler(monkeypatch):
    """A scheduler with no worker (all died and none was started again), and a short patience."""
    import screening.engine.cluster as engine_cluster

    monkeypatch.setattr(engine_cluster, "WORKERLESS_SECONDS", 2)
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_cluster_without_workers_fails_the_scan_instead_of_waiting_for_ever(archive, workerless_scheduler):
    result = CliRunner().invoke(main, ["scan", str(archive), "--cluster", workerless_scheduler])
    assert result.exit_code == 2, result.output
    assert "has had no workers for 2 s" in result.output and "dask worker" in result.output
