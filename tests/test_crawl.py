"""The site crawler (screening/sweeps/crawl.py) against a fixture school site served on 127.0.0.1.

Every request the crawler sends is recorded twice: by the server (what reached it) and by
an httpx request hook (what left the client, whatever the address) — so "never requested"
covers off-site hosts that no server here could see.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from screening.sweeps.crawl import (
    CrawlLimits,
    Fetched,
    Validators,
    crawl,
    cuts_crawl_short,
    page_links,
)

PDF_ETAG = '"v1"'
PDF_MODIFIED = "Wed, 01 May 2024 08:00:00 GMT"
XLSX_PATH = "/files/%E5%90%8D%E5%8D%95.xlsx"  # 名单.xlsx

INDEX = """<html><head><title>某某中学</title></head><body>
<a href="/news/1.html">新闻一</a> <a href="news/2.html#comments">新闻二</a>
<a href="/gs/index.html">公示公告</a> <a href="http://other.invalid/x.html">外站</a>
<a href="mailto:office@school.example">邮箱</a> <a href="javascript:void(0)">脚本</a> <a href="tel:0551-1234">电话</a>
<a href="/admin/secret.html">后台</a> <a href="/missing.html">404</a> <a href="/broken.html">500</a>
<a href="/slow.html">慢</a> <a href="/moved">搬家</a> <a href="/away">外跳</a> <a href="/away2">外跳二</a>
<a href="/again">重复</a> <a href="/hop/0">多跳</a> <a href="/calendar?month=1">日历</a>
<a href="/files/huge.pdf">大文件</a> <a href="/files/huge-declared.zip">大压缩包</a>
<a href="/bad-gzip.html">坏压缩</a> <a href="/malformed.html">坏页面</a> <a href="/feed">订阅</a>
<a href="/style.css">样式</a> <a href="/video.mp4">视频</a>
<a href="/news/1.html;jsessionid=XYZ?utm_source=wx">新闻一（带会话）</a>
</body></html>"""

GS = """<html><head><meta charset="gb2312"><title>公示</title></head><body>
<h1>2024年资助名单公示</h1>
<a href="../files/名单.xlsx">名单</a> <a href="/files/a.docx">申请表</a> <a href="/files/b.pdf">公告</a>
<a href="/download.jsp?id=7">附件下载</a>
</body></html>""".encode("gbk")

MALFORMED = (
    b'<html><body><div><a href="/news/3.html">three<table><tr><td><a href=/files/c.txt>c</td></tr>'
    b"</body>\x00\xff\xfe<p><<<>> <a href='\"broken"
)


def sitemap_xml(tag: str, item: str, urls: list[str]) -> bytes:
    locs = "".join(f"<{item}><loc>{url}</loc></{item}>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</{tag}>'.encode()


def html(body: str) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, f"<html><body>{body}</body></html>".encode()


class Site:
    """The fixture site: routes, and a log of the requests that reached it."""

    def __init__(self) -> None:
        self.log: list[tuple[float, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.robots_status = 200
        self.robots_extra = ""
        self.sitemap_line = True
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path, _ in self.log]

    def robots(self) -> tuple[int, dict[str, str], bytes]:
        text = "User-agent: *\nDisallow: /admin/\n" + self.robots_extra
        if self.sitemap_line:
            text += f"Sitemap: {self.base}/sitemap_index.xml\n"
        return self.robots_status, {"Content-Type": "text/plain"}, text.encode()

    def respond(self, path: str, headers) -> tuple[int, dict[str, str], bytes]:
        route, query = urlsplit(path).path, parse_qs(urlsplit(path).query)
        if route == "/robots.txt":
            return self.robots()
        if route == "/sitemap_index.xml":
            urls = [self.url("/sitemap-pages.xml.gz"), "http://other.invalid/sitemap.xml"]
            return 200, {"Content-Type": "application/xml"}, sitemap_xml("sitemapindex", "sitemap", urls)
        if route == "/sitemap-pages.xml.gz":
            urls = [self.url("/"), self.url("/orphan.html"), "http://other.invalid/page.html"]
            return 200, {"Content-Type": "application/gzip"}, gzip.compress(sitemap_xml("urlset", "url", urls))
        if route == "/":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, INDEX.encode()
        if route == "/gs/index.html":
            return 200, {"Content-Type": "text/html"}, GS
        if route == "/news/1.html":
            return html('<a href="/">首页</a><a href="2.html">新闻二</a>')
        if route in ("/news/2.html", "/news/3.html", "/orphan.html", "/admin/secret.html"):
            return html('<p>正文</p><a href="/">首页</a>')
        if route == "/news/moved.html":
            return html('<a href="/news/1.html">新闻一</a>')
        if route == "/malformed.html":
            return 200, {"Content-Type": "text/html"}, MALFORMED
        if route == "/broken.html":
            return 500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>"
        if route == "/slow.html":
            time.sleep(1.5)
            return html("late")
        if route in ("/moved", "/away", "/away2", "/again") or route.startswith("/hop/"):
            return self.redirect(route)
        if route == "/calendar":
            month = int(query.get("month", ["1"])[0])
            return html(f'<a href="/calendar?month={month + 1}">下个月</a>')
        if route.startswith("/loopy/"):
            return html(f'<a href="a/b/">下一层</a><a href="/long/{"x" * 600}.html">长</a>')
        if route == "/files/huge.pdf":  # no Content-Length: the limit must hold while streaming
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 " + b"0" * 200_000
        if route == "/files/huge-declared.zip":
            return 200, {"Content-Type": "application/zip", "Content-Length": str(10 * 1024 * 1024)}, b"PK\x03\x04"
        if route == "/bad-gzip.html":
            return 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"this is not gzip data at all"
        if route == "/feed":
            return 200, {"Content-Type": "application/json"}, b"{}"
        if route == XLSX_PATH:
            return 200, {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, b"PK\x03\x04xlsx"
        if route == "/files/a.docx":
            return 200, {"Content-Type": "application/octet-stream"}, b"PK\x03\x04docx"
        if route == "/files/b.pdf":
            return self.pdf(headers)
        if route == "/files/c.txt":
            return 200, {"Content-Type": "text/plain"}, "联系电话".encode()
        if route == "/download.jsp":
            return 200, {"Content-Type": "application/octet-stream", "Content-Disposition": 'attachment; filename="list.xls"'}, b"\xd0\xcf\x11\xe0"
        return 404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>"

    def redirect(self, route: str) -> tuple[int, dict[str, str], bytes]:
        targets = {
            "/moved": "/news/moved.html",
            "/away": "http://other.invalid/",
            "/away2": f"http://127.0.0.2:{self.port}/",
            "/again": "/news/1.html",
        }
        target = targets.get(route) or f"/hop/{int(route.rsplit('/', 1)[1]) + 1}"
        return (301 if route == "/moved" else 302), {"Location": target}, b""

    def pdf(self, headers) -> tuple[int, dict[str, str], bytes]:
        validators = {"ETag": PDF_ETAG, "Last-Modified": PDF_MODIFIED}
        if headers.get("If-None-Match") == PDF_ETAG:
            return 304, validators, b""
        return 200, {"Content-Type": "application/pdf", **validators}, b"%PDF-1.4 fake"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.log.append((time.monotonic(), self.path, dict(self.headers)))
            status, headers, body = site.respond(self.path, self.headers)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the crawler hung up: a timeout, a size limit
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def site():
    site = Site()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def sent():
    """An httpx client recording every request it sends, and the record."""
    record: list[tuple[float, str]] = []
    client = httpx.Client(trust_env=False, event_hooks={"request": [lambda request: record.append((time.monotonic(), str(request.url)))]})
    yield client, record
    client.close()


FAST = CrawlLimits(rate_per_second=0, timeout_s=0.5, max_bytes=32 * 1024, max_query_variants=5)


def by_url(items: list[Fetched]) -> dict[str, Fetched]:
    assert len({item.url for item in items}) == len(items), "each URL is yielded once"
    return {item.url: item for item in items}


def test_the_school_site_is_crawled_exactly(site, sent):
    client, record = sent
    items = by_url(list(crawl([site.url("/")], limits=FAST, client=client)))
    u = site.url
    expected = {
        u("/"): ("page", "ok", None),
        u("/orphan.html"): ("page", "ok", None),
        u("/news/1.html"): ("page", "ok", None),
        u("/news/2.html"): ("page", "ok", None),
        u("/news/3.html"): ("page", "ok", None),
        u("/gs/index.html"): ("page", "ok", None),
        u("/malformed.html"): ("page", "ok", None),
        u("/moved"): ("page", "ok", None),
        u(XLSX_PATH): ("attachment", "ok", None),
        u("/files/a.docx"): ("attachment", "ok", None),
        u("/files/b.pdf"): ("attachment", "ok", None),
        u("/files/c.txt"): ("attachment", "ok", None),
        u("/download.jsp?id=7"): ("attachment", "ok", None),
        u("/admin/secret.html"): ("page", "skipped", "disallowed by robots.txt"),
        u("/missing.html"): ("page", "error", "HTTP 404"),
        u("/broken.html"): ("page", "error", "HTTP 500"),
        u("/slow.html"): ("page", "error", "timeout"),
        u("/away"): ("page", "error", "redirect off-site"),
        u("/away2"): ("page", "error", "redirect off-site"),
        u("/again"): ("page", "skipped", "redirect to a URL already crawled"),
        u("/hop/0"): ("page", "error", "too many redirects (over 5)"),
        u("/files/huge.pdf"): ("attachment", "error", "too large: over 32768 bytes"),
        u("/files/huge-declared.zip"): ("attachment", "error", "too large: over 32768 bytes"),
        u("/bad-gzip.html"): ("page", "error", "bad content encoding"),
        u("/feed"): ("page", "skipped", "not a page or attachment: application/json"),
        **{u(f"/calendar?month={n}"): ("page", "ok", None) for n in range(1, 6)},
        u("/calendar?month=6"): ("page", "skipped", "trap: too many query variants"),
    }
    assert {url: (item.kind, item.status, item.error) for url, item in items.items()} == expected

    assert items[u("/orphan.html")].source_page is None  # found only through the nested, gzipped sitemap
    assert items[u("/files/b.pdf")].source_page == u("/gs/index.html")
    assert items[u(XLSX_PATH)].content == b"PK\x03\x04xlsx"
    assert items[u("/gs/index.html")].content == GS  # the bytes as served; the sweep decodes them
    assert items[u("/files/c.txt")].source_page == u("/malformed.html")
    assert items[u("/moved")].final_url == u("/news/moved.html")
    assert items[u("/away")].http_status == 302 and items[u("/broken.html")].http_status == 500
    assert items[u("/files/b.pdf")].etag == PDF_ETAG
    assert all(item.content is None for item in items.values() if item.status != "ok")
    assert not any(cuts_crawl_short(item) for item in items.values())  # a complete run

    # What reached the server: each URL once, robots.txt and the sitemaps first.
    requested = Counter(site.paths())
    assert set(requested.values()) == {1}
    assert site.paths()[:3] == ["/robots.txt", "/sitemap_index.xml", "/sitemap-pages.xml.gz"]
    assert not {"/admin/secret.html", "/style.css", "/video.mp4", "/calendar?month=6"} & set(requested)
    assert {f"/hop/{n}" for n in range(6)} <= set(requested) and "/hop/6" not in requested
    # What left the client: nothing but this site.
    assert {urlsplit(url).netloc for _, url in record} == {f"127.0.0.1:{site.port}"}
    assert all(headers["User-Agent"].startswith("screening-sweep/") for _, _, headers in site.log)


def test_unchanged_attachment_is_not_modified_on_the_second_run(site, sent):
    site.sitemap_line = False  # the sitemap would lead to the whole site
    client, _ = sent
    first = by_url(list(crawl([site.url("/gs/index.html")], limits=FAST, client=client)))
    previous = {url: Validators(item.etag, item.last_modified) for url, item in first.items() if item.etag or item.last_modified}
    assert previous == {site.url("/files/b.pdf"): Validators(PDF_ETAG, PDF_MODIFIED)}

    site.log.clear()
    second = by_url(list(crawl([site.url("/gs/index.html")], limits=FAST, client=client, known=previous.get)))
    pdf = second[site.url("/files/b.pdf")]
    assert (pdf.kind, pdf.status, pdf.http_status, pdf.content) == ("attachment", "not-modified", 304, None)
    assert (pdf.etag, pdf.last_modified) == (PDF_ETAG, PDF_MODIFIED)
    assert second[site.url("/gs/index.html")].status == "ok"  # pages are always fetched whole
    assert second[site.url("/files/a.docx")].status == "ok"  # no validators: fetched whole
    conditional = [headers for _, path, headers in site.log if path == "/files/b.pdf"]
    assert conditional[0]["If-None-Match"] == PDF_ETAG and conditional[0]["If-Modified-Since"] == PDF_MODIFIED


def test_rate_limit_spaces_every_request_and_max_pages_holds(site, sent):
    client, record = sent
    limits = CrawlLimits(rate_per_second=10, timeout_s=0.5, max_bytes=32 * 1024, max_pages=2)
    items = list(crawl([site.url("/news/2.html")], limits=limits, client=client))
    starts = [moment for moment, _ in record]
    assert len(starts) >= 5
    # The pacer spaces the moments requests start by 0.1 s; the client's hook records each a little
    # later, by a delay that varies under load (seen in a full run: one gap of 0.095 s), so a gap
    # may come out short by that jitter, never the sum of several.
    assert all(later - earlier >= 0.09 for earlier, later in pairwise(starts))
    assert starts[4] - starts[0] >= 0.39
    pages = [item for item in items if item.kind == "page" and item.status == "ok"]
    assert [item.url for item in pages] == [site.url("/news/2.html"), site.url("/")]
    assert {item.error for item in items if item.status == "skipped" and item.kind == "page"} >= {"page limit reached (max_pages 2)"}
    assert any(cuts_crawl_short(item) for item in items)
    # Attachments linked from the pages fetched are still fetched after the page limit.
    assert any(item.kind == "attachment" and item.url == site.url("/files/huge.pdf") for item in items)


def test_crawl_delay_from_robots_slows_the_crawl(site, sent):
    client, record = sent
    site.robots_extra, site.sitemap_line = "Crawl-delay: 1\n", False
    limits = CrawlLimits(rate_per_second=0, timeout_s=0.5, max_pages=1)
    list(crawl([site.url("/news/2.html")], limits=limits, client=client))
    assert [urlsplit(url).path for _, url in record] == ["/robots.txt", "/sitemap.xml", "/news/2.html"]
    starts = [moment for moment, _ in record]
    assert all(later - earlier >= 0.99 for earlier, later in pairwise(starts))


def test_calendar_trap_stops_at_the_query_cap(site, sent):
    site.sitemap_line = False  # the sitemap would lead to the whole site
    client, _ = sent
    limits = CrawlLimits(rate_per_second=0, max_query_variants=3)
    items = list(crawl([site.url("/calendar?month=1")], limits=limits, client=client))
    months = [(parse_qs(urlsplit(item.url).query)["month"][0], item.status, item.error) for item in items if "/calendar" in item.url]
    assert months == [("1", "ok", None), ("2", "ok", None), ("3", "ok", None), ("4", "skipped", "trap: too many query variants")]
    assert [path for path in site.paths() if path.startswith("/calendar")] == [f"/calendar?month={n}" for n in (1, 2, 3)]


def test_depth_limit_stops_pages(site, sent):
    site.sitemap_line = False  # the sitemap would lead to the whole site
    client, _ = sent
    items = list(crawl([site.url("/calendar?month=1")], limits=CrawlLimits(rate_per_second=0, max_depth=1), client=client))
    calendar = [(item.url.rsplit("=", 1)[1], item.status, item.error) for item in items if "/calendar" in item.url]
    assert calendar == [("1", "ok", None), ("2", "ok", None), ("3", "skipped", "trap: more than max_depth (1) links from the start")]


def test_repeating_paths_and_long_urls_are_traps(site, sent):
    site.sitemap_line = False  # the sitemap would lead to the whole site
    client, _ = sent
    items = list(crawl([site.url("/loopy/")], limits=CrawlLimits(rate_per_second=0), client=client))
    statuses = {urlsplit(item.url).path: (item.status, item.error) for item in items}
    assert statuses["/loopy/"] == statuses["/loopy/a/b/"] == statuses["/loopy/a/b/a/b/"] == ("ok", None)
    assert statuses["/loopy/a/b/a/b/a/b/"] == ("skipped", "trap: repeating path segments")
    assert statuses["/long/" + "x" * 600 + ".html"] == ("skipped", "URL too long: over 512 characters")
    assert not any(path.startswith("/long/") for path in site.paths())


def test_unavailable_robots_stops_the_crawl_with_one_error(site):
    site.robots_status = 503
    items = list(crawl([site.url("/")], limits=FAST))  # the crawler's own client
    assert [(item.url, item.status, item.http_status) for item in items] == [(site.url("/robots.txt"), "error", 503)]
    assert "robots.txt unavailable" in items[0].error
    assert site.paths() == ["/robots.txt", "/robots.txt"]  # one retry after a pause (503: the server is busy)
    assert cuts_crawl_short(items[0])  # the sweep must not take the site's pages as removed


def test_missing_robots_allows_everything(site, sent):
    client, _ = sent
    site.robots_status, site.sitemap_line = 404, False
    items = list(crawl([site.url("/admin/secret.html")], limits=CrawlLimits(rate_per_second=0, max_pages=1), client=client))
    assert (items[0].url, items[0].status) == (site.url("/admin/secret.html"), "ok")


def test_unreachable_site_is_an_error_item_not_an_exception(sent):
    client, _ = sent
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as closed:
        port = closed.server_address[1]  # bound, then closed: nothing listens there
    items = list(crawl([f"http://127.0.0.1:{port}/", "mailto:x@example.invalid"], limits=FAST, client=client))
    assert [(item.status, item.error) for item in items] == [
        ("error", "not an http(s) URL"),
        ("error", "robots.txt unavailable (connection failed): site not crawled"),
    ]


def test_page_links_survive_malformed_html_and_keep_page_order():
    links = page_links(MALFORMED, "http://a.cn/x/page.html")
    assert links == ["http://a.cn/news/3.html", "http://a.cn/files/c.txt"]
    assert page_links(b"", "http://a.cn/") == []
    assert page_links(b"\x00\x01\x02\xff" * 100, "http://a.cn/") == []
    refresh = b'<meta http-equiv="Refresh" content="0; URL=/zwgk/index.html">'
    assert page_links(refresh, "http://a.cn/") == ["http://a.cn/zwgk/index.html"]
    gbk = GS  # a GB2312 page: the Chinese file name is escaped as UTF-8, as a browser does
    assert page_links(gbk, "http://a.cn/gs/index.html")[0] == "http://a.cn" + XLSX_PATH


class _BusyHandler(BaseHTTPRequestHandler):
    """A site whose news page answers 503 (Retry-After: 1) to its first request, then 200."""

    hits: Counter = Counter()
    starts: list[float] = []

    def do_GET(self) -> None:
        _BusyHandler.hits[self.path] += 1
        _BusyHandler.starts.append((self.path, time.monotonic()))
        if self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
            return
        if self.path == "/news.html" and _BusyHandler.hits[self.path] == 1:
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        body = b"<html><body><a href='/news.html'>n</a><a href='/more.html'>m</a></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_a_busy_server_is_retried_once_after_its_retry_after_and_the_crawl_slows_down():
    _BusyHandler.hits, _BusyHandler.starts = Counter(), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BusyHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        items = list(crawl([base + "/"], limits=CrawlLimits(rate_per_second=0, max_pages=10)))
    finally:
        server.shutdown()
    assert {item.url: item.status for item in items if item.status != "skipped"} == {
        base + "/": "ok", base + "/news.html": "ok", base + "/more.html": "ok"}
    assert _BusyHandler.hits["/news.html"] == 2  # retried once, not hammered
    first_busy = next(i for i, (path, _) in enumerate(_BusyHandler.starts) if path == "/news.html")
    after = [t for _, t in _BusyHandler.starts[first_busy:]]
    assert len(after) >= 3  # the 503, the retry, /more.html
    # The site asked for 1 s between requests: the retry and every request after it keep that pace.
    assert all(later - earlier >= 0.95 for earlier, later in pairwise(after))
