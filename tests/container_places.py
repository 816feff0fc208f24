"""Places inside a container where a resident ID can hide (issue 19), as file builders.

Each builder writes one file holding `number` at that place only (no label) and returns its
path; tests/test_container_evasion.py checks that `scan` finds it and that `redact` removes
it, and the README's container table against these keys.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from openpyxl.worksheet.datavalidation import DataValidation
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

PDF_FONT = "STSong-Light"  # reportlab's built-in CID font: no font file needed
pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
SPLIT = 12  # region and birth date in the first cell, the rest in the next

Builder = Callable[[Path, str], Path]


# --- docx ------------------------------------------------------------------------------------


def _document(text: str = "关于2024年度资助名单的公示") -> docx.Document:
    document = docx.Document()
    document.add_paragraph(text)
    return document


def _saved(document: docx.Document, folder: Path) -> Path:
    path = folder / "公示.docx"
    document.save(path)
    return path


def docx_table_cells(folder: Path, number: str) -> Path:
    document = _document()
    row = document.add_table(rows=1, cols=3).rows[0]
    row.cells[0].text, row.cells[1].text, row.cells[2].text = "张三", number[:SPLIT], number[SPLIT:]
    return _saved(document, folder)


def docx_alt_chunk(folder: Path, number: str, rtf: bool = False) -> Path:
    """An alternative-format chunk Word renders into the body: HTML, or RTF (`rtf`)."""
    document = _document()
    if rtf:
        name, kind, data = "/word/afchunk1.rtf", "application/rtf", ("{\\rtf1\\ansi " + number + "\\par}").encode()
    else:
        name, kind, data = "/word/afchunk1.htm", "text/html", f"<html><body><p>{number}</p></body></html>".encode()
    chunk = Part(PackURI(name), kind, data, document.part.package)
    rid = document.part.relate_to(chunk, RT.A_F_CHUNK)
    document.element.body.insert(1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    return _saved(document, folder)


def docx_image_alt_text(folder: Path, number: str) -> Path:
    document = _document()
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(picture, "PNG")
    document.add_picture(picture)
    properties = document.element.body.xpath(".//wp:docPr")[0]
    properties.set("descr", number)
    properties.set("title", f"证件 {number}")
    return _saved(document, folder)


def docx_custom_property(folder: Path, number: str) -> Path:
    document = _document()
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="经办">'
        f"<vt:lpwstr>{number}</vt:lpwstr></property></Properties>"
    ).encode()
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), "application/vnd.openxmlformats-officedocument.custom-properties+xml", xml, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    return _saved(document, folder)


def docx_core_property(folder: Path, number: str) -> Path:
    document = _document()
    document.core_properties.identifier = number
    document.core_properties.content_status = number
    return _saved(document, folder)


def docx_hyperlink_target(folder: Path, number: str) -> Path:
    document = _document()
    rid = document.part.relate_to(f"https://www.example.gov.cn/cx?sfzh={number}", RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>点此查询</w:t></w:r></w:hyperlink>'
    )
    document.paragraphs[0]._p.append(link)
    return _saved(document, folder)


# --- html ------------------------------------------------------------------------------------


def _page(folder: Path, body: str, head: str = "") -> Path:
    path = folder / "公示.html"
    path.write_text(
        f'<html><head><meta charset="utf-8"><title>公示</title>{head}</head><body><p>资助名单公示</p>{body}</body></html>',
        encoding="utf-8",
    )
    return path


def html_data_attribute(folder: Path, number: str) -> Path:
    return _page(folder, f'<div class="row" data-sfzh="{number}">张三</div>')


def html_link_query(folder: Path, number: str) -> Path:
    return _page(folder, f'<a href="/cx/detail.jsp?sfzh={number}&amp;t=1">张三</a>')


def html_script(folder: Path, number: str) -> Path:
    return _page(folder, f'<script>var row = {{name: "张三", sfzh: "{number}"}};</script>')


def html_style(folder: Path, number: str) -> Path:
    return _page(folder, "<p>张三</p>", head=f'<style>.a::after {{ content: "{number}"; }}</style>')


def html_svg_text(folder: Path, number: str) -> Path:
    return _page(folder, f'<svg width="300" height="20"><text x="0" y="15">{number}</text></svg>')


# --- pdf -------------------------------------------------------------------------------------


def _pdf(folder: Path, draw: Callable[[canvas.Canvas], None]) -> Path:
    path = folder / "公示.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(PDF_FONT, 12)
    pdf.drawString(72, 800, "关于2024年度资助名单的公示")
    draw(pdf)
    pdf.save()
    return path


def pdf_letter_spaced(folder: Path, number: str) -> Path:
    """Each digit drawn on its own at uneven gaps (1, 4, 8 points in turn), as character
    spacing in a justified line leaves them: the number falls apart into pieces."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont(PDF_FONT, 12)
        x = 72.0
        for index, digit in enumerate(number):
            pdf.drawString(x, 760, digit)
            x += pdfmetrics.stringWidth(digit, PDF_FONT, 12) + (1, 4, 8)[index % 3]

    return _pdf(folder, draw)


def pdf_reverse_order(folder: Path, number: str) -> Path:
    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont(PDF_FONT, 12)
        width = pdfmetrics.stringWidth("0", PDF_FONT, 12)
        for index in reversed(range(len(number))):
            pdf.drawString(72 + index * width, 760, number[index])

    return _pdf(folder, draw)


def pdf_tiny_font(folder: Path, number: str) -> Path:
    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFont(PDF_FONT, 1)
        pdf.drawString(72, 760, number)

    return _pdf(folder, draw)


# --- xlsx ------------------------------------------------------------------------------------


def _workbook(folder: Path, fill: Callable[[openpyxl.Workbook], None]) -> Path:
    path = folder / "名单.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "名单"
    workbook.active.append(["姓名", "备注"])
    fill(workbook)
    workbook.save(path)
    return path


def xlsx_split_cells(folder: Path, number: str) -> Path:
    return _workbook(folder, lambda workbook: workbook.active.append(["张三", number[:SPLIT], number[SPLIT:]]))


def _formula_cell(folder: Path, number: str) -> Path:
    return _workbook(folder, lambda workbook: workbook.active.append(["张三", f'="{number[:SPLIT]}"&"{number[SPLIT:]}"']))


def xlsx_formula_uncalculated(folder: Path, number: str) -> Path:
    """A formula joining constants, as a program writes it: no cached value."""
    return _formula_cell(folder, number)


def xlsx_formula_cached(folder: Path, number: str) -> Path:
    """The same formula with its cached value, as Excel saves it (put into the sheet part:
    openpyxl writes no cached values)."""
    path = _formula_cell(folder, number)
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as package:
        members = {item.filename: package.read(item) for item in package.infolist()}
    members[sheet] = members[sheet].replace(b"<v></v>", f"<v>{number}</v>".encode()).replace(b'r="B2"', b'r="B2" t="str"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def xlsx_validation_list(folder: Path, number: str) -> Path:
    def fill(workbook: openpyxl.Workbook) -> None:
        validation = DataValidation(type="list", formula1=f'"{number},无"', allow_blank=True)
        workbook.active.add_data_validation(validation)
        validation.add("B2")
        workbook.active.append(["张三", "无"])

    return _workbook(folder, fill)


# Keyed by (format, place) as the README's container table names them.
PLACES: dict[tuple[str, str], Builder] = {
    ("docx", "split over two table cells of a row"): docx_table_cells,
    ("docx", "an altChunk (embedded HTML part)"): docx_alt_chunk,
    ("docx", "image alt text (descr, title)"): docx_image_alt_text,
    ("docx", "custom document properties"): docx_custom_property,
    ("docx", "core properties (identifier, status)"): docx_core_property,
    ("docx", "a hyperlink target"): docx_hyperlink_target,
    ("html", "`data-*` attributes"): html_data_attribute,
    ("html", "a link's query string"): html_link_query,
    ("html", "inside `<script>`"): html_script,
    ("html", "inside `<style>`"): html_style,
    ("html", "SVG `<text>`"): html_svg_text,
    ("pdf", "letter-spaced text"): pdf_letter_spaced,
    ("pdf", "characters drawn in reverse order"): pdf_reverse_order,
    ("pdf", "a tiny font (1 pt)"): pdf_tiny_font,
    ("xlsx", "split over two cells of a row"): xlsx_split_cells,
    ("xlsx", "a formula that concatenates it (cached value)"): xlsx_formula_cached,
    ("xlsx", "a formula that concatenates it (never calculated)"): xlsx_formula_uncalculated,
    ("xlsx", "a data-validation list"): xlsx_validation_list,
}
