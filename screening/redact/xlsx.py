"""Redacted copies of Excel workbooks (.xlsx, .xlsm), edited in the OOXML package.

The package is rewritten part by part with zipfile and lxml: parts without a finding are
copied unchanged (charts, images, styles, macros …), so nothing openpyxl would drop is
lost. What changes:

- cells: a cell is rendered as the xlsx reader renders it (shared or inline string,
  number as digits, date in ISO form, a formula's cached value); when a replacement
  applies, the cell becomes an inline string with the redacted text (empty: the cell is
  emptied, its style kept). So an ID or a bank card stored as a *number* becomes a masked
  *string* cell, and a formula whose result carried a finding is replaced by its masked
  value (the calculation chain, which would name it, is dropped for Excel to rebuild).
- the shared-string table: strings no cell refers to any more are redacted too (the raw
  value must not stay in the package), and long identifiers everywhere.
- location pinning: long identifiers are replaced in every cell; a short value (a score,
  a name) only in the cell of its finding (sheet, row, column as the reader names them).
- hidden sheets, hidden rows and hidden columns are redacted like visible cells, and a
  note says how many values they held.
- cell comments (legacy and threaded), print headers and footers, data-validation lists,
  text boxes, chart caches, pivot caches and external-link caches: their text is redacted
  in place.
- an identifier split over two cells of a row: each cell masked with its piece of the
  one mask (screening.redact.core.cell_pieces).
- document properties: author, last modified by, title, subject, keywords, description,
  category (docProps/core.xml) and company, manager (docProps/app.xml) are cleared.

Not handled: a value split across formatting runs of a text box;
embedded files (xl/embeddings) and images (xl/media, OCR): their findings remain, so the
copy does not re-scan clean and is reported; sheet names and defined names.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree
from openpyxl.utils import get_column_letter

from policies import Policy
from screening.model import Location
from screening.redact.core import Replacement, mask_for, redact_text
from screening.sources.document import Limits
from screening.sources.sheets import HEADER_LOOKAHEAD, Cell, Row, find_header
from screening.sources.xlsx import (
    APP_PROPERTIES,
    CORE_PROPERTIES,
    CUSTOM_PROPERTIES,
    LOOSE_PARTS,
    TRUE,
    Package,
    SheetStream,
    local_name,
    read_workbook,
    split_reference,
    string_item_text,
)
from screening.sources.zipguard import check_package

CLEARED_CORE = frozenset({"creator", "lastModifiedBy", "title", "subject", "keywords", "description", "category"})
CLEARED_APP = frozenset({"Company", "Manager"})
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
HIDDEN_PARTS = {"hidden-sheet": "hidden sheet", "hidden-row": "hidden row", "hidden-column": "hidden column"}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def ooxml_text(text: str) -> str:
    """Text as OOXML stores it: characters XML cannot hold written as ``_xHHHH_``."""
    return _INVALID_XML.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)


def _set_text(element: etree._Element, tag: str, text: str) -> None:
    """Replace the children of a string item (``si``, ``is``, comment ``text``) with one ``t``."""
    for child in list(element):
        if local_name(child.tag) in {"t", "r", "rPh", "phoneticPr"}:
            element.remove(child)
    t = etree.Element(tag)
    t.text = ooxml_text(text)
    if text != text.strip():
        t.set(XML_SPACE, "preserve")
    element.insert(0, t)


class WorkbookRedactor:
    def __init__(self, package: Package, replacements: list[Replacement], policy: Policy | None = None) -> None:
        self.package = package
        self.policy = policy
        self.rounded = 0
        self.replacements = replacements
        self.everywhere = [r for r in replacements if r.everywhere]
        self.workbook = read_workbook(package)
        self.ns = f"{{{self.workbook.namespace}}}"
        self.changed: dict[str, bytes] = {}
        self.dropped: set[str] = set()
        self.count = 0
        self.notes: list[str] = []
        self.hidden: Counter[str] = Counter()
        self.numbers = 0
        self.formulas = 0
        self.comments = 0
        self.references: Counter[int] = Counter()

    # ---- helpers ----

    def _redact(self, text: str, here: Location | None = None, parts: tuple[str, ...] = ()) -> str | None:
        """The redacted text, or None when nothing applies: long identifiers everywhere, pinned
        values at `here` (a cell) or anywhere in `parts` (text boxes, charts …)."""
        candidates = self.everywhere + [
            r for r in self.replacements
            if not r.everywhere and ((here is not None and r.location == here) or (r.location.part in parts and r.location.member is None))
        ]
        if not candidates:
            return None
        redacted, count = redact_text(text, candidates)
        if not count:
            return None
        self.count += count
        return redacted

    def _part_by_kind(self, kind: str, default: str) -> str:
        part = next((target for _, k, target in self.package.relationships(self._workbook_part()) if k == kind), None)
        return part or default

    def _workbook_part(self) -> str:
        for _, kind, target in self.package.relationships(""):
            if kind == "officeDocument" and target in self.package.names:
                return target
        return "xl/workbook.xml"

    # ---- sheets ----

    def sheets(self) -> None:
        for sheet_name, part, hidden in self.workbook.sheets:
            if part in self.package.names:
                self._sheet(sheet_name, part, hidden)

    def _sheet(self, sheet_name: str, part: str, sheet_hidden: bool) -> None:
        root = self.package.xml(part)
        ns = self.ns
        stream = SheetStream(self.workbook)
        for col in root.iter(ns + "col"):
            if col.get("hidden") in TRUE:
                stream.hidden_columns.update(range(int(col.get("min") or 1), int(col.get("max") or 1) + 1))
        format_pr = root.find(f"{ns}sheetFormatPr")
        stream.rows_hidden_by_default = format_pr is not None and format_pr.get("zeroHeight") in TRUE
        rendered: list[tuple[Row, list[etree._Element]]] = []
        number = 0
        for row in root.iter(ns + "row"):
            number = int(row.get("r") or number + 1)
            cells, elements, column = [], [], 0
            for element in row:
                if element.tag != ns + "c":
                    continue
                reference = element.get("r")
                column = split_reference(reference)[1] if reference else column + 1
                cell = stream._cell(element, column)
                if element.get("t") == "s":
                    value = element.find(ns + "v")
                    if value is not None and (value.text or "").strip().isdigit():
                        self.references[int(value.text)] += 1
                if cell is not None:
                    cells.append(cell)
                    elements.append(element)
            rendered.append((Row(number, cells, stream._row_hidden(row)), elements))
        lead = [row for row, _ in rendered if row.cells][:HEADER_LOOKAHEAD]
        header_row, labels = find_header(lead)
        changed = False
        for row, elements in rendered:
            row_part = "hidden-sheet" if sheet_hidden else ("hidden-row" if row.hidden else None)
            data_row = header_row is not None and row.number > header_row
            for cell, element in zip(row.cells, elements):
                label = labels.get(cell.column) if data_row else None
                cell_part = row_part or ("hidden-column" if cell.column in stream.hidden_columns else "table")
                here = Location(part=cell_part, sheet=sheet_name, row=row.number, column=label or get_column_letter(cell.column))
                redacted = self._redact(cell.text, here)
                if redacted is None and cell.rounded:
                    redacted = self._lost_digits(cell.text)
                if redacted is None:
                    continue
                self._rewrite_cell(element, cell, redacted)
                if cell_part in HIDDEN_PARTS:
                    self.hidden[f"{HIDDEN_PARTS[cell_part]} in sheet {sheet_name}"] += 1
                changed = True
        changed |= self._header_footer(root, sheet_name)
        changed |= self._validations(root)
        if changed:
            self.changed[part] = _serialise(root)
        self._comments(part, sheet_name, header_row, labels)

    def _lost_digits(self, digits: str) -> str | None:
        """The mask of a 16-19 digit number stored as a float (an ID or a card typed into Excel):
        its last digits are lost, so no recognizer can confirm it, but its first 15 — region
        and birth date — are real. Masked as the policy masks the entity its length suggests."""
        if self.policy is None:
            return None
        entity = "CN_RESIDENT_ID" if len(digits.lstrip("-")) == 18 else "BANK_CARD"
        rule = next((rule for rule in self.policy.rules_for(entity) if rule.action == "block" and not rule.where), None)
        if rule is None or rule.remedy.kind not in ("mask", "delete"):
            return None
        self.rounded += 1
        self.count += 1
        return mask_for(entity, digits, rule.remedy)

    def _rewrite_cell(self, element: etree._Element, cell: Cell, text: str) -> None:
        ns = self.ns
        kind = element.get("t") or "n"
        if kind == "s":
            value = element.find(ns + "v")
            if value is not None and (value.text or "").strip().isdigit():
                self.references[int(value.text)] -= 1
        elif kind == "n" and element.find(ns + "v") is not None and not cell.rounded:
            self.numbers += 1
        for child in list(element):
            if child.tag == ns + "f":
                self.formulas += 1
            if child.tag in (ns + "f", ns + "v", ns + "is"):
                element.remove(child)
        if text:
            element.set("t", "inlineStr")
            inline = etree.Element(ns + "is")
            _set_text(inline, ns + "t", text)
            element.insert(0, inline)
        elif "t" in element.attrib:
            del element.attrib["t"]

    def _header_footer(self, root: etree._Element, sheet_name: str) -> bool:
        changed = False
        for container in root.iter(self.ns + "headerFooter"):
            for child in container:
                part = "footer" if local_name(child.tag).endswith("Footer") else "header"
                redacted = self._redact(child.text or "", parts=(part,))
                if redacted is not None:
                    child.text = redacted
                    changed = True
        return changed

    def _validations(self, root: etree._Element) -> bool:
        """Data-validation lists and formulas (a drop-down's choices), redacted in place."""
        changed = False
        for validation in root.iter(self.ns + "dataValidation"):
            for formula in validation:
                if local_name(formula.tag) in ("formula1", "formula2") and formula.text:
                    redacted = self._redact(formula.text, parts=("data-validation",))
                    if redacted is not None:
                        formula.text = redacted
                        changed = True
        return changed

    def _comments(self, sheet_part: str, sheet_name: str, header_row: int | None, labels: dict[int, str]) -> None:
        for _, kind, target in self.package.relationships(sheet_part):
            if target not in self.package.names:
                continue
            if kind == "comments":
                root = self.package.xml(target)
                changed = False
                for comment in root.iter(self.ns + "comment"):
                    row, column = split_reference(comment.get("ref") or "A1")
                    label = labels.get(column) if header_row is not None and row > header_row else None
                    here = Location(part="comment", sheet=sheet_name, row=row, column=label or get_column_letter(column))
                    text = comment.find(self.ns + "text")
                    if text is None:
                        continue
                    redacted = self._redact(string_item_text(text, self.ns), here)
                    if redacted is not None:
                        _set_text(text, self.ns + "t", redacted)
                        self.comments += 1
                        changed = True
                changed |= self._authors(root)
                if changed:
                    self.changed[target] = _serialise(root)
            elif kind == "threadedComment":
                self._loose(target, ("comment",))

    def _authors(self, root: etree._Element) -> bool:
        changed = False
        for author in root.iter(self.ns + "author"):
            redacted = self._redact(author.text or "", parts=("metadata",))
            if redacted is not None:
                author.text = redacted
                changed = True
        return changed

    # ---- the rest of the package ----

    def shared_strings(self) -> None:
        name = self._part_by_kind("sharedStrings", "xl/sharedStrings.xml")
        root = self.package.xml(name)
        if root is None:
            return
        changed = False
        for index, item in enumerate(root.iter(self.ns + "si")):
            text = string_item_text(item, self.ns)
            if self.references[index] > 0:
                redacted = self._redact_quietly(text, self.everywhere)
            else:  # no cell shows it any more (or never did): nothing of a finding may stay
                redacted = self._redact_quietly(text, self.replacements)
            if redacted is not None:
                _set_text(item, self.ns + "t", redacted)
                changed = True
        if changed:
            if root.get("count") is not None:
                root.set("count", str(sum(count for count in self.references.values() if count > 0)))
            self.changed[name] = _serialise(root)

    def _redact_quietly(self, text: str, candidates: list[Replacement]) -> str | None:
        """Redacted text for a store of values (not counted: the cells showing it were)."""
        redacted, count = redact_text(text, candidates)
        return redacted if count else None

    def _loose(self, name: str, parts: tuple[str, ...]) -> None:
        try:
            root = self.package.xml(name)
        except etree.XMLSyntaxError:
            return
        if root is None:
            return
        changed = False
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if element.text and element.text.strip():
                redacted = self._redact(element.text, parts=parts)
                if redacted is not None:
                    element.text = redacted
                    changed = True
            value = element.get("v")
            if value and local_name(element.tag) != "x":
                redacted = self._redact(value, parts=parts)
                if redacted is not None:
                    element.set("v", redacted)
                    if local_name(element.tag) == "n":  # a pivot-cache number becomes a string item
                        namespace = etree.QName(element).namespace
                        element.tag = f"{{{namespace}}}s" if namespace else "s"
                    changed = True
        if changed:
            self.changed[name] = _serialise(root)
            self.notes.append(f"masked values in {name}")

    def loose_parts(self) -> None:
        for name in sorted(self.package.names):
            part = next((label for folder, label in LOOSE_PARTS if name.startswith(folder)), None)
            if part is not None and name.endswith(".xml") and "/_rels/" not in name:
                self._loose(name, (part,))

    def properties(self) -> None:
        cleared = []
        for name, fields in ((CORE_PROPERTIES, CLEARED_CORE), (APP_PROPERTIES, CLEARED_APP)):
            root = self.package.xml(name)
            if root is None:
                continue
            found = [element for element in root.iter() if isinstance(element.tag, str) and local_name(element.tag) in fields]
            for element in found:
                if element.text and element.text.strip():
                    cleared.append(local_name(element.tag))
                element.getparent().remove(element)
            if found:
                self.changed[name] = _serialise(root)
        if cleared:
            self.notes.append("document properties cleared: " + ", ".join(sorted(set(cleared))))
        if CUSTOM_PROPERTIES in self.package.names:
            self._loose(CUSTOM_PROPERTIES, ("metadata",))

    def drop_calculation_chain(self) -> None:
        """Formulas were replaced by values: the calculation chain would name cells without
        one, which Excel reports as damage; without it Excel rebuilds the chain."""
        workbook_part = self._workbook_part()
        chain = self._part_by_kind("calcChain", "")
        if not chain or chain not in self.package.names:
            return
        self.dropped.add(chain)
        folder, base = posixpath.split(workbook_part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        rels = self.package.xml(rels_name)
        for relationship in list(rels):
            if (relationship.get("Type") or "").endswith("/calcChain"):
                rels.remove(relationship)
        self.changed[rels_name] = _serialise(rels)
        types = self.package.xml("[Content_Types].xml")
        for override in list(types):
            if (override.get("PartName") or "").lstrip("/") == chain:
                types.remove(override)
        self.changed["[Content_Types].xml"] = _serialise(types)

    def run(self) -> None:
        self.sheets()
        self.shared_strings()
        self.loose_parts()
        self.properties()
        if self.formulas:
            self.drop_calculation_chain()
            self.notes.append(f"{self.formulas} formula(s) replaced by their masked value")
        if self.rounded:
            self.notes.append(f"{self.rounded} long number(s) that lost digits (IDs or cards typed as numbers) masked as text")
        if self.numbers:
            self.notes.append(f"{self.numbers} number cell(s) replaced by masked text or emptied")
        if self.comments:
            self.notes.append(f"{self.comments} cell comment(s) masked")
        for where, count in sorted(self.hidden.items()):
            self.notes.append(f"{where}: {count} value(s) masked")
        embedded = sorted({r.location.member.split("!/")[0] for r in self.replacements if r.location.member})
        for member in embedded:
            self.notes.append(f"embedded file {member}: not redacted (its findings remain)")
        media = [r for r in self.replacements if r.location.part == "image-ocr"]
        if media:
            self.notes.append("text in images: not redacted (its findings remain)")


def redact_xlsx(source: Path, output: Path, replacements: list[Replacement], policy: Policy | None = None) -> tuple[int, list[str]]:
    with zipfile.ZipFile(source) as archive:
        check_package(archive, Limits(), "xlsx")
        package = Package(archive)
        redactor = WorkbookRedactor(package, replacements, policy)
        redactor.run()
        with zipfile.ZipFile(output, "w") as copy:
            for info in archive.infolist():
                if info.filename in redactor.dropped:
                    continue
                data = redactor.changed.get(info.filename)
                if data is None:
                    data = package.read(info.filename)
                copy.writestr(info, data, compress_type=info.compress_type)
    return redactor.count, redactor.notes
