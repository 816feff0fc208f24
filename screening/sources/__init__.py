"""Readers: turn a file into a Document — blocks of text with their location — to screen.

`open_document` picks the reader from the file's content first (a .pdf that is really
HTML, a .docx that is really a .doc) and its name second; see screening.sources.formats.

May import: `screening.model` and libraries only; it is the bottom layer. It also holds the
per-file time limit (`timeout`), reading in processes killed at it (`isolated`) and the text-shape
helpers readers and engine share (`table_shape`).

Entry points: `open_document(path, limits)`, `Limits`, `UnreadableInput`.
"""

from screening.sources.document import Document, Limits, Section, SectionDocument
from screening.sources.encoding import UnreadableInput
from screening.sources.formats import open_document

__all__ = ["Document", "Limits", "Section", "SectionDocument", "UnreadableInput", "open_document"]
