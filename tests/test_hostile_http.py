"""A site that answers slowly on purpose (issue 19): every request has a total deadline.

The server trickles one byte just inside the read timeout, in the headers or in the body;
the crawl must drop that page at about --timeout, report it as a per-item error and go on.
Each test is bounded by its own wall-clock assertion and by the subprocess timeout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
