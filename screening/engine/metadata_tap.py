"""What a sweep needs to date and place a document, collected while its blocks stream past.

The publish date sits at the top of a web page (发布时间：…) or at the foot of a 公文 (成文日期);
the HTML meta tags and office properties arrive as the reader's `metadata` part. Rather than
read a file twice, the scanner passes its blocks through a `MetadataTap`, which keeps the
opening, a rolling tail and the metadata lines (all bounded), and then hands them to
`screening.engine.metadata.extract_metadata`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime

from screening.engine.metadata import DocumentMetadata, extract_metadata
from screening.model import Block

OPENING_CHARS = 6000
TAIL_CHARS = 3000
MAX_METADATA_LINES = 200
# Title words retention rules key on (policies: retention.title_any); only these are kept, never the title.
TITLE_CUES = ("公示", "公告", "名单", "录取", "处罚", "决定书", "通报", "通知", "喜报", "榜单")


class MetadataTap:
    """Pass blocks through `watch`, then call `metadata()` once they are all screened."""

    def __init__(self, name: str, file_mtime: datetime | None = None) -> None:
        self.name = name
        self.file_mtime = file_mtime
        self._opening: list[str] = []
        self._opening_chars = 0
        self._tail: deque[str] = deque()
        self._tail_chars = 0
        self._metadata_lines: list[str] = []

    def watch(self, blocks: Iterable[Block]) -> Iterator[Block]:
        for block in blocks:
            self._keep(block)
            yield block

    def _keep(self, block: Block) -> None:
        if block.location.part == "metadata":
            room = MAX_METADATA_LINES - len(self._metadata_lines)
            if room > 0:
                self._metadata_lines.extend(block.text.splitlines()[:room])
            return
        if block.location.part not in ("body", "table"):
            return  # comments, hidden text and the like do not date a page
        if self._opening_chars < OPENING_CHARS:
            self._opening.append(block.text)
            self._opening_chars += len(block.text) + 1
        self._tail.append(block.text)
        self._tail_chars += len(block.text) + 1
        while len(self._tail) > 1 and self._tail_chars - len(self._tail[0]) - 1 >= TAIL_CHARS:
            self._tail_chars -= len(self._tail.popleft()) + 1

    def metadata(self) -> DocumentMetadata:
        opening = "\n".join(self._opening)[:OPENING_CHARS]
        tail = "\n".join(self._tail)[-TAIL_CHARS:]
        found = extract_metadata(opening, tail, self._metadata_lines, self.name, file_mtime=self.file_mtime)
        return replace(found, title_cues=title_cues(opening, self._metadata_lines, self.name))


def title_cues(opening: str, metadata_lines: list[str], name: str = "") -> tuple[str, ...]:
    r"""TITLE_CUES in the document's title: its first line that is not a label line (a CMS page
    opens with 索引号：… 发布机构：… before the title), a metadata title (an HTML page's <title>,
    ArticleTitle, office properties), and the file name (名单.csv, 处罚决定.docx).

    >>> title_cues("索引号：113400/2024-1　信息分类：学生资助\n发布机构：某学院\n\n某学院2024年国家助学金拟资助学生名单公示\n正文", [])
    ('公示', '名单')
    >>> title_cues("姓名,考生号,身份证号", [], "/srv/www/zsxx/2024年本科批次录取名单.csv")
    ('名单', '录取')
    """
    titles = [_title_line(opening)]
    titles += [line.split(":", 1)[1] for line in metadata_lines if line.split(":", 1)[0].strip().lower() in ("title", "articletitle")]
    if metadata_lines and ": " not in metadata_lines[0]:
        titles.append(metadata_lines[0][:200])  # an HTML page's <title> comes first, as plain text
    if name:
        titles.append(name.replace("\\", "/").rsplit("/", 1)[-1].split("?", 1)[0][:200])
    return tuple(cue for cue in TITLE_CUES if any(cue in title for title in titles))


def _title_line(opening: str, lines_looked_at: int = 12) -> str:
    """The first line of the opening that is not a `label：value` line of a page's info box."""
    lines = [line.strip() for line in opening.splitlines()[:lines_looked_at] if line.strip()]
    return next((line for line in lines if not _LABEL_LINE.match(line)), lines[0] if lines else "")[:200]


_LABEL_LINE = re.compile(r"^[^：:]{1,12}[：:]")
