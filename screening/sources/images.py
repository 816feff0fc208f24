"""Image files (png, jpg, tif, bmp, gif): scanned attachments, read by OCR.

Every frame of a multi-page TIFF is a page. Pillow's decompression-bomb guard stays on:
an image claiming billions of pixels is an error, not an out-of-memory crash. With
`--ocr never` an image is reported as not screened — never as clean.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import BinaryIO

from screening.model import Location
from screening.sources.document import (
    Limits,
    ReadContext,
    Section,
    SectionDocument,
    unread,
)
from screening.sources.encoding import UnreadableInput
from screening.sources.ocr import ocr_text, worth_ocr

MAX_FRAMES = 200


def _open_image(raw: BinaryIO):
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(raw)
            image.load()
        return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableInput("image too large (decompression bomb guard): not screened") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UnreadableInput(f"corrupt or truncated image: {type(error).__name__}") from None


def _frames(image) -> Iterator[tuple[int, object]]:
    for index in range(min(getattr(image, "n_frames", 1), MAX_FRAMES)):
        image.seek(index)
        yield index + 1, image.copy()


def read_image(raw: BinaryIO, context: ReadContext) -> SectionDocument:
    image = _open_image(raw)
    document = SectionDocument([])
    if context.limits.ocr == "never":
        document.problems.append("image not screened: OCR is off (--ocr never)")
        return document
    multi_page = getattr(image, "n_frames", 1) > 1

    def sections() -> Iterator[Section]:
        for page, frame in _frames(image):
            location = Location(part="image-ocr", page=page if multi_page else None)
            yield Section(ocr_text(frame), location)

    document.sections = sections()
    return document


def read_image_part(data: bytes, mode: str) -> SectionDocument | None:
    """An image embedded in a document (docx media, an OFD resource), OCRed when worth it
    under `mode` (large images in `auto`: scans, photographed forms — not logos), else None.
    A corrupt embedded image is skipped: the document's own text was read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None  # EMF/WMF drawings and broken media: not raster scans
    if mode == "never" and worth_ocr(width, height, "auto"):
        return unread("embedded image not screened: OCR is off (--ocr never)")
    if not worth_ocr(width, height, mode):
        return None
    try:
        return read_image(io.BytesIO(data), ReadContext("embedded-image", Limits(ocr=mode)))
    except UnreadableInput as error:
        return unread(str(error))
