"""OCR of scanned pages and images, with RapidOCR (PaddleOCR models on ONNX Runtime).

rapidocr-onnxruntime ships its detection and recognition models inside the wheel, so it
runs offline. The engine loads once per process (~1.5 s); on this 2-core machine a
form-sized image costs ~1.5 s and a dense A4 page ~13 s (bench/formats.py; recognition
is most of it), so readers call it only where text exists nowhere else:
image files, PDF pages without a text layer, large images inside documents (`auto`);
`always` adds every embedded image, `never` reports images as not screened.

RapidOCR returns text boxes; they are grouped into lines by their vertical centre and
read left to right, so a label and its value on one row (身份证号：…) stay on one line
for the context enhancer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from screening.sources.encoding import UnreadableInput

if TYPE_CHECKING:
    from PIL.Image import Image

THREADS_VARIABLE = "SCREENING_OCR_THREADS"
MAX_SIDE = 4000  # pixels: larger scans are shrunk first (OCR cost grows with area)
MIN_SIDE_AUTO = 300  # in `auto`, smaller embedded images (logos, icons, seals) are skipped


@dataclass(frozen=True)
class OcrBox:
    """One run of text OCR found, with its box in the image's own pixels (redaction paints over it)."""

    text: str
    left: float
    top: float
    bottom: float
    score: float
    right: float = 0.0


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:  # pragma: no cover - a dependency; guards a broken install
        raise UnreadableInput(f"OCR unavailable ({error.name} is not installed): the image was not screened") from None
    # Parallel folder scans set this so N worker processes do not each start a thread per core.
    threads = int(os.environ.get(THREADS_VARIABLE, "-1"))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1 if threads > 0 else -1)


def text_boxes(image: Image) -> list[OcrBox]:
    """The text runs OCR finds in `image`, in the image's own pixel coordinates (a large scan
    is read shrunk, and its boxes scaled back)."""
    import numpy

    image = image.convert("RGB")
    scale = 1.0
    if max(image.size) > MAX_SIDE:
        scale = MAX_SIDE / max(image.size)
        image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    result, _ = _engine()(numpy.asarray(image))
    boxes = []
    for corners, text, score in result or []:
        xs, ys = [point[0] / scale for point in corners], [point[1] / scale for point in corners]
        boxes.append(OcrBox(str(text), min(xs), min(ys), max(ys), float(score), max(xs)))
    return boxes


def grouped_lines(boxes: list[OcrBox]) -> list[list[OcrBox]]:
    """Boxes grouped into printed lines (vertical overlap over half the smaller height), each
    line's boxes left to right: a table row read across, not down."""
    lines: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        for line in lines:
            anchor = line[0]
            overlap = min(anchor.bottom, box.bottom) - max(anchor.top, box.top)
            if overlap > 0.5 * min(anchor.bottom - anchor.top, box.bottom - box.top):
                line.append(box)
                break
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.left) for line in lines]


def lines_of(boxes: list[OcrBox]) -> list[str]:
    """The text of each printed line, its boxes joined left to right.

    >>> lines_of([OcrBox("身份证号：", 10, 0, 20, 1), OcrBox("电话", 10, 40, 60, 1), OcrBox("1101…", 90, 2, 21, 1)])
    ['身份证号： 1101…', '电话']
    """
    return [" ".join(box.text for box in line) for line in grouped_lines(boxes)]


def ocr_text(image: Image) -> str:
    """The text of an image, one recognised line per line."""
    return "\n".join(lines_of(text_boxes(image)))


def worth_ocr(width: int, height: int, mode: str) -> bool:
    """Whether an image embedded in a document should be OCRed under `mode`."""
    if mode == "never":
        return False
    return mode == "always" or min(width, height) >= MIN_SIDE_AUTO
