"""CSV/TSV files: one block per row, each cell with its column header as context.

A header such as 身份证号 / 联系电话 / 银行卡号 says what every cell below holds, so it is
passed to the context enhancer with each cell. The csv module cannot report character
offsets, and findings must point into the extracted text, so rows are split here with
a small quote-aware splitter (a quoted field spanning lines is read line by line — rare
in exports, and its text is still screened).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from screening.model import Block, Location


def split_cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's content in `line`, quotes excluded.

    >>> line = 'a,"b,c",d'
    >>> [line[s:e] for s, e in split_cells(line, ",")]
    ['a', 'b,c', 'd']
    """
    cells: list[tuple[int, int]] = []
    start, quoted = 0, False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            cells.append((start, index))
            start = index + 1
    cells.append((start, len(line)))
    return [(s + 1, e - 1) if e - s >= 2 and line[s] == '"' and line[e - 1] == '"' else (s, e) for s, e in cells]


_VALUE_LIKE = regex.compile(r"\d{5}|@|[*＊]{3}")


def is_header_row(cells: list[str]) -> bool:
    """A first row made of labels. A file without a header starts with data — and a data
    cell must never become the "column" name that reports print beside every finding.

    >>> is_header_row(["姓名", "身份证号", "2024年成绩"]), is_header_row(["张三", "340104201003076511"])
    (True, False)
    """
    return all(len(cell) <= 20 and not _VALUE_LIKE.search(cell) for cell in cells)


def sniff_delimiter(first_line: str, suffix: str) -> str:
    if suffix == ".tsv" or first_line.count("\t") > first_line.count(","):
        return "\t"
    return "," if first_line.count(",") >= first_line.count("，") else "，"


def row_block(line: str, offset: int, cells: list[tuple[int, Location, str | None]], line_number: int) -> Block:
    """One block per row: the row's text with its delimiters, each cell (from its start) with
    its own location and header — as a spreadsheet row is screened (see RowBatch)."""
    first, location, header = cells[0]
    if len(cells) == 1:
        return Block(text=line[first:], start=offset + first, location=location, header=header, first_line=line_number)
    return Block(
        text=line[first:], start=offset + first, location=location, first_line=line_number,
        line_starts=tuple(start - first for start, _, _ in cells),
        line_locations=tuple(location for _, location, _ in cells),
        line_headers=tuple(header for _, _, header in cells),
    )


def table_blocks(lines: Iterable[str], suffix: str = ".csv") -> Iterator[Block]:
    """A block per row (its non-empty cells with their headers); the first non-empty row is
    the header when it looks like one (and is screened too)."""
    offset = 0
    headers: list[str] | None = None
    delimiter = ","
    row = 0
    for line_number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if line.strip():
            if headers is None:
                delimiter = sniff_delimiter(line, suffix)
            row += 1
            spans = split_cells(line, delimiter)
            if headers is None:
                first = [line[s:e].strip() for s, e in spans]
                headers = first if is_header_row(first) else []
            cells = []
            for column, (s, e) in enumerate(spans):
                if not line[s:e].strip():
                    continue
                header = headers[column] if (row > 1 or not headers) and column < len(headers) and headers[column] else None
                cells.append((s, Location(part="table", row=row, column=header or str(column + 1), line=line_number), header))
            if cells:
                yield row_block(line, offset, cells, line_number)
        offset += len(raw)
