"""A resident ID hidden in a container's less visible places (issue 19) is found by `scan`,
at a location that names the place, and removed by `redact`, whose re-scan reads the same
places. Values are never printed: assertions name the planted value, not its digits."""

from __future__ import annotations

import html
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pypdfium2
import pytest
from conftest import extracted_text, make_id
from container_places import PLACES, SPLIT

import screening
from screening.redact import redact_path

ID = make_id("340104", "19850612", "123")


def held(text: str) -> list[str]:
    """Names of the planted values `text` still holds (never the values: a failing assertion
    prints what it compares)."""
    planted = {"the ID": ID, "its region and birth date": ID[:SPLIT]}
    return [name for name, value in planted.items() if value in text]


def _ids(result) -> list:
    return [f for f in result.findings if f.entity_type == "CN_RESIDENT_ID" and f.action == "block"]


def remains(path: Path) -> str:
    """Everything a determined reader can get out of the copy, decoded: every zip member's text
    (percent-escapes undone), a page's source with entities undone, a PDF's text layer
    without its spaces (letter-spaced digits)."""
    if path.suffix == ".pdf":
        document = pypdfium2.PdfDocument(str(path))
        return "".join("".join(page.get_textpage().get_text_range().split()) for page in document)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            text = "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
    else:
        text = path.read_text(encoding="utf-8")
    return text + unquote(html.unescape(text))


@pytest.mark.parametrize("place", PLACES, ids=[f"{kind}: {where}" for kind, where in PLACES])
def test_scan_finds_the_id(place, tmp_path):
    path = PLACES[place](tmp_path, ID)
    result = screening.scan_path(path)
    found = _ids(result)
    assert found, f"no resident ID found in {place}"
    assert result.verdict == "block"
    assert [held(f.preview or "") for f in found] == [[] for _ in found]


@pytest.mark.parametrize("place", PLACES, ids=[f"{kind}: {where}" for kind, where in PLACES])
def test_redact_removes_the_id(place, tmp_path):
    path = PLACES[place](tmp_path, ID)
    outcome = redact_path(path, tmp_path / "out")
    assert outcome.ok, (outcome.error, outcome.residual, outcome.notes)
    assert held(remains(Path(outcome.output))) == []


def test_scores_and_dates_drawn_with_gaps_keep_their_spaces(tmp_path):
    """Letter-spaced pieces join only into a number as long as an identifier, mostly of single
    digits: a row of scores or a spaced date is read as drawn."""
    from container_places import _pdf

    path = _pdf(tmp_path, lambda pdf: pdf.drawString(72, 760, "成绩 85 92 78 66 90 88 日期 2024 09 01 名次 1 2 3"))
    assert "85 92 78 66 90 88 日期 2024 09 01 名次 1 2 3" in extracted_text(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="RTF is read through LibreOffice")
def test_a_place_redact_cannot_edit_is_reported_and_the_copy_refused(tmp_path):
    """An RTF altChunk is screened (LibreOffice reads it), but no writer edits RTF: the copy
    would keep the ID, so redact says which part it could not redact, removes the copy and
    exits 1 (README, Exit codes)."""
    from click.testing import CliRunner
    from container_places import docx_alt_chunk

    from screening.cli import main

    path = docx_alt_chunk(tmp_path, ID, rtf=True)
    assert _ids(screening.scan_path(path))
    result = CliRunner().invoke(main, ["redact", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "FAILED" in result.output and held(result.output) == []
    assert "word/afchunk1.rtf: format legacy has no writer, not redacted" in result.output
    assert not (tmp_path / "out" / path.name).exists()


def test_the_documented_table_lists_exactly_the_places_tested():
    page = (Path(__file__).resolve().parent.parent / "docs" / "hostile-input.md").read_text(encoding="utf-8")
    section = page.split("## Hidden places in containers", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert [(kind.strip(), place.strip()) for kind, place in rows[1:]] == list(PLACES)  # rows[0] is the header
