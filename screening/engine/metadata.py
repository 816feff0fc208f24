"""Document metadata for sweeps: when an item was published, by which office, and its 公示期.

A scheduled sweep (谁公开、谁清理) needs three facts about every item already online: the publish
date (资助公示 leave the site when the 公示期 ends, 招生公示 at the end of the year, …), the office
that published it (who must clean it up) and the 公示 period the text itself states. None of them has
one reliable source, so each is taken from the strongest source present and says which one it was
(``*_evidence``), quoting only a label and a date — never the text around it, which may be personal.

Publish date, in this order of trust:

1. a labelled date in the text: 发布日期/发布时间/公开日期 first, then 成文日期/发文日期/印发日期/
   (公文)生成日期, then a bare ``日期：``; also inside a page's info line
   (``来源：某某局 发布时间：2024-09-02 10:30 浏览次数：``). A label must start a word, so
   出生日期, 截止日期, 有效日期, 报名日期 never count;
2. the HTML ``<meta>`` tags of government CMSs (TRS WCM ``PubDate``, ``publishdate``, gov.cn's
   ``firstpublishedtime``, Open Graph ``article:published_time``, Dublin Core ``dc.date`` …);
3. the 公文 signature at the end: a date alone on a line (or after the office on the same line) right
   after the issuing office — 成文日期 — in Arabic or Chinese numerals (二〇二四年三月十五日); else the
   版记 line ``某某局办公室 2024年3月16日印发``;
4. a date in the path or URL: TRS ``/202409/t20240902_123456.html``, ``/2024/09/02/``, or eight digits
   in a file name (``20240902``), only when it is a real date between 1990 and a year from today;
5. the file's modification time, the weakest (a copy or an edit changes it).

Date formats: ``2024-09-02``, ``2024/9/2``, ``2024.09.02``, ``2024年9月2日`` (or 号),
``二〇二四年九月二日``, full-width digits, with or without a time after them.

Publisher: a labelled office in the opening (发布机构、来源、信息来源、发布单位、责任单位、责任科室、
主办单位、文章来源 …), cut at the next label or space (``来源：市教育局 发布时间：…`` → 市教育局); then
``<meta>`` ContentSource/source/publisher/author/SiteName and document properties (author, company);
then the office above the 公文 signature date. A value counts only when it looks like an organisation
(ends in 局/厅/委员会/学校/大学/学院/中学/小学/幼儿园/办公室/处/科/中心/部/院/所 …): an author
property holding a person's name is never taken. Misses: a 3-character personal name that happens to end
in such a character (王小科) would pass the shape test.

公示 period: ``公示期为5个工作日``, ``公示期5天``, ``公示时间为2024年9月2日至9月6日``,
``公示期：9月2日—9月6日``, ``自2024年9月2日起至2024年9月6日止…公示``, ``公示期自即日起至9月6日``,
``公示截止日期：…``. A missing year comes from the other end of the range or the publish date (the year
that puts it nearest; a range may cross the new year). A duration counts from the stated start, else
from the publish date, the start day included: 天/日/自然日 are calendar days; 工作日 are Chinese working
days by ``chinese_calendar`` (holidays and 调休 make-up days), Monday–Friday for a year that package does
not cover (the evidence then says 按周一至周五计). A period that cannot be placed in time keeps its
evidence with no dates. Dates in other roles (出生日期, an application's 截止日期, 有效期, 请于…前) are
not 公示 dates.

>>> meta = extract_metadata("来源：某某市教育局  发布时间：2024-09-02 10:30\\n关于…的公示\\n公示期为5个工作日。", "", [], "a.html")
>>> meta.to_dict()  # doctest: +NORMALIZE_WHITESPACE
{'published': '2024-09-02', 'published_evidence': '发布时间：2024-09-02', 'publisher': '某某市教育局',
 'publisher_evidence': '来源（文中）', 'notice_start': '2024-09-02', 'notice_end': '2024-09-06',
 'notice_evidence': '公示期：5个工作日（自发布日期起算）'}
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from urllib.parse import unquote, urlsplit

import chinese_calendar

# --- dates -------------------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．：　", "0123456789/-.: ")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR_CHARS = "〇零○ＯO0一二三四五六七八九"
_SMALL_CHARS = "元一二三四五六七八九十"

_NUMERIC_DATE = (
    r"(?<!\d)(?P<y>\d{4})\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})(?!\d)\s*[日号]?"
    r"|(?P<sep>[-/.])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<d2>\d{1,2})(?!\d))"
)
_CHINESE_DATE = (
    rf"(?P<cy>[{_YEAR_CHARS}]{{4}})\s*年\s*(?P<cm>[{_SMALL_CHARS}]{{1,3}})\s*月"
    rf"\s*(?P<cd>[{_SMALL_CHARS}]{{1,3}})\s*[日号]"
)
_FULL_DATE = f"(?:{_NUMERIC_DATE}|{_CHINESE_DATE})"
_PARTIAL_DATE = (
    r"(?<![\d年])(?P<pm>\d{1,2})\s*月\s*(?P<pd>\d{1,2})\s*[日号]"
    rf"|(?<![{_YEAR_CHARS}年{_SMALL_CHARS}])(?P<pcm>[{_SMALL_CHARS}]{{1,3}})\s*月\s*(?P<pcd>[{_SMALL_CHARS}]{{1,3}})\s*[日号]"
)
FULL_DATE = re.compile(_FULL_DATE)
ANY_DATE = re.compile(f"{_FULL_DATE}|{_PARTIAL_DATE}")

EARLIEST_TEXT_YEAR = 1949  # a labelled or signed date: old 公文 are republished too
EARLIEST_PATH_YEAR = 1990  # digits in a path are only trusted inside a plausible web era


@dataclass(frozen=True)
class _DateParts:
    """A date as written: the year may be missing (``9月6日``)."""

    year: int | None
    month: int
    day: int
    text: str  # the date as written, whitespace removed: digits and 年月日 only


def _small_number(text: str) -> int | None:
    """一…九, 十, 十五, 二十, 三十一, 元 (月) as an int."""
    if text == "元":
        return 1
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = _CN_DIGITS.get(tens) if tens else 1
    ones_value = _CN_DIGITS.get(ones) if ones else 0
    if tens_value is None or ones_value is None or "十" in ones:
        return None
    return tens_value * 10 + ones_value


def _chinese_year(text: str) -> int | None:
    digits = [_CN_DIGITS.get(char) for char in text]
    return None if None in digits else int("".join(str(digit) for digit in digits))


def _parts_of(match: re.Match[str]) -> _DateParts | None:
    """The year, month and day of a FULL_DATE or ANY_DATE match (year None for 9月6日)."""
    groups = match.groupdict()
    text = re.sub(r"\s+", "", match.group(0))
    if groups.get("y"):
        return _DateParts(int(groups["y"]), int(groups["m1"] or groups["m2"]), int(groups["d1"] or groups["d2"]), text)
    if groups.get("pm"):
        return _DateParts(None, int(groups["pm"]), int(groups["pd"]), text)
    if groups.get("cy"):
        year, month, day = _chinese_year(groups["cy"]), _small_number(groups["cm"]), _small_number(groups["cd"])
    else:
        year, month, day = None, _small_number(groups["pcm"] or ""), _small_number(groups["pcd"] or "")
        if groups.get("pcm") is None:
            return None
    if month is None or day is None or (groups.get("cy") and year is None):
        return None
    return _DateParts(year, month, day, text)


def _real_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _plausible(date: datetime.date | None, earliest_year: int) -> datetime.date | None:
    """The date if it lies between `earliest_year` and a year from today, else None."""
    if date is None or date.year < earliest_year or date > datetime.date.today() + datetime.timedelta(days=366):
        return None
    return date


def _full_date_of(match: re.Match[str], earliest_year: int = EARLIEST_TEXT_YEAR) -> datetime.date | None:
    parts = _parts_of(match)
    if parts is None or parts.year is None:
        return None
    return _plausible(_real_date(parts.year, parts.month, parts.day), earliest_year)


def normalized(text: str) -> str:
    """Full-width digits, slashes, hyphens, colons and the ideographic space as ASCII.

    >>> normalized("２０２４／９／２　１０：３０")
    '2024/9/2 10:30'
    """
    return text.translate(_FULL_WIDTH)


def parse_date(text: str) -> datetime.date | None:
    """The first complete, real date in `text` (any of the formats above), else None.

    >>> parse_date("2024-09-02 10:30"), parse_date("2024/9/2"), parse_date("2024.09.02")
    (datetime.date(2024, 9, 2), datetime.date(2024, 9, 2), datetime.date(2024, 9, 2))
    >>> parse_date("二〇二四年三月十五日"), parse_date("２０２４年９月２日"), parse_date("2024-09-02T10:30:00+08:00")
    (datetime.date(2024, 3, 15), datetime.date(2024, 9, 2), datetime.date(2024, 9, 2))
    >>> parse_date("2024-02-30") is None, parse_date("9月2日") is None
    (True, True)
    """
    for match in FULL_DATE.finditer(normalized(text)):
        date = _full_date_of(match)
        if date is not None:
            return date
    return None


# --- the result --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentMetadata:
    """What a sweep needs to know about one published item; each fact says where it came from."""

    published: datetime.date | None = None
    published_evidence: str | None = None  # "发布日期：2024-09-02", "meta PubDate", "成文日期（文末）", …
    publisher: str | None = None  # the office (never a person's name)
    publisher_evidence: str | None = None
    notice_start: datetime.date | None = None  # the 公示 period stated in the text
    notice_end: datetime.date | None = None
    notice_evidence: str | None = None  # "公示期：5个工作日", "公示时间：9月1日至9月7日", …
    # Which of TITLE_CUES the title holds (retention rules key on 公示/名单/处罚…): the words, never
    # the title itself, which may name a person (关于给予某某同学处分的决定).
    title_cues: tuple[str, ...] | None = None

    def to_dict(self) -> dict:
        """The fields that are set, dates in ISO form.

        >>> DocumentMetadata(published=datetime.date(2024, 9, 2), published_evidence="meta PubDate").to_dict()
        {'published': '2024-09-02', 'published_evidence': 'meta PubDate'}
        """
        result = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                result[field.name] = value.isoformat() if isinstance(value, datetime.date) else list(value) if isinstance(value, tuple) else value
        return result


@dataclass(frozen=True)
class _Dated:
    date: datetime.date
    evidence: str


@dataclass(frozen=True)
class _Named:
    name: str
    evidence: str


# --- publish date ------------------------------------------------------------------------------------

_CJK = r"\u3400-\u9fff"
# A label starts a word: not preceded by another Chinese character (出生日期, 截止日期, 成绩发布时间),
# except the few prefixes that keep it a publication label (信息发布时间, 文章发布日期).
_WORD_START = rf"(?:(?<![{_CJK}])|(?<=信息)|(?<=文章)|(?<=文档)|(?<=页面)|(?<=网页)|(?<=内容))"
_LABEL_TIERS = {
    "发布日期": 0, "发布时间": 0, "公开日期": 0, "发表日期": 0, "发表时间": 0,
    "成文日期": 1, "发文日期": 1, "印发日期": 1, "公文生成日期": 1, "生成日期": 1,
    "日期": 2,
}
_LABELLED_DATE = re.compile(
    _WORD_START
    + r"(?:(?P<label>发布日期|发布时间|公开日期|发表日期|发表时间|成文日期|发文日期|印发日期|公文生成日期|生成日期)"
    r"[ \t]*[:：]?|(?P<bare>日期)[ \t]*[:：])[ \t]*[【\[]?[ \t]*" + _FULL_DATE
)


def _labelled_date(text: str) -> _Dated | None:
    """The most trusted labelled date in `text`: the lowest tier, then the first."""
    best: tuple[int, int, _Dated] | None = None
    for match in _LABELLED_DATE.finditer(text):
        date = _full_date_of(match)
        label = match.group("label") or match.group("bare")
        if date is None:
            continue
        candidate = (_LABEL_TIERS[label], match.start(), _Dated(date, f"{label}：{date.isoformat()}"))
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return best[2] if best else None


# <meta> names (lower case) that carry the publish date, most specific first.
PUBLISH_DATE_META = (
    "pubdate", "publishdate", "publish_date", "publish-date", "publishtime", "publish_time", "firstpublishedtime",
    "article:published_time", "og:article:published_time", "datepublished", "releasedate", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "date",
)


def metadata_pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    """``key: value`` lines as (key, value); the key may hold colons (``article:published_time``).

    >>> metadata_pairs(["article:published_time: 2024-09-02T10:30", "author：某某局", "no separator"])
    [('article:published_time', '2024-09-02T10:30'), ('author', '某某局')]
    """
    pairs = []
    for line in lines:
        for separator in (": ", "：", ":"):
            key, found, value = line.partition(separator)
            if found and key.strip() and value.strip():
                pairs.append((key.strip(), value.strip()))
                break
    return pairs


def _meta_date(pairs: Sequence[tuple[str, str]]) -> _Dated | None:
    by_key = {}
    for key, value in pairs:
        by_key.setdefault(key.lower(), (key, value))
    for wanted in PUBLISH_DATE_META:
        if wanted in by_key:
            key, value = by_key[wanted]
            date = parse_date(value)
            if date is not None:
                return _Dated(date, f"meta {key}")
    return None


_ORG_SUFFIX = re.compile(
    r"(?:局|厅|委员会|委|政府|学校|大学|学院|中学|小学|幼儿园|校|园|办公室|办|处|科|室|中心|部|院|所|站|馆|队|"
    r"公司|集团|协会|学会|联合会|研究会|会|社|报|台|网|网站|组|署|司)$"
)
_PERSON_SIGNS = re.compile(r"[\d@]|老师$|同学$|先生$|女士$")


def looks_like_organisation(value: str) -> bool:
    """True for an office's name (by its ending), False for anything that may be a person.

    >>> [looks_like_organisation(v) for v in ("某某市教育局", "学生资助管理中心", "教育部", "张三", "Administrator", "本站")]
    [True, True, True, False, False, False]
    """
    value = value.strip()
    return 3 <= len(value) <= 40 and not _PERSON_SIGNS.search(value) and bool(_ORG_SUFFIX.search(value))


_SIGNATURE_LINE = re.compile(r"[（(]?[ \t]*" + _FULL_DATE + r"[ \t]*[）)]?")
_OFFICE_THEN_DATE = re.compile(r"(?P<office>[^\s\d].{1,39}?)[ \t]+" + _FULL_DATE + r"[ \t]*(?P<printed>印发)?")
_SEAL_NOTE = re.compile(r"[（(][^）)]{0,4}[章印][）)]")
SIGNATURE_LINES = 15  # how many of the last non-empty lines may hold the signature


def _office_of(line: str) -> str | None:
    """The (first, leading) office named on a signature line, if the line is only offices."""
    line = _SEAL_NOTE.sub("", line).strip()
    if not line or len(line) > 60:
        return None
    offices = line.split()
    return offices[0] if all(looks_like_organisation(office) for office in offices) else None


def _line_above(lines: Sequence[str], index: int) -> str:
    """The nearest line above `index` that is not only a seal note (（盖章）)."""
    for line in reversed(lines[:index]):
        if not _SEAL_NOTE.fullmatch(line):
            return line
    return ""


def _signature(tail: str) -> tuple[_Dated, str] | None:
    """The 公文 signature at the end — (成文日期, office) — else the 版记 印发 date."""
    lines = [line.strip() for line in tail.splitlines() if line.strip()][-SIGNATURE_LINES:]
    printed: tuple[_Dated, str] | None = None
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        alone = _SIGNATURE_LINE.fullmatch(line)
        if alone and index > 0:
            office = _office_of(_line_above(lines, index))
            date = _full_date_of(alone)
            if office and date:
                return _Dated(date, "成文日期（文末）"), office
        same_line = _OFFICE_THEN_DATE.fullmatch(line)
        if same_line:
            office = _office_of(same_line.group("office"))
            date = _full_date_of(same_line)
            if office and date and same_line.group("printed"):
                printed = printed or (_Dated(date, "印发日期（版记）"), office)
            elif office and date:
                return _Dated(date, "成文日期（文末）"), office
    return printed


_PATH_DATES = re.compile(
    r"(?<![0-9])(?P<t>t(?P<ty>\d{4})(?P<tm>\d{2})(?P<td>\d{2}))_"  # TRS WCM: /202409/t20240902_123456.html
    r"|/(?P<sy>\d{4})[/-](?P<sm>\d{1,2})[/-](?P<sd>\d{1,2})(?=/)"  # /2024/09/02/
    r"|(?<![0-9])(?P<cy>(?:19|20)\d{2})(?P<cm>\d{2})(?P<cd>\d{2})(?![0-9])"  # 20240902 in a name or folder
)


def _path_of(name: str) -> str:
    """The path part of a URL (query dropped, %-escapes decoded), or a file path with / separators."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", name):
        return unquote(urlsplit(name).path)
    return name.replace("\\", "/")


def _path_date(name: str) -> _Dated | None:
    """The last real date in the path (the file name is the most specific)."""
    found: _Dated | None = None
    for match in _PATH_DATES.finditer(_path_of(name)):
        kind = "t" if match.group("t") else "s" if match.group("sy") else "c"
        year, month, day = (int(match.group(kind + part)) for part in "ymd")
        date = _plausible(_real_date(year, month, day), EARLIEST_PATH_YEAR)
        if date is not None:
            found = _Dated(date, f"path {match.group(0).rstrip('_') if kind == 't' else match.group(0)}")
    return found


def _mtime_date(file_mtime: datetime.datetime | None) -> _Dated | None:
    if file_mtime is None:
        return None
    return _Dated(file_mtime.date(), "文件修改时间（最弱，复制或编辑会改变）")


# --- publisher ---------------------------------------------------------------------------------------

_PUBLISHER_LABEL = re.compile(
    rf"(?<![{_CJK}])(?P<label>发布机构|发文机关|发布单位|发布部门|公开责任部门|信息来源|文章来源|稿件来源|来源|"
    r"责任单位|责任部门|责任科室|主办单位|主办)[ \t]*[:：][ \t]*(?P<value>[^\s|丨｜【】\[\]<>]{1,60})"
)
# Where a labelled value ends when no space separates it from the next label.
_NEXT_LABEL = re.compile(
    r"发布时间|发布日期|发文日期|成文日期|更新时间|时间[:：]|日期[:：]|作者|撰稿|供稿|编辑|审核|摄影|浏览|点击|阅读|"
    r"访问|字号|分享|打印|来源|【|\d{4}[-/.年]"
)
_TRAILING_PUNCTUATION = "。，,;；:：、."

PUBLISHER_META = (
    "contentsource", "source", "publisher", "dc.publisher", "dcterms.publisher", "author", "dc.creator",
    "company", "sitename", "site_name", "og:site_name",
)


def _cut_value(value: str) -> str:
    """A labelled value up to the next label glued to it (``市教育局发布时间：…`` → 市教育局)."""
    cut = _NEXT_LABEL.search(value, 1)
    return (value[: cut.start()] if cut else value).strip(_TRAILING_PUNCTUATION)


def _labelled_publisher(text: str) -> _Named | None:
    for match in _PUBLISHER_LABEL.finditer(text):
        value = _cut_value(match.group("value"))
        if looks_like_organisation(value):
            return _Named(value, f"{match.group('label')}（文中）")
    return None


def _meta_publisher(pairs: Sequence[tuple[str, str]]) -> _Named | None:
    by_key = {}
    for key, value in pairs:
        by_key.setdefault(key.lower(), (key, value))
    for wanted in PUBLISHER_META:
        if wanted in by_key:
            key, value = by_key[wanted]
            first = value.split()[0] if value.split() else ""
            for candidate in (value.strip(), _cut_value(first)):
                if looks_like_organisation(candidate):
                    return _Named(candidate, f"meta {key}")
    return None


# --- 公示 period -------------------------------------------------------------------------------------

_NOTICE_ANCHOR = re.compile(r"公示(?P<kind>期限|期间|期|时间|日期)?")
_WINDOW_END = re.compile(r"[。；;\n]|公示|有效期|出生|报名|请于|如有异议|期满")
NOTICE_WINDOW = 80  # characters after 公示… searched for its period
_NOTICE_TOKEN = re.compile(
    f"{_FULL_DATE}|{_PARTIAL_DATE}"
    r"|(?P<today>即日|今日|发布之日|公布之日)"
    rf"|(?<![\d月{_SMALL_CHARS}〇零])(?P<count>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})[ \t]*个?[ \t]*"
    r"(?P<unit>工作日|自然日|天|日)"
)
_RANGE_JOIN = re.compile(r"[ \t]*起?[ \t]*(?:至|到|—+|–|－|-|~|～)[ \t]*")
_START_BEFORE = re.compile(r"(?:自|从)[ \t]*$")
_START_AFTER = re.compile(r"[ \t]*(?:起|开始)")
_END_BEFORE = re.compile(r"(?:至|到|截至|截止(?:日期|时间)?[ \t]*[:：]?)[ \t]*$")
_END_AFTER = re.compile(r"[ \t]*(?:止|截止|结束)")
_RIGHT_AFTER_ANCHOR = re.compile(r"[ \t]*(?:为|是|[:：])?[ \t]*")
_GAP_TO_ANCHOR = re.compile(r"[ \t]*止?[ \t]*[，,]?[^。；;\n\d]{0,14}")  # 9月6日止，在校园网进行|公示


@dataclass(frozen=True)
class _NoticeClause:
    """A 公示 period as written: either end may be a date, 即日 (the publish date) or absent."""

    anchor: str
    start: _DateParts | None = None
    start_today: bool = False
    end: _DateParts | None = None
    count: int | None = None
    unit: str | None = None

    def has_year(self) -> bool:
        """Whether the period's own dates carry a year (2024年6月10日至6月16日), so it places itself in time."""
        return any(part is not None and part.year is not None for part in (self.start, self.end))

    def description(self) -> str:
        start = "即日" if self.start_today else self.start.text if self.start else ""
        if start and self.end:
            period = f"{start}起至{self.end.text}" if self.start_today else f"{start}至{self.end.text}"
        elif self.end:
            period = f"至{self.end.text}"
        else:
            period = f"{start}起" if start else ""
        if self.count is not None:
            period += f"{'，' if period else ''}{self.count}{'个' if self.unit in ('工作日', '自然日') else ''}{self.unit}"
        return f"{self.anchor}：{period}"


def _count_of(text: str) -> int | None:
    return int(text) if text.isdigit() else _small_number(text)


def _token_parts(match: re.Match[str]) -> _DateParts | None:
    return None if match.group("today") or match.group("count") else _parts_of(match)


def _clause_in(window: str, anchor: re.Match[str]) -> _NoticeClause | None:
    """The period stated in `window` (words next to one 公示 anchor), if any."""
    tokens = list(_NOTICE_TOKEN.finditer(window))
    start: _DateParts | None = None
    end: _DateParts | None = None
    today = False
    count: int | None = None
    unit: str | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.group("count"):
            if count is None:
                count, unit = _count_of(token.group("count")), token.group("unit")
            continue
        following = tokens[index] if index < len(tokens) and not tokens[index].group("count") else None
        if following and start is None and not today and end is None and _RANGE_JOIN.fullmatch(
            window[token.end() : following.start()]
        ):
            today, start, end = bool(token.group("today")), _token_parts(token), _token_parts(following)
            index += 1
            continue
        before, after = window[: token.start()], window[token.end() :]
        starts = _START_BEFORE.search(before) or _START_AFTER.match(after) or (
            anchor.group("kind") and token is tokens[0] and _RIGHT_AFTER_ANCHOR.fullmatch(before)
        )
        if starts and start is None and not today:
            today, start = bool(token.group("today")), _token_parts(token)
        elif not token.group("today") and end is None and (_END_BEFORE.search(before) or _END_AFTER.match(after)):
            end = _token_parts(token)
    if start is None and not today and end is None and count is None:
        return None
    return _NoticeClause(anchor.group(0), start, today, end, count, unit)


def _notice_clause_after(anchor: re.Match[str], text: str) -> _NoticeClause | None:
    """The period stated in the words after one 公示 anchor (``公示期为5个工作日``)."""
    window = text[anchor.end() : anchor.end() + NOTICE_WINDOW]
    stop = _WINDOW_END.search(window)
    return _clause_in(window[: stop.start()] if stop else window, anchor)


def _notice_clause_before(anchor: re.Match[str], text: str) -> _NoticeClause | None:
    """A range written just before the word (``自9月2日起至9月6日止在校内公示``)."""
    window = text[max(0, anchor.start() - NOTICE_WINDOW) : anchor.start()]
    window = re.split(r"[。；;\n]", window)[-1]
    tokens = [token for token in _NOTICE_TOKEN.finditer(window) if not token.group("count")]
    if not tokens or not _GAP_TO_ANCHOR.fullmatch(window[tokens[-1].end() :]):
        return None
    clause = _clause_in(window, anchor)
    if clause is None or not (clause.start or clause.start_today) or clause.end is None:
        return None
    return _NoticeClause("公示时间", clause.start, clause.start_today, clause.end)


def _notice_clause(text: str) -> _NoticeClause | None:
    """The first 公示 period stated in `text`."""
    for anchor in _NOTICE_ANCHOR.finditer(text):
        clause = _notice_clause_after(anchor, text) or _notice_clause_before(anchor, text)
        if clause is not None:
            return clause
    return None


def _nearest_year(parts: _DateParts, reference: datetime.date) -> datetime.date | None:
    """A date without a year placed in the year (reference's, or one either side) nearest to `reference`."""
    candidates = [
        date for year in (reference.year - 1, reference.year, reference.year + 1)
        if (date := _real_date(year, parts.month, parts.day)) is not None
    ]
    return min(candidates, key=lambda date: abs((date - reference).days)) if candidates else None


def _on_or_after(parts: _DateParts, start: datetime.date) -> datetime.date | None:
    """A year-less end date: the first such day on or after `start` (a range may cross the new year)."""
    for year in (start.year, start.year + 1):
        date = _real_date(year, parts.month, parts.day)
        if date is not None and date >= start:
            return date
    return None


def _on_or_before(parts: _DateParts, end: datetime.date) -> datetime.date | None:
    for year in (end.year, end.year - 1):
        date = _real_date(year, parts.month, parts.day)
        if date is not None and date <= end:
            return date
    return None


def _is_workday(day: datetime.date) -> tuple[bool, bool]:
    """(is a working day, known from the Chinese calendar) — Monday–Friday outside its years."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def working_days_end(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    """The last of `count` Chinese working days from `start` (counted if it is one), and whether the
    calendar knew every day (False: some days were counted Monday–Friday).

    >>> working_days_end(datetime.date(2024, 9, 27), 5)  # 9/29 is a 调休 Sunday; 10/1–10/7 National Day
    (datetime.date(2024, 10, 9), True)
    >>> working_days_end(datetime.date(2035, 6, 1), 5)  # a Friday, beyond the calendar's years
    (datetime.date(2035, 6, 7), False)
    """
    day, counted, known = start, 0, True
    for _ in range(count * 3 + 30):  # bounded: the longest holiday is far shorter
        workday, day_known = _is_workday(day)
        known = known and day_known
        counted += workday
        if counted >= count:
            return day, known
        day += datetime.timedelta(days=1)
    return day, known


def _placed_period(
    clause: _NoticeClause, published: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None, list[str]]:
    """(start, end, notes) of a clause placed in time; dates None where they cannot be placed."""
    notes: list[str] = []
    start: datetime.date | None = published if clause.start_today else None
    end: datetime.date | None = None
    if clause.start and clause.start.year is not None:
        start = _real_date(clause.start.year, clause.start.month, clause.start.day)
    if clause.end and clause.end.year is not None:
        end = _real_date(clause.end.year, clause.end.month, clause.end.day)
    if clause.start and clause.start.year is None:
        if end is not None:
            start = _on_or_before(clause.start, end)
        elif published is not None:
            start = _nearest_year(clause.start, published)
    if clause.end and clause.end.year is None:
        if start is not None:
            end = _on_or_after(clause.end, start)
        elif published is not None:
            end = _nearest_year(clause.end, published)
    if clause.count and end is None:
        if start is None and published is not None and not clause.start:
            start = published
            notes.append("自发布日期起算")
        if start is not None and clause.unit == "工作日":
            end, known = working_days_end(start, clause.count)
            if not known:
                notes.append("按周一至周五计")
        elif start is not None:
            end = start + datetime.timedelta(days=clause.count - 1)
    return start, end, notes


# --- the whole -------------------------------------------------------------------------------------


def _first(*candidates):
    return next((candidate for candidate in candidates if candidate is not None), None)


def extract_metadata(
    opening: str,
    tail: str,
    metadata_lines: Sequence[str],
    name: str,
    *,
    file_mtime: datetime.datetime | None = None,
) -> DocumentMetadata:
    """Publish date, publisher and 公示 period of one document, each from its strongest source.

    `opening` and `tail` are the first and last few thousand characters of the extracted text (they may
    overlap), `metadata_lines` the readers' ``key: value`` metadata lines, `name` the path or URL.

    >>> extract_metadata("关于…的通知", "某某县教育局\\n二〇二四年三月十五日", [], "tz.docx").to_dict()
    {'published': '2024-03-15', 'published_evidence': '成文日期（文末）', 'publisher': '某某县教育局', 'publisher_evidence': '落款（文末）'}
    >>> extract_metadata("", "", ["PubDate: 2024-09-02 10:30"], "x.html").published_evidence
    'meta PubDate'
    """
    opening, tail = normalized(opening), normalized(tail)
    pairs = metadata_pairs(normalized(line) for line in metadata_lines)
    signature = _signature(tail)
    published = _first(
        _labelled_date(opening), _labelled_date(tail), _meta_date(pairs), signature[0] if signature else None,
        _path_date(name),
    )
    publisher = _first(
        _labelled_publisher(opening), _meta_publisher(pairs),
        _Named(signature[1], "落款（文末）") if signature else None,
    )
    clause = _notice_clause(opening) or _notice_clause(tail)
    notice_start = notice_end = None
    notice_evidence = None
    if clause is not None:
        notice_start, notice_end, notes = _placed_period(clause, published.date if published else None)
        if published is None and notice_start is None and file_mtime is not None:  # only the mtime can place it
            notice_start, notice_end, notes = _placed_period(clause, _mtime_date(file_mtime).date)
        notice_evidence = clause.description() + "".join(f"（{note}）" for note in notes)
    if published is None and notice_start is not None and clause is not None and clause.has_year():
        # A 公示 that states its own dated period was published when it began: better than the mtime.
        published = _Dated(notice_start, "公示开始日期（正文）")
    published = published or _mtime_date(file_mtime)
    return DocumentMetadata(
        published=published.date if published else None,
        published_evidence=published.evidence if published else None,
        publisher=publisher.name if publisher else None,
        publisher_evidence=publisher.evidence if publisher else None,
        notice_start=notice_start,
        notice_end=notice_end,
        notice_evidence=notice_evidence,
    )


__all__ = [
    "DocumentMetadata", "extract_metadata", "looks_like_organisation", "metadata_pairs", "normalized",
    "parse_date", "working_days_end",
]
