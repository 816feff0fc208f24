"""`screening serve`: a real uvicorn server on loopback, called over HTTP with httpx."""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from conftest import make_id
from live_server import LiveServer

import screening
from screening.cli import main
from screening.cli.serve import DEFAULT_CONCURRENCY, DEFAULT_LIMITS, DEFAULT_MAX_BYTES
from screening.engine.preview import mask_middle
from screening.workflow.ledger import Ledger
from screening.workflow.review import sign_off
from screening.service.app import create_app

ID = make_id()
TOKEN = "s3cret-token"
LIMIT = 256 * 1024
CLEAN = "关于举办2024年教师信息技术能力提升培训的通知\n联系电话：0551-62881234\n"
BLOCKED = f"2024年国家助学金拟资助学生名单公示\n学生张三 身份证号：{ID}\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    ledger = tmp_path_factory.mktemp("ledger") / "ledger.sqlite3"
    app = create_app("default", token=TOKEN, max_bytes=LIMIT, ledger=str(ledger))
    with LiveServer(app) as live:
        live.ledger_path = ledger
        yield live


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as http:
        yield http


def test_healthz(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["version"] == screening.__version__
    assert health["policy"]["name"] == "default" and health["policy"]["version"]
    assert isinstance(health["model"], bool)


def test_scan_upload_blocks_and_masks(client, tmp_path):
    draft = tmp_path / "名单.txt"
    draft.write_text(BLOCKED, encoding="utf-8")
    with open(draft, "rb") as upload:
        response = client.post("/scan", files={"file": ("名单.txt", upload, "text/plain")})
    assert response.status_code == 200
    assert ID not in response.text
    report = response.json()
    assert set(report) == {"tool", "policy", "documents", "summary"}
    assert report["tool"]["name"] == "screening" and report["policy"]["name"] == "default"
    (document,) = report["documents"]
    assert document["path"] == "名单.txt" and document["verdict"] == "block"
    (finding,) = [f for f in document["findings"] if f["entity_type"] == "CN_RESIDENT_ID"]
    assert finding["action"] == "block" and "*" in finding["preview"] and "text" not in finding
    assert finding["fingerprint"]
    assert report["summary"]["verdicts"]["block"] == 1
    assert response.headers["server-timing"].startswith("scan;dur=")


def test_scan_json_text_offsets_index_the_text(client):
    response = client.post("/scan", json={"text": BLOCKED, "filename": "公示.txt"})
    document = response.json()["documents"][0]
    assert response.status_code == 200 and document["path"] == "公示.txt" and document["verdict"] == "block"
    (finding,) = [f for f in document["findings"] if f["entity_type"] == "CN_RESIDENT_ID"]
    assert BLOCKED[finding["start"] : finding["end"]] == ID


def test_show_values_is_refused_without_allow_values(client):
    for response in (
        client.post("/scan?show_values=true", json={"text": BLOCKED}),
        client.post("/scan", json={"text": BLOCKED, "show_values": True}),
        client.post("/scan", files={"file": ("a.txt", BLOCKED.encode())}, data={"show_values": "true"}),
    ):
        assert response.status_code == 403 and response.json()["error"] == "values_not_allowed"
        assert ID not in response.text


def test_unreadable_file_is_a_200_with_verdict_error(client):
    response = client.post("/scan", files={"file": ("决定书.docx", b"PK\x03\x04 not really a docx")})
    assert response.status_code == 200
    assert response.json()["documents"][0]["verdict"] == "error"
    gate = client.post("/gate", files={"file": ("决定书.docx", b"PK\x03\x04 not really a docx")}).json()
    assert gate["passed"] is False and gate["verdict"] == "error" and gate["reasons"]


def test_gate_passes_a_clean_text_and_records_it(client, server):
    decision = client.post("/gate", json={"text": CLEAN, "filename": "通知.txt"}).json()
    assert decision["passed"] is True and decision["verdict"] == "pass" and decision["reasons"] == []
    assert decision["document"]["path"] == "通知.txt"
    with Ledger.open(server.ledger_path) as ledger:
        assert any(record.path == "通知.txt" for record in ledger.scan_records())


def test_gate_fails_a_blocked_text_until_signed_off(client, server):
    decision = client.post("/gate", json={"text": BLOCKED, "filename": "名单.txt"}).json()
    assert decision["passed"] is False and decision["verdict"] == "block"
    assert any("PII-ID" in reason for reason in decision["reasons"])
    assert ID not in json.dumps(decision, ensure_ascii=False)
    fingerprint = decision["unsigned"][0]["fingerprint"]

    result = screening.scan_text(BLOCKED)
    result.path = "名单.txt"
    with Ledger.open(server.ledger_path) as ledger:
        sign_off(ledger, result, None, basis="consent", by="tester", note="书面同意")
    decision = client.post("/gate", json={"text": BLOCKED, "filename": "名单.txt"}).json()
    assert decision["passed"] is False and decision["reasons"][0].startswith("awaiting approver")  # CHAIN-AID-BLOCK
    with Ledger.open(server.ledger_path) as ledger:
        sign_off(ledger, result, None, basis="consent", by="分管领导", note="同意", role="approver")
    decision = client.post("/gate", json={"text": BLOCKED, "filename": "名单.txt"}).json()
    assert decision["passed"] is True, decision["reasons"]
    assert fingerprint not in [f["fingerprint"] for f in decision["unsigned"]]


def test_the_text_route_screens_and_masks_its_filename(client, server):
    body = {"text": CLEAN, "filename": f"张三_{ID}.txt"}
    scanned, gated = client.post("/scan", json=body), client.post("/gate", json=body)
    document = scanned.json()["documents"][0]
    ids = [f["location"]["part"] for f in document["findings"] if f["entity_type"] == "CN_RESIDENT_ID"]
    assert document["verdict"] == "block" and ids == ["file name"]
    assert document["path"] == f"张三_{mask_middle(ID)}.txt" and gated.json()["passed"] is False
    assert ID not in scanned.text + gated.text
    assert ID.encode() not in server.ledger_path.read_bytes()


def test_oversized_bodies_get_413_and_the_server_goes_on(client):
    big = b"x" * (LIMIT + 1)
    response = client.post("/scan", files={"file": ("big.txt", big)})
    assert response.status_code == 413 and response.json()["error"] == "too_large"

    def chunks():  # no Content-Length: counted while streaming
        for start in range(0, 4 * LIMIT, 16384):
            yield big[:16384]

    response = client.post("/scan", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert client.get("/healthz").status_code == 200
    assert client.post("/scan", json={"text": CLEAN}).status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"content": b'{"text": ', "headers": {"Content-Type": "application/json"}}, 400, "bad_json"),
        ({"content": b"", "headers": {"Content-Type": "application/json"}}, 400, "empty_body"),
        ({"content": b""}, 400, "empty_body"),
        ({"json": ["text"]}, 422, "missing_text"),
        ({"json": {"text": 12}}, 422, "missing_text"),
        ({"json": {"text": "x", "category": "nope"}}, 422, "invalid_category"),
        ({"files": {"other": ("a.txt", b"abc")}}, 422, "missing_file"),
        ({"content": b"garbage", "headers": {"Content-Type": "multipart/form-data; boundary=xyz"}}, 400, "bad_multipart"),
        ({"content": b"abc", "headers": {"Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
    ],
)
def test_malformed_input_is_a_clear_4xx(client, kwargs, status, error):
    for endpoint in ("/scan", "/gate"):
        response = client.post(endpoint, **kwargs)
        assert response.status_code == status and response.json()["error"] == error, response.text
        assert response.json()["message"]


def test_token_is_required_and_compared(server):
    with httpx.Client(base_url=server.url, timeout=60) as anonymous:
        assert anonymous.get("/healthz").status_code == 200
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
            response = anonymous.post("/scan", json={"text": CLEAN}, headers=headers)
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
        assert anonymous.post("/gate", json={"text": CLEAN}).status_code == 401


def test_docs_work_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text and "https://" not in page.text
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/scan", "/gate", "/healthz"} <= set(schema["paths"])
    assert "multipart/form-data" in schema["paths"]["/scan"]["post"]["requestBody"]["content"]


def test_logs_and_errors_never_carry_values(client, server, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="screening.service.app")
    client.post("/scan?category=student_aid&note=QUERYSECRET", json={"text": BLOCKED, "filename": "张三的申请.txt"})
    service = server.app.state.service

    def broken(*_args, **_kwargs):
        raise ValueError(f"cannot handle {ID}")

    monkeypatch.setattr(service, "scan", broken)
    response = client.post("/scan", json={"text": BLOCKED})
    assert response.status_code == 500 and response.json()["error"] == "internal_error"
    assert ID not in response.text
    assert '"POST /scan" 200' in caplog.text and '"POST /scan" 500' in caplog.text
    for secret in (ID, "QUERYSECRET", "张三"):
        assert secret not in caplog.text


def test_show_values_when_the_server_allows_them(tmp_path):
    app = create_app(ledger=str(tmp_path / "ledger.sqlite3"), allow_values=True, warm_up=False)
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        findings = http.post("/scan", json={"text": BLOCKED, "show_values": True}).json()["documents"][0]["findings"]
        assert ID in [f.get("text") for f in findings]
        assert "text" not in http.post("/scan", json={"text": BLOCKED}).json()["documents"][0]["findings"][0]


def test_non_loopback_host_without_token_exits_2(monkeypatch):
    monkeypatch.delenv("SCREENING_TOKEN", raising=False)
    for host in ("0.0.0.0", "::", "192.168.1.20", "cms.example.org"):
        result = CliRunner().invoke(main, ["serve", "--host", host])
        assert result.exit_code == 2 and "without a token" in result.output


def test_cli_defaults_match_the_app():
    from dataclasses import asdict

    from screening.service import app as serve
    from screening.service.limits import ServeLimits

    assert (DEFAULT_MAX_BYTES, DEFAULT_CONCURRENCY) == (serve.DEFAULT_MAX_BYTES, serve.DEFAULT_CONCURRENCY)
    assert DEFAULT_LIMITS == asdict(ServeLimits())


@pytest.mark.parametrize("workers", [1, 2])
def test_screening_serve_command_end_to_end(tmp_path, workers):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SCREENING_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "screening", "serve", "--port", str(port), "--ledger", str(tmp_path / "l.sqlite3"), "--workers", str(workers)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(url + "/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "screening serve did not start"
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(url + "/gate", json={"text": BLOCKED}, timeout=60).status_code == 401  # workers get the token too
        with ThreadPoolExecutor(4) as pool:  # gates at once, across the workers: each answered, each recorded
            decisions = list(pool.map(
                lambda n: httpx.post(url + "/gate?secret=QUERYSECRET", json={"text": BLOCKED, "filename": f"d{n}.txt"},
                                     headers=headers, timeout=120).json(), range(4)))
        assert [decision["passed"] for decision in decisions] == [False] * 4
        with Ledger.open(tmp_path / "l.sqlite3") as ledger:
            assert sorted(record.path for record in ledger.scan_records() if record.path != "warm-up.txt") == [f"d{n}.txt" for n in range(4)]
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert '"POST /gate" 200' in output
    assert "QUERYSECRET" not in output and ID not in output
