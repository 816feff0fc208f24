"""A site that answers slowly on purpose (issue 19): every request has a total deadline.

The server trickles one byte just inside the read timeout, in the headers or in the body;
the crawl must drop that page at about --timeout, report it as a per-item error and go on.
Each test is bounded by its own wall-clock assertion and by the subprocess timeout.
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from screening.sweeps.crawl import CrawlLimits, crawl

DRIP_EVERY_S = 1.5  # under the 2 s timeout: a read timeout alone never fires
INDEX = '<html><body><a href="/drip-body.html">一</a> <a href="/drip-headers.html">二</a> <a href="/ok.html">三</a></body></html>'


class DrippingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/drip-headers.html":  # the status line, then the headers a byte at a time
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nX-Padding: " + b"a" * 200)
            return
        body = (INDEX if self.path == "/" else "<p>关于召开期末工作会议的通知。</p>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(200 if self.path == "/drip-body.html" else len(body)))
        self.end_headers()
        if self.path == "/drip-body.html":
            self._drip(b"<p>" + b"x" * 200)
        else:
            self.wfile.write(body)

    def _drip(self, data: bytes) -> None:
        try:
            for byte in data:  # one byte per DRIP_EVERY_S, for minutes if the client waits
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(DRIP_EVERY_S)
        except OSError:  # the client gave up: what the test wants
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def dripping_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), DrippingHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_dripping_page_is_dropped_at_the_timeout_and_the_crawl_goes_on(dripping_site):
    started = time.monotonic()
    items = {item.url.rsplit("/", 1)[-1]: item for item in crawl([dripping_site], limits=CrawlLimits(timeout_s=2, rate_per_second=0))}
    elapsed = time.monotonic() - started
    assert (items["drip-body.html"].status, items["drip-body.html"].error) == ("error", "timeout")
    assert (items["drip-headers.html"].status, items["drip-headers.html"].error) == ("error", "timeout")
    assert items["ok.html"].status == "ok"
    assert elapsed < 2 * 2 + 3, elapsed  # two dripping pages at 2 s each, plus the rest


def test_sweep_of_a_dripping_site_reports_the_page_and_exits(dripping_site, tmp_path):
    script = str(Path(sys.executable).with_name("screening"))
    started = time.monotonic()
    completed = subprocess.run(
        [script, "sweep", dripping_site, "--timeout", "2", "--rate", "20", "--ledger", str(tmp_path / "l.sqlite3"), "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    elapsed = time.monotonic() - started
    report = json.loads(completed.stdout)
    errors = {document["path"].rsplit("/", 1)[-1]: document["error"] for document in report["documents"] if document["error"]}
    assert errors == {"drip-body.html": "timeout", "drip-headers.html": "timeout"}, completed.stderr
    assert elapsed < 40, elapsed


# --- the screening service (screening serve) under hostile requests ----------------------------

@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from live_server import LiveServer

    from screening.service.app import create_app
    from screening.service.limits import ServeLimits

    app = create_app(ledger=str(tmp_path_factory.mktemp("ledger") / "l.sqlite3"), warm_up=False)
    limits = ServeLimits(max_connections=8, keep_alive_s=1, max_header_bytes=4096)
    with LiveServer(app, **limits.uvicorn_options()) as live:
        yield live


NESTED = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize(("body", "error"), [
    (b'{"text": "\\u5173\\u4e8e\\ud800\\u901a\\u77e5"}', "bad_text"),  # 关于<lone high surrogate>通知
    (b'{"text": "\\u5173\\u4e8e\\u901a\\u77e5", "filename": "\\udc80\\u540d\\u5355.txt"}', "bad_text"),
    (NESTED, "bad_json"),
    (b'{"text": "x", "category": ' + NESTED + b"}", "bad_json"),
])
def test_unusable_json_is_a_400_not_a_500(service, body, error, caplog):
    caplog.set_level(logging.INFO, logger="screening.service.app")
    with httpx.Client(base_url=service.url, timeout=60) as client:
        for route in ("/scan", "/gate"):
            response = client.post(route, content=body, headers={"Content-Type": "application/json"})
            assert (response.status_code, response.json()["error"]) == (400, error), response.text
            assert response.json()["message"]
    assert "internal error" not in caplog.text


def _connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def test_a_client_leaving_mid_upload_is_no_internal_error(service, caplog):
    caplog.set_level(logging.INFO, logger="screening.service.app")
    with _connect(service.url) as connection:
        connection.sendall(b"POST /scan HTTP/1.1\r\nHost: screening\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 100000\r\n\r\n" + '{"text": "关于举办'.encode())
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while '"POST /scan" 499' not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)
    assert '"POST /scan" 499' in caplog.text and "internal error" not in caplog.text and "ERROR" not in caplog.text


def test_half_open_connections_are_dropped_and_the_server_keeps_answering(service):
    started = time.monotonic()
    idle = [_connect(service.url) for _ in range(20)]  # more than --max-connections: a slowloris crowd
    for index, connection in enumerate(idle):
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: scr" if index % 2 else b"")
    try:
        for connection in idle:  # each closed by the server once the keep-alive time passes without a full head
            assert connection.recv(1024) == b""
    finally:
        for connection in idle:
            connection.close()
    assert time.monotonic() - started < 8
    assert httpx.get(service.url + "/healthz", timeout=10).status_code == 200


def test_oversized_request_headers_are_refused_before_they_end(service):
    with _connect(service.url) as connection:  # 8 KiB of a head that never ends, over the 4 KiB limit
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: screening\r\nX-Padding: " + b"a" * 8192)
        started = time.monotonic()
        assert connection.recv(1024).startswith(b"HTTP/1.1 400") and time.monotonic() - started < 0.9


def test_a_flood_of_one_error_is_logged_once_a_minute():
    from screening.service.limits import RepeatLimit

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    handler.addFilter(RepeatLimit(interval_s=0.5))
    flood = logging.getLogger("test.flood")
    flood.addHandler(handler)
    flood.propagate = False
    flood.setLevel(logging.INFO)
    try:
        for attempt in range(1000):  # as asyncio logs each accept() that fails for want of file descriptors
            flood.error("socket.accept() out of system resource\nsocket: <socket fd=%d>", attempt)
        flood.info("served")
        time.sleep(0.6)
        flood.error("socket.accept() out of system resource\nsocket: <socket fd=%d>", 1000)
    finally:
        flood.removeHandler(handler)
    assert [record.levelname for record in records] == ["ERROR", "INFO", "ERROR"]
    assert "999 more like this" in records[-1].getMessage()


def test_serve_logs_asyncio_through_the_repeat_limit():
    from screening.cli.serve import log_config
    from screening.service.limits import RepeatLimit

    config = log_config()  # inspected, not applied: dictConfig would change logging for the other tests
    factory = config["filters"]["repeats"]["()"]
    assert factory == f"{RepeatLimit.__module__}.{RepeatLimit.__name__}"
    assert config["handlers"]["default"]["filters"] == ["repeats"]
    assert config["loggers"]["asyncio"]["handlers"] == ["default"] and not config["loggers"]["asyncio"]["propagate"]
