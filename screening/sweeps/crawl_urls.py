"""URLs for the site crawler (screening/sweeps/crawl.py): normalised to one spelling, scoped to one
site, and sorted into pages, attachments and files not fetched.

Normalising makes two spellings of one address one state key, so a page linked as
`HTTP://School.edu.cn:80/a/../news/?b=2&a=1#top` is fetched once and compared with the
previous run under `http://school.edu.cn/news/?a=1&b=2`:

- scheme and host lowercased, the default port dropped, user:password@ dropped, the
  fragment dropped, `.` and `..` segments resolved, an empty path made `/`;
- percent-encoding in one form: escapes of unreserved characters decoded, other escapes in
  upper case, characters that need escaping (spaces, Chinese file names) escaped as UTF-8
  (a browser escapes a path in UTF-8; it escapes a *query* in the page's charset, which a
  GBK site may then not recognise — not handled);
- query parameters sorted; session parameters (jsessionid, sid, phpsessid, aspsessionid,
  sessionid, utm_*) dropped, also a `;jsessionid=` path parameter.

Only http and https URLs have a normal form: javascript:, mailto:, tel:, data: and the rest
are None.
"""

from __future__ import annotations

import re
from posixpath import splitext
from urllib.parse import quote, unquote, urljoin, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
SESSION_PARAMETERS = frozenset({"jsessionid", "sid", "phpsessid", "sessionid", "aspsessionid"})
SESSION_PREFIXES = ("utm_", "aspsessionid")

# Files the sweep screens: fetched and yielded as attachments, never parsed for links.
ATTACHMENT_EXTENSIONS = frozenset({
    "doc", "docx", "docm", "xls", "xlsx", "xlsm", "et", "wps", "dps", "ppt", "rtf", "pdf", "ofd",
    "zip", "rar", "7z", "png", "jpg", "jpeg", "tif", "tiff", "gif", "bmp", "txt", "csv", "tsv",
})
# Files the sweep cannot screen: never requested.
IGNORED_EXTENSIONS = frozenset({
    "css", "js", "mjs", "map", "json", "xml", "rss", "atom", "ico", "svg", "webp", "woff", "woff2", "ttf",
    "otf", "eot", "mp3", "mp4", "m4a", "m4v", "avi", "mov", "wmv", "wma", "wav", "flv", "f4v", "mkv",
    "webm", "mpg", "mpeg", "rm", "rmvb", "swf", "exe", "msi", "apk", "ipa", "dmg", "iso", "bin", "jar",
    "gz", "tgz", "bz2", "xz", "tar",
})

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = "/?:@!$'()*+,;-._~%="  # `&` separates pairs, so within a pair it stays escaped
_NAME_SAFE = "/?:@!$'()*+,;-._~%"  # a `=` in a parameter name stays escaped


def _escapes(text: str, safe: str) -> str:
    """One form of percent-encoding: unreserved escapes decoded, the rest upper case.

    >>> _escapes("%7euser/%e5%90%8d %zz", _PATH_SAFE)
    '~user/%E5%90%8D%20%25zz'
    """
    # A `%` not starting an escape is itself escaped; the others are kept as escapes.
    text = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", text)

    def one(match: re.Match[str]) -> str:
        character = chr(int(match.group(1), 16))
        return character if character in _UNRESERVED else "%" + match.group(1).upper()

    return quote(_ESCAPE.sub(one, text), safe=safe)


def _dot_segments(path: str) -> str:
    """RFC 3986 remove_dot_segments, for paths that already start with `/`.

    >>> _dot_segments("/a/b/../c/./d/..")
    '/a/c/'
    >>> _dot_segments("/../../x")
    '/x'
    """
    out: list[str] = []
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment == ".":
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


def is_session_parameter(name: str) -> bool:
    """
    >>> [is_session_parameter(n) for n in ("JSESSIONID", "utm_source", "id", "ASPSESSIONIDQACS")]
    [True, True, False, True]
    """
    name = unquote(name).lower()
    return name in SESSION_PARAMETERS or name.startswith(SESSION_PREFIXES)


def _query(query: str) -> str:
    """Pairs in a sorted order, session parameters dropped, empty pairs dropped."""
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, equals, value = pair.partition("=")
        if is_session_parameter(name):
            continue
        pairs.append((_escapes(name, _NAME_SAFE), equals, _escapes(value, _QUERY_SAFE)))
    pairs.sort(key=lambda pair: (pair[0], pair[2]))
    return "&".join(name + equals + value for name, equals, value in pairs)


def _host(hostname: str) -> str | None:
    try:
        return hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The URL's normal form (the crawler's state key), or None when it is not an http(s) URL.

    >>> normalise_url("HTTP://School.EDU.cn:80/a/../news/?b=2&a=1#top")
    'http://school.edu.cn/news/?a=1&b=2'
    >>> normalise_url("../files/名单 2024.xlsx", base="https://school.edu.cn:443/gs/gg/index.html")
    'https://school.edu.cn/gs/files/%E5%90%8D%E5%8D%95%202024.xlsx'
    >>> normalise_url("/list.jsp;jsessionid=A1B2?utm_source=x&page=2&sid=9", base="http://a.cn/")
    'http://a.cn/list.jsp?page=2'
    >>> normalise_url("http://a.cn:8080/%7Euser/%e6%96%87")
    'http://a.cn:8080/~user/%E6%96%87'
    >>> normalise_url("http://user:secret@a.cn/x?")
    'http://a.cn/x'
    >>> [normalise_url(u, "http://a.cn/") for u in ("javascript:void(0)", "mailto:x@a.cn", "tel:110", "#top")]
    [None, None, None, 'http://a.cn/']
    >>> normalise_url("http://[broken/") is None
    True
    """
    try:
        url = _TAB_NEWLINE.sub("", url).strip()  # as a browser does: CMS editors wrap long hrefs
        parts = urlsplit(urljoin(base, url) if base else url)
        port = parts.port
    except ValueError:  # "http://[x", a port that is not a number
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _dot_segments("/" + _PATH_SESSION.sub("", parts.path).lstrip("/"))
    query = _query(parts.query)
    return f"{scheme}://{netloc}{_escapes(path, _PATH_SAFE)}" + (f"?{query}" if query else "")


def site_of(url: str) -> tuple[str, int | None]:
    """The site a URL belongs to: its host, and its port unless a default one. http and https
    of one host are one site.

    >>> site_of("http://a.cn/x") == site_of("https://a.cn:443/y")
    True
    >>> site_of("http://a.cn:8080/") == site_of("http://a.cn/")
    False
    """
    parts = urlsplit(url)
    port = parts.port
    return (parts.hostname or "", None if port == DEFAULT_PORTS.get(parts.scheme) else port)


def origin_of(url: str) -> str:
    """scheme://host[:port]: what one robots.txt covers.

    >>> origin_of("https://a.cn:8443/x/y?z")
    'https://a.cn:8443'
    """
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def extension(url: str) -> str:
    """The lowercased extension of the URL's last path segment, without the dot.

    >>> extension("http://a.cn/files/%E5%90%8D%E5%8D%95.XLSX?v=1")
    'xlsx'
    >>> extension("http://a.cn/news/")
    ''
    """
    return splitext(urlsplit(url).path.rsplit("/", 1)[-1])[1][1:].lower()


def is_attachment_url(url: str) -> bool:
    return extension(url) in ATTACHMENT_EXTENSIONS


def is_ignored_url(url: str) -> bool:
    return extension(url) in IGNORED_EXTENSIONS


def repeating_path(url: str, times: int = 3, longest: int = 3) -> bool:
    """A run of 1 to `longest` path segments repeated `times` times in a row: the mark of
    relative links resolving against themselves (a/b/a/b/a/b/...).

    >>> repeating_path("http://a.cn/a/b/a/b/a/b/index.html")
    True
    >>> repeating_path("http://a.cn/x/x/x/")
    True
    >>> repeating_path("http://a.cn/2024/05/05/a.html")
    False
    """
    segments = [segment for segment in urlsplit(url).path.split("/") if segment]
    for size in range(1, longest + 1):
        for start in range(len(segments) - size * times + 1):
            block = segments[start : start + size]
            if all(segments[start + size * k : start + size * (k + 1)] == block for k in range(1, times)):
                return True
    return False


def path_key(url: str) -> str:
    """The URL without its query: where query variants are counted.

    >>> path_key("http://a.cn/calendar?month=5")
    'http://a.cn/calendar'
    """
    return url.split("?", 1)[0]
