"""A site served from 127.0.0.1 for the sweep tests and the crawl benchmark: a dict of pages.

`pages` maps a path to (body, content type, ETag or None); None makes that path answer 500,
a missing path 404. A request whose If-None-Match equals the page's ETag gets 304. The dict is
read on every request, so a test can change the site between two sweeps. With `log`, each request
appends (time.monotonic(), path) to it (a test checks the crawler's pace).
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Page = tuple[bytes, str, "str | None"]


def serve_pages(pages: dict[str, Page | None], log: list[tuple[float, str]] | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Start serving `pages` in a daemon thread; returns the server (call .shutdown()) and its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if log is not None:
                log.append((time.monotonic(), self.path))
            if self.path not in pages or pages[self.path] is None:
                self.send_response(500 if self.path in pages else 404)
                self.end_headers()
                return
            body, content_type, etag = pages[self.path]
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
