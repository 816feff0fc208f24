"""Tables in plain text: a header row over rows of cells separated by tabs, spaces or commas.

资助/录取 lists pasted into a txt or a CMS text field keep their header row
(序号 姓名 身份证号 联系电话 银行卡号). The header cell above a value is its label, as a
column header is for a spreadsheet cell; this module finds the header row of a
paragraph and the header of the column a match sits in.
"""

from __future__ import annotations

import regex

_CELL = regex.compile(r"[^\t ,，　]+")
MAX_HEADER_CELL_CHARS = 10
# Prose, not a header row: a sentence has these, a header row does not.
_ANY_DIGIT = regex.compile(r"\d")
_SENTENCE_PUNCTUATION = regex.compile(r"[。；！？：:]|，.*，")


def row_cells(line: str) -> list[tuple[int, int]]:
    """Spans of the cells of one row (runs between tabs, spaces and commas)."""
    return [match.span() for match in _CELL.finditer(line)]


def looks_like_header(line: str, next_line: str) -> bool:
    """A row of 3+ short labels (no digits, no sentence punctuation) over a data row with digits
    and at least as many cells but one.

    >>> looks_like_header("序号 姓名 身份证号 联系电话", "1 张三 340104201003076512 13800138000")
    True
    >>> looks_like_header("根据有关规定，经研究，现将名单公示如下", "一、总体要求 2024年")
    False
    """
    if not _ANY_DIGIT.search(next_line) or _ANY_DIGIT.search(line) or _SENTENCE_PUNCTUATION.search(line):
        return False
    cells = [line[s:e] for s, e in row_cells(line)]
    if len(cells) < 3 or any(len(cell) > MAX_HEADER_CELL_CHARS or any(ch.isdigit() for ch in cell) for cell in cells):
        return False
    return len(row_cells(next_line)) >= len(cells) - 1


def column_header(header_line: str, line: str, offset: int) -> str | None:
    """The header over the cell of `line` holding `offset`, when the row has the header's shape.

    >>> column_header("姓名 身份证号 电话", "张三 340104201003076512 13800138000", 5)
    '身份证号'
    """
    headers = [header_line[s:e] for s, e in row_cells(header_line)]
    cells = row_cells(line)
    if len(cells) != len(headers) or line.strip() == header_line.strip():
        return None
    return next((headers[i] for i, (s, e) in enumerate(cells) if s <= offset < e), None)
