"""Does anything get lost in the readers? The labelled corpus, written as docx, html and pdf.

    python bench/eval_formats.py [--count 120] [--seed 7] [--formats txt,docx,html,pdf]

The generated documents of bench/eval_identifiers.py (exact labels) are written in each
format — a paragraph per line in docx, a <p> per line in html, a text line per line in
pdf (on a page wide enough for the longest line), and in `pdf-wrapped` lines over 60
characters continue on the next line, as a PDF's justified paragraphs do, so a number
may be cut across lines — and scanned from the file (policy strict). Offsets differ between formats, so a
finding is matched to a label by entity type and value (spaces and line breaks
removed), as multisets: recall = labels whose value was found, precision = findings
whose value was labelled. `txt` is the same text as a file: the reference row.
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import LABELLED_TYPES, LabelledDoc, generate_labelled_documents
from bench.eval_identifiers import TypeScore

PDF_LINE_CHARS = 60


def write_txt(doc: LabelledDoc, path: Path) -> None:
    path.write_text(doc.text, encoding="utf-8")


def write_docx(doc: LabelledDoc, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in doc.text.split("\n"):
        document.add_paragraph(line)
    document.save(path)


def write_html(doc: LabelledDoc, path: Path) -> None:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in doc.text.split("\n"))
    path.write_text(f"<!doctype html><html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")


def write_pdf(doc: LabelledDoc, path: Path, wrap: int | None = None) -> None:
    """Each line of the document a line of text; with `wrap`, lines longer than that many
    characters continue on the next line, as a PDF's justified paragraphs do. Without,
    the page is made wide enough for the longest line."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    # A tab has no glyph in the CID font (reportlab would draw the cells run together);
    # a table row in a real PDF has gaps between its cells: spaces of the same length keep offsets.
    lines = doc.text.replace("\t", " ").split("\n")
    width = 80 + 9 * (wrap or max(len(line) for line in lines))
    pdf = canvas.Canvas(str(path), pagesize=(width, 842))
    y = 800
    for line in lines:
        for start in range(0, max(len(line), 1), wrap or max(len(line), 1)):
            if y < 50:
                pdf.showPage()
                y = 800
            pdf.setFont("STSong-Light", 9)
            pdf.drawString(40, y, line[start : start + (wrap or len(line))])
            y -= 13
    pdf.save()


def write_wrapped_pdf(doc: LabelledDoc, path: Path) -> None:
    write_pdf(doc, path, wrap=PDF_LINE_CHARS)


WRITERS = {"txt": write_txt, "docx": write_docx, "html": write_html, "pdf": write_pdf, "pdf-wrapped": write_wrapped_pdf}


def normal(value: str) -> str:
    return "".join(value.split())


def score(doc: LabelledDoc, findings, scores: dict[str, TypeScore]) -> None:
    labels = Counter((span.entity_type, normal(doc.text[span.start : span.end])) for span in doc.spans)
    found = Counter((f.entity_type, normal(f.text)) for f in findings if f.entity_type in LABELLED_TYPES)
    for (entity_type, value), count in labels.items():
        scores[entity_type].labels += count
        scores[entity_type].labels_found += min(count, found.get((entity_type, value), 0))
    for (entity_type, value), count in found.items():
        scores[entity_type].findings += count
        scores[entity_type].findings_correct += min(count, labels.get((entity_type, value), 0))


def format_table(scores: dict[str, TypeScore]) -> str:
    lines = [f"{'entity type':<24}{'labels':>7}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    total = TypeScore()
    for entity_type in LABELLED_TYPES:
        entry = scores.get(entity_type)
        if entry and (entry.labels or entry.findings):
            total.add(entry)
            lines.append(f"{entity_type:<24}{entry.labels:>7}{entry.findings:>7}{entry.precision:>8.3f}{entry.recall:>8.3f}{entry.f1:>8.3f}")
    lines.append(f"{'micro total':<24}{total.labels:>7}{total.findings:>7}{total.precision:>8.3f}{total.recall:>8.3f}{total.f1:>8.3f}")
    return "\n".join(lines)


def main() -> int:
    import screening

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="txt,docx,html,pdf,pdf-wrapped")
    args = parser.parse_args()
    docs = generate_labelled_documents(args.count, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.formats.split(","):
            scores: dict[str, TypeScore] = defaultdict(TypeScore)
            errors = 0
            for index, doc in enumerate(docs):
                path = Path(tmp) / f"{index}.{name.split('-')[0]}"
                WRITERS[name](doc, path)
                result = screening.scan_path(path, policy="strict", show_values=True)
                errors += result.verdict == "error"
                score(doc, result.findings, scores)
            print(f"\n{name}: {len(docs)} documents (seed {args.seed}), {errors} unreadable")
            print(format_table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
