"""The site crawler of a sweep: it walks one school's or education bureau's website and yields
each page and attachment it fetched, for the sweep to screen and to keep
state on. `crawl()` is a generator of `Fetched` items; it never raises for a bad page — a
404, a timeout, a redirect off the site is an item with status "error" or "skipped".

What is fetched
  Breadth-first from the start URLs, then the URLs of the site's sitemaps (robots.txt
  `Sitemap:` lines, else /sitemap.xml; sitemap index files nested up to MAX_SITEMAPS files,
  .xml.gz too), all on the start URLs' site: the same host and port (http and https of one
  host are one site; www.x and x are two). Links on other sites are ignored silently.
  Pages (text/html, xhtml) are parsed for links: a[href], area[href], iframe[src],
  frame[src] and <meta http-equiv=refresh>, resolved against <base href>; javascript:,
  mailto: and tel: links lead nowhere. Attachments — by extension (crawl_urls.ATTACHMENT_
  EXTENSIONS: doc docx xls xlsx et wps pdf ofd zip rar 7z images txt csv …), by
  Content-Type, or by a Content-Disposition file name (a CMS's download.jsp?id=…) — are
  fetched and yielded, never parsed. Stylesheets, scripts, fonts, audio and video are
  never requested (by extension); a URL that answers with another Content-Type is closed
  after its headers and yielded "skipped".

Politeness
  One request at a time, at least 1/rate_per_second seconds apart (time.monotonic, robots
  and sitemap requests included); robots.txt `Crawl-delay` / `Request-rate` can only make
  the interval longer (up to MAX_CRAWL_DELAY_S). robots.txt is read with urllib.robotparser
  from the text fetched through httpx: a 4xx robots.txt (404, 403) allows everything, as
  RFC 9309 says; a 5xx, a 429 or no answer at all stops the crawl of that site with one
  "error" item for its robots.txt. A URL robots.txt disallows is yielded "skipped" with
  "disallowed by robots.txt" — not requested, but the operator sees what was left out.
  Redirects are followed here, not by httpx, at most MAX_REDIRECTS hops, and every hop is
  checked: a hop off the site is an "error" item "redirect off-site" (the off-site URL is
  never requested); a hop robots.txt disallows is "skipped".

Limits (CrawlLimits)
  max_pages HTML pages fetched per run (then the remaining queued pages are "skipped";
  attachments already found are still fetched); max_depth links from a start URL for pages
  (an attachment linked from the deepest page is fetched); max_bytes per response, while
  streaming (a Content-Length over it is refused before the body); max_url_length;
  max_query_variants distinct query strings per path (a calendar's ?month=N+1 forever);
  a path whose segments repeat (a/b/a/b/a/b) is a trap. Each of these is a "skipped" item
  once per URL. timeout_s bounds each request as a whole — connect, headers and body — so
  a server trickling a byte just inside the read timeout is dropped at timeout_s ("timeout"),
  not when it chooses to stop. In the main thread (the command) a real-time timer ends the
  request wherever it waits (screening.sources.timeout); elsewhere the body is checked
  against the deadline as each piece arrives.

Conditional requests: attachments only
  For a URL with an attachment extension the crawler asks `known(url)` for the validators
  of the previous run and sends If-None-Match / If-Modified-Since; a 304 is a
  "not-modified" item without content. Pages are always fetched in full and yielded "ok":
  the crawler needs their links whether or not they changed, and they are small; the sweep
  tells an unchanged page by its sha256. An attachment known only by its Content-Type
  (download.jsp?id=7) is fetched in full too: before the answer, nothing says it is one.

State keys: `Fetched.url` is the normalised URL requested (crawl_urls.normalise_url), the
same one `known()` is asked about. After a redirect, `final_url` is where the content came
from; a redirect to a URL already crawled or queued is "skipped" (it is screened once,
under its own URL). Memory: the set of URLs seen and the queue; a body is dropped once its
item has been yielded.

A run that ends early (the page limit, robots.txt unavailable, the start page failing)
has not seen the whole site: `cuts_crawl_short(item)` tells the items that say so, before
the sweep takes what it did not see as removed.

Error texts carry no content of the site: "HTTP 503", "timeout", "connection failed",
"too large: over 50 MB", "redirect off-site", "disallowed by robots.txt", "trap: …".
"""

from __future__ import annotations

import re
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.robotparser import RobotFileParser
from xml.etree.ElementTree import ParseError

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as xml_fromstring
from lxml import etree
from lxml import html as lxml_html

from screening import __version__
from screening.sweeps.crawl_urls import (
    ATTACHMENT_EXTENSIONS,
    is_attachment_url,
    is_ignored_url,
    normalise_url,
    origin_of,
    path_key,
    repeating_path,
    site_of,
)
from screening.sources.encoding import UnreadableInput
from screening.sources.html import decode_html
from screening.sources.timeout import TimeLimitExceeded, time_limit

MAX_REDIRECTS = 5
MAX_CRAWL_DELAY_S = 60.0  # a robots.txt Crawl-delay beyond this is taken as this
MAX_SITEMAPS = 50  # sitemap files read per site, index files included
MAX_SITEMAP_NESTING = 3  # index -> index -> sitemap
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: at least 500 KiB must be parsed
PAGE_LIMIT = "page limit reached"  # error texts that cuts_crawl_short() looks for
ROBOTS_UNAVAILABLE = "robots.txt unavailable"

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ATTACHMENT_TYPES = frozenset({
    "application/pdf", "application/ofd", "application/msword", "application/rtf", "text/rtf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/kswps", "application/kset",
    "application/ksdps", "application/vnd.ms-works", "application/zip", "application/x-zip-compressed",
    "application/x-rar-compressed", "application/vnd.rar", "application/x-rar", "application/x-7z-compressed",
    "image/png", "image/jpeg", "image/pjpeg", "image/tiff", "image/gif", "image/bmp", "text/plain", "text/csv",
})
ATTACHMENT_TYPE_PREFIXES = ("application/wps-office.", "application/vnd.ms-excel.", "application/vnd.ms-word.")
_DISPOSITION_NAME = re.compile(r"filename\*?\s*=\s*[\"']?[^;]*?\.([A-Za-z0-9]{1,5})[\"']?\s*(?:;|$)", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*[\"']?([^\"'>]+)", re.IGNORECASE)
_LINK_TAGS = {"a": "href", "area": "href", "iframe": "src", "frame": "src"}


@dataclass(frozen=True)
class CrawlLimits:
    max_pages: int = 2000  # HTML pages fetched per run
    max_depth: int = 8
    rate_per_second: float = 2.0  # requests per second to the host (politeness); 0 = unlimited (tests)
    timeout_s: float = 20.0
    max_bytes: int = 50 * 1024 * 1024  # per response, enforced while streaming
    max_url_length: int = 512
    max_query_variants: int = 20  # distinct query strings per path (calendar/search traps)
    user_agent: str = f"screening-sweep/{__version__} (+government information disclosure self-check)"


@dataclass(frozen=True)
class Validators:
    """What the previous run saw of a URL, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    url: str  # normalised URL (the state key)
    kind: str  # "page" | "attachment"
    status: str  # "ok" | "not-modified" | "error" | "skipped"
    content: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    source_page: str | None = None  # the page that linked it; None for start and sitemap URLs
    error: str | None = None  # why it is "error" or "skipped"
    http_status: int | None = None
    final_url: str | None = None  # where a redirect led, when it did


@dataclass(frozen=True)
class _Answer:
    """One request, redirects followed: what the crawler makes an item of."""

    url: str  # the last URL requested
    status: str
    kind: str | None = None
    content: bytes | None = None
    headers: httpx.Headers | None = None
    error: str | None = None
    http_status: int | None = None


@dataclass
class _Throttle:
    """At least `interval` seconds between the starts of two requests."""

    interval: float
    _last: float | None = field(default=None)  # when the previous request started

    def slow_to(self, interval: float) -> None:
        self.interval = max(self.interval, min(interval, MAX_CRAWL_DELAY_S))

    def wait(self) -> None:
        if self._last is not None:
            delay = self._last + self.interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self._last = time.monotonic()


# ---- small helpers -----------------------------------------------------------------------

BUSY_STATUSES = (429, 503)


def retry_after_seconds(headers: httpx.Headers | None) -> float | None:
    """A Retry-After header in seconds (a number, or an HTTP date from now); None when absent or unreadable.

    >>> retry_after_seconds(httpx.Headers({"Retry-After": "3"})), retry_after_seconds(httpx.Headers({}))
    (3.0, None)
    """
    value = (headers or httpx.Headers()).get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds()) if when.tzinfo else None

def _size(limit: int) -> str:
    """
    >>> _size(50 * 1024 * 1024), _size(1000)
    ('50 MB', '1000 bytes')
    """
    mb = 1024 * 1024
    return f"{limit // mb} MB" if limit % mb == 0 else f"{limit} bytes"


def _media_type(headers: httpx.Headers) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _disposition_extension(headers: httpx.Headers) -> str:
    """
    >>> _disposition_extension(httpx.Headers({"content-disposition": 'attachment; filename="a.XLSX"'}))
    'xlsx'
    """
    match = _DISPOSITION_NAME.search(headers.get("content-disposition", ""))
    return match.group(1).lower() if match else ""


def _classify(url: str, headers: httpx.Headers) -> tuple[str | None, str | None]:
    """("page" | "attachment", None), or (None, why it is not fetched)."""
    media = _media_type(headers)
    if is_attachment_url(url):
        return "attachment", None
    if media in HTML_TYPES or not media:
        return "page", None
    if media in ATTACHMENT_TYPES or media.startswith(ATTACHMENT_TYPE_PREFIXES):
        return "attachment", None
    if _disposition_extension(headers) in ATTACHMENT_EXTENSIONS:
        return "attachment", None
    return None, f"not a page or attachment: {media}"


def _describe(error: Exception) -> str:
    """A request failure in words that quote nothing from the site."""
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    if isinstance(error, httpx.DecodingError):
        return "bad content encoding"
    if isinstance(error, httpx.ConnectError):
        return "TLS certificate not accepted" if "CERTIFICATE" in str(error) else "connection failed"
    if isinstance(error, (httpx.RemoteProtocolError, httpx.LocalProtocolError)):
        return "HTTP protocol error"
    return f"request failed ({type(error).__name__})"


def _request_headers(user_agent: str, validators: Validators | None) -> dict[str, str]:
    headers = {"User-Agent": user_agent}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


# ---- pages and sitemaps ------------------------------------------------------------------

def _parse_html(content: bytes):
    """The page's tree, or None when there is nothing to parse. Never raises."""
    try:
        text, _ = decode_html(content)
    except UnreadableInput:
        text = content.decode("utf-8", errors="replace")  # links are mostly ASCII anyway
    parser = lxml_html.HTMLParser(encoding="utf-8", recover=True, no_network=True, huge_tree=True)
    try:
        return lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def page_links(content: bytes, page_url: str) -> list[str]:
    """The normalised http(s) URLs a page links to, in page order, each once.

    >>> page_links(b'<base href="/b/"><a href="x.html">x</a><a href="mailto:a@b.cn">m</a>'
    ...            b'<iframe src="/f.html"></iframe><a href="javascript:go()">j</a><a href="x.html#2">', "http://a.cn/p/")
    ['http://a.cn/b/x.html', 'http://a.cn/f.html']
    """
    root = _parse_html(content)
    if root is None:
        return []
    base = page_url
    base_element = root.find(".//base[@href]")
    if base_element is not None:
        base = normalise_url(base_element.get("href", ""), base=page_url) or page_url
    raw: list[str] = []
    for element in root.iter(*_LINK_TAGS, "meta"):
        if element.tag == "meta":
            if (element.get("http-equiv") or "").strip().lower() == "refresh":
                match = _REFRESH_URL.search(element.get("content") or "")
                raw.extend([match.group(1)] if match else [])
        elif element.get(_LINK_TAGS[element.tag]):
            raw.append(element.get(_LINK_TAGS[element.tag]))
    links = (normalise_url(href, base=base) for href in raw)
    return list(dict.fromkeys(link for link in links if link))


def _gunzip(data: bytes, limit: int) -> bytes:
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error:
        raise ValueError("sitemap: bad gzip data") from None
    if len(out) > limit:
        raise ValueError(f"sitemap: too large: over {_size(limit)} uncompressed")
    return out


def parse_sitemap(data: bytes, limit: int) -> tuple[bool, list[str]]:
    """(is it a sitemap index, the <loc> URLs). Plain-text sitemaps (a URL a line) too.
    Raises ValueError for what is not a sitemap.

    >>> parse_sitemap(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ...               b'<url><loc> http://a.cn/x </loc></url></urlset>', 1000)
    (False, ['http://a.cn/x'])
    >>> parse_sitemap(b'<sitemapindex><sitemap><loc>http://a.cn/s2.xml</loc></sitemap></sitemapindex>', 1000)
    (True, ['http://a.cn/s2.xml'])
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, limit)
    try:
        root = xml_fromstring(data)
    except (ParseError, DefusedXmlException):
        lines = [line.strip() for line in data.decode("utf-8", errors="replace").splitlines()]
        urls = [line for line in lines if line.startswith(("http://", "https://"))]
        if not urls:
            raise ValueError("sitemap: not a sitemap (unreadable XML)") from None
        return False, urls
    index = root.tag.rsplit("}", 1)[-1].lower() == "sitemapindex"
    locs = [element.text.strip() for element in root.iter() if element.tag.rsplit("}", 1)[-1] == "loc" and element.text]
    return index, locs


# ---- the crawler -------------------------------------------------------------------------

class _Crawler:
    def __init__(self, client: httpx.Client, limits: CrawlLimits, known: Callable[[str], Validators | None]) -> None:
        self.client = client
        self.limits = limits
        self.known = known
        self.throttle = _Throttle(1.0 / limits.rate_per_second if limits.rate_per_second > 0 else 0.0)
        self.sites: set[tuple[str, int | None]] = set()
        self.robots: dict[str, RobotFileParser | None] = {}  # origin -> rules; None: not crawled
        self.notices: list[Fetched] = []  # robots.txt and sitemap failures, yielded at the next turn
        self.seen: set[str] = set()
        self.query_variants: dict[str, int] = {}
        self.queue: deque[tuple[str, int, str | None]] = deque()
        self.pages = 0

    # -- the walk

    def run(self, start_urls: Sequence[str]) -> Iterator[Fetched]:
        starts = []
        for raw in start_urls:
            url = normalise_url(raw)
            if url is None:
                yield Fetched(url=raw, kind="page", status="error", error="not an http(s) URL")
            else:
                starts.append(url)
        self.sites = {site_of(url) for url in starts}
        for url in starts:
            yield from self._enqueue(url, 0, None)
        for origin in dict.fromkeys(origin_of(url) for url in starts):
            for url in self._sitemap_urls(origin):
                yield from self._enqueue(url, 0, None)
            yield from self._drain()
        while self.queue:
            url, depth, source = self.queue.popleft()
            yield from self._visit(url, depth, source)
            yield from self._drain()

    def _drain(self) -> Iterator[Fetched]:
        notices, self.notices = self.notices, []
        yield from notices

    def _enqueue(self, url: str | None, depth: int, source: str | None) -> Iterator[Fetched]:
        """Queue a URL found on a page or a sitemap; a trap is yielded "skipped", once."""
        if url is None or site_of(url) not in self.sites or is_ignored_url(url) or url in self.seen:
            return
        self.seen.add(url)
        reason = self._trap(url, depth)
        if reason:
            yield self._item(url, "skipped", source, error=reason)
        else:
            self.queue.append((url, depth, source))

    def _trap(self, url: str, depth: int) -> str | None:
        limits = self.limits
        if len(url) > limits.max_url_length:
            return f"URL too long: over {limits.max_url_length} characters"
        if repeating_path(url):
            return "trap: repeating path segments"
        if "?" in url:
            key = path_key(url)
            self.query_variants[key] = count = self.query_variants.get(key, 0) + 1
            if count > limits.max_query_variants:
                return "trap: too many query variants"
        if depth > limits.max_depth and not is_attachment_url(url):
            return f"trap: more than max_depth ({limits.max_depth}) links from the start"
        return None

    def _visit(self, url: str, depth: int, source: str | None) -> Iterator[Fetched]:
        allowed = self._allowed(url)
        if allowed is None:  # its site's robots.txt could not be read: reported once, not crawled
            return
        if not allowed:
            yield self._item(url, "skipped", source, error="disallowed by robots.txt")
            return
        attachment = is_attachment_url(url)
        if not attachment:
            if self.pages >= self.limits.max_pages:
                yield self._item(url, "skipped", source, error=f"{PAGE_LIMIT} (max_pages {self.limits.max_pages})")
                return
            self.pages += 1
        validators = self.known(url) if attachment else None
        answer = self._get(url, validators=validators, crawling=True)
        links = page_links(answer.content, answer.url) if answer.kind == "page" and answer.content else []
        yield self._result(url, source, answer, validators)
        del answer
        for link in links:
            yield from self._enqueue(link, depth + 1, url)

    def _item(self, url: str, status: str, source: str | None, **fields) -> Fetched:
        kind = "attachment" if is_attachment_url(url) else "page"
        return Fetched(url=url, kind=kind, status=status, source_page=source, **fields)

    def _result(self, url: str, source: str | None, answer: _Answer, validators: Validators | None) -> Fetched:
        headers = answer.headers or httpx.Headers()
        etag, modified = headers.get("etag"), headers.get("last-modified")
        if answer.status == "not-modified" and validators:
            etag, modified = etag or validators.etag, modified or validators.last_modified
        kind = answer.kind or ("attachment" if is_attachment_url(answer.url) or is_attachment_url(url) else "page")
        return Fetched(
            url=url, kind=kind, status=answer.status, content=answer.content,
            content_type=headers.get("content-type"), etag=etag, last_modified=modified, source_page=source,
            error=answer.error, http_status=answer.http_status, final_url=answer.url if answer.url != url else None,
        )

    # -- robots.txt and sitemaps

    def _allowed(self, url: str) -> bool | None:
        rules = self._robots(origin_of(url))
        return None if rules is None else rules.can_fetch(self.limits.user_agent, url)

    def _robots(self, origin: str) -> RobotFileParser | None:
        if origin in self.robots:
            return self.robots[origin]
        url = origin + "/robots.txt"
        answer = self._get(url, max_bytes=min(ROBOTS_MAX_BYTES, self.limits.max_bytes))
        rules: RobotFileParser | None = RobotFileParser(url)
        code = answer.http_status or 0
        if answer.status == "ok":
            rules.parse((answer.content or b"").decode("utf-8", errors="replace").lstrip("\ufeff").splitlines())
            self._obey_delay(rules)
        elif answer.status == "error" and 400 <= code < 500 and code != 429:
            rules.parse([])  # no robots.txt: everything allowed
        else:
            rules = None
            why = answer.error or "not readable"
            self.notices.append(Fetched(url=url, kind="page", status="error", error=f"{ROBOTS_UNAVAILABLE} ({why}): site not crawled", http_status=answer.http_status))
        self.robots[origin] = rules
        return rules

    def _obey_delay(self, rules: RobotFileParser) -> None:
        delay = rules.crawl_delay(self.limits.user_agent)
        rate = rules.request_rate(self.limits.user_agent)
        if delay:
            self.throttle.slow_to(float(delay))
        if rate and rate.requests > 0:
            self.throttle.slow_to(rate.seconds / rate.requests)

    def _sitemap_urls(self, origin: str) -> Iterator[str]:
        rules = self._robots(origin)
        if rules is None:
            return
        listed = [normalise_url(url) for url in rules.site_maps() or []]
        pending = deque((url, 0, True) for url in listed if url and site_of(url) in self.sites)
        if not pending:
            pending.append((origin + "/sitemap.xml", 0, False))  # a guess: its absence is no error
        done: set[str] = set()
        while pending and len(done) < MAX_SITEMAPS:
            url, nesting, report = pending.popleft()
            if url in done or not self._allowed(url):
                continue
            done.add(url)
            index, locs = self._sitemap(url, report)
            if not index:
                yield from locs
            elif nesting < MAX_SITEMAP_NESTING:
                nested = (normalise_url(loc) for loc in locs)
                pending.extend((loc, nesting + 1, True) for loc in nested if loc and site_of(loc) in self.sites)

    def _sitemap(self, url: str, report: bool) -> tuple[bool, list[str]]:
        answer = self._get(url)
        error = answer.error
        if answer.status == "ok":
            try:
                return parse_sitemap(answer.content or b"", self.limits.max_bytes)
            except ValueError as problem:
                error = str(problem)
        if report:
            self.notices.append(Fetched(url=url, kind="page", status="error", error=f"sitemap: {error}", http_status=answer.http_status))
        return False, []

    # -- HTTP

    def _get(self, url: str, **options) -> _Answer:
        """GET, and once more after a pause when the server says it is busy (429, 503): the pause
        is its Retry-After (up to MAX_CRAWL_DELAY_S), else twice the interval (at least 1 s), and
        the rest of the crawl keeps that slower pace. A server that asks for more is left alone."""
        answer = self._get_once(url, **options)
        if answer.http_status not in BUSY_STATUSES:
            return answer
        pause = retry_after_seconds(answer.headers)
        if pause is not None and pause > MAX_CRAWL_DELAY_S:
            return answer
        self.throttle.slow_to(pause if pause is not None else max(2 * self.throttle.interval, 1.0))
        return self._get_once(url, **options)

    def _get_once(self, url: str, *, validators: Validators | None = None, crawling: bool = False, max_bytes: int | None = None) -> _Answer:
        """GET with redirects followed here, each hop checked. `crawling`: a page or attachment,
        not robots.txt or a sitemap — robots.txt applies to each hop, a redirect to a URL
        seen is not followed, and the Content-Type must be a page's or an attachment's."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self.throttle.wait()
            headers = _request_headers(self.limits.user_agent, validators)
            try:
                with time_limit(self.limits.timeout_s) as deadline, self.client.stream(
                    "GET", current, headers=headers, timeout=self.limits.timeout_s, follow_redirects=False,
                ) as response:
                    if not response.has_redirect_location:
                        return self._answer(current, response, validators, crawling, max_bytes or self.limits.max_bytes, deadline)
                    target = normalise_url(response.headers.get("location", ""), base=current)
                    code = response.status_code
            except TimeLimitExceeded:
                return _Answer(current, "error", error="timeout")
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
                return _Answer(current, "error", error=_describe(error))
            if target is None or site_of(target) not in self.sites:
                return _Answer(current, "error", error="redirect off-site", http_status=code)
            refused = self._refused_hop(target) if crawling else None
            if refused:
                return _Answer(current, refused[0], error=refused[1], http_status=code)
            current = target
        return _Answer(current, "error", error=f"too many redirects (over {MAX_REDIRECTS})")

    def _refused_hop(self, target: str) -> tuple[str, str] | None:
        """(status, why) when a crawl request must not follow a redirect to `target`."""
        allowed = self._allowed(target)
        if allowed is None:
            return "error", "redirect to a site whose robots.txt is unavailable"
        if not allowed:
            return "skipped", "redirect disallowed by robots.txt"
        if target in self.seen:
            return "skipped", "redirect to a URL already crawled"
        self.seen.add(target)
        return None

    def _answer(
        self, url: str, response: httpx.Response, validators: Validators | None, crawling: bool, max_bytes: int, deadline: float,
    ) -> _Answer:
        code, headers = response.status_code, response.headers
        if code == 304 and validators:
            return _Answer(url, "not-modified", kind="attachment", headers=headers, http_status=code)
        if not 200 <= code < 300:
            return _Answer(url, "error", headers=headers, error=f"HTTP {code}", http_status=code)
        kind, reason = _classify(url, headers) if crawling else (None, None)
        if reason:
            return _Answer(url, "skipped", headers=headers, error=reason, http_status=code)
        content, error = self._body(response, max_bytes, deadline)
        status = "error" if error else "ok"
        return _Answer(url, status, kind=kind, content=content, headers=headers, error=error, http_status=code)

    def _body(self, response: httpx.Response, max_bytes: int, deadline: float) -> tuple[bytes | None, str | None]:
        """The body, read up to max_bytes by the request's deadline; (None, why) when it is larger or slower."""
        too_large = f"too large: over {_size(max_bytes)}"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            return None, too_large
        chunks, total = [], 0
        for chunk in response.iter_bytes():  # each piece as it arrives: a fixed size would wait for a trickle to fill it
            total += len(chunk)
            if total > max_bytes:
                return None, too_large
            if time.monotonic() > deadline:
                return None, "timeout"
            chunks.append(chunk)
        return b"".join(chunks), None


def cuts_crawl_short(item: Fetched) -> bool:
    """True for an item after which the run cannot claim to have seen the whole site, so
    what it did not see must not be taken as removed: the page limit reached, robots.txt
    unavailable, or a start (or sitemap-listed) page failing other than with a 4xx.

    >>> cuts_crawl_short(Fetched(url="http://a.cn/", kind="page", status="error", error="timeout"))
    True
    >>> cuts_crawl_short(Fetched(url="http://a.cn/x", kind="page", status="error", error="HTTP 404",
    ...                          http_status=404, source_page="http://a.cn/"))
    False
    """
    reason = item.error or ""
    if reason.startswith((PAGE_LIMIT, ROBOTS_UNAVAILABLE)):
        return True
    client_error = item.http_status is not None and 400 <= item.http_status < 500
    return item.status == "error" and item.kind == "page" and item.source_page is None and not client_error


def crawl(
    start_urls: Sequence[str],
    *,
    limits: CrawlLimits = CrawlLimits(),
    known: Callable[[str], Validators | None] = lambda url: None,
    client: httpx.Client | None = None,
) -> Iterator[Fetched]:
    """Pages and attachments of the start URLs' site, breadth-first, as they are fetched.

    `known(url)` gives the previous run's validators of an attachment (conditional requests);
    `client` is for proxies, TLS settings or tests — the crawler sets its own User-Agent,
    timeout and redirect handling on each request.
    """
    own = client is None
    if client is None:
        client = httpx.Client(timeout=limits.timeout_s, follow_redirects=False)
    try:
        yield from _Crawler(client, limits, known).run(start_urls)
    finally:
        if own:
            client.close()
