"""Values drawn in pixels (a scanned page, a photographed form pasted into a document):
OCR says where each value is, and a solid black box is painted over it.

The OCR engine is the scanner's (screening.sources.ocr: RapidOCR, offline). It gives a box
per run of text; a value is looked up in the run's text with spaces removed (a value split
over two boxes of one line is found too), and its horizontal extent inside the box is
estimated from the characters' widths (CJK characters full width, digits and Latin letters
about half), padded by half a character on each side. The boxes are solid, so a re-scan's
OCR reads nothing where a value was.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from screening.sources.ocr import OcrBox as TextBox
from screening.sources.ocr import grouped_lines, text_boxes

if TYPE_CHECKING:
    from PIL.Image import Image

Rect = tuple[float, float, float, float]  # left, top, right, bottom in pixels

NARROW = 0.55  # width of a digit or Latin letter, in CJK character widths
PAD_CHARS = 0.5  # narrow characters of padding each side of an estimated span
PAD_PIXELS = 2


def char_weight(ch: str) -> float:
    """Relative width of a character as printed.

    >>> char_weight("身"), char_weight("3")
    (1.0, 0.55)
    """
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else NARROW


def _char_spans(box: TextBox) -> list[tuple[str, float, float]]:
    """(character, left, right) for each non-space character of the box, by width share."""
    weights = [char_weight(ch) for ch in box.text]
    total = sum(weights) or 1.0
    unit = (box.right - box.left) / total
    spans, x = [], box.left
    for ch, weight in zip(box.text, weights):
        if not ch.isspace():
            spans.append((ch, x, x + weight * unit))
        x += weight * unit
    return spans


def locate(boxes: list[TextBox], values: list[str]) -> tuple[list[Rect], set[str]]:
    """Rectangles covering each occurrence of `values` (spaces ignored), and the values found.

    >>> box = TextBox("身份证号：1234567", left=0, top=0, bottom=10, score=1.0, right=100)
    >>> rects, found = locate([box], ["1234567"])
    >>> found, [tuple(round(v) for v in r) for r in rects]
    ({'1234567'}, [(51, -2, 102, 12)])
    """
    rects: list[Rect] = []
    found: set[str] = set()
    for line in grouped_lines(boxes):
        chars: list[tuple[str, float, float, TextBox]] = [
            (ch, left, right, box) for box in line for ch, left, right in _char_spans(box)
        ]
        text = "".join(ch for ch, *_ in chars)
        for value in sorted(set(values), key=len, reverse=True):
            compact = "".join(value.split())
            if not compact:
                continue
            start = text.find(compact)
            while start >= 0:
                found.add(value)
                covered = chars[start : start + len(compact)]
                for box in dict.fromkeys(c[3] for c in covered):  # one rectangle per OCR box touched
                    mine = [c for c in covered if c[3] is box]
                    pad = PAD_CHARS * NARROW * (box.right - box.left) / max(1.0, sum(char_weight(ch) for ch in box.text))
                    rects.append((
                        max(box.left, mine[0][1] - pad) - PAD_PIXELS, box.top - PAD_PIXELS,
                        min(box.right, mine[-1][2] + pad) + PAD_PIXELS, box.bottom + PAD_PIXELS,
                    ))
                start = text.find(compact, start + len(compact))
    return rects, found


def paint(image: Image, rects: list[Rect]) -> Image:
    """`image` (RGB) with a solid black box over each rectangle."""
    from PIL import ImageDraw

    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in rects:
        draw.rectangle((int(left), int(top), int(right + 0.999), int(bottom + 0.999)), fill="black")
    return image


def black_out_values(image: Image, values: list[str]) -> tuple[Image, set[str], int]:
    """`image` with every value OCR finds in it covered; the values found, and how many boxes."""
    rects, found = locate(text_boxes(image), values)
    return (paint(image, rects) if rects else image), found, len(rects)
