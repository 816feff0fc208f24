"""`screening redact` masks every disguised identifier the scan finds, and never calls a copy
clean that still holds one (issue 19): the copy is read back through the digit view, so a
number left in any written form would show."""

from __future__ import annotations

import html
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import make_id
from evasion_forms import FORMS

from recognizers.digit_view import digit_view
from recognizers.textnorm import to_halfwidth
from screening.cli import main
from screening.redact import redact_path
from screening.sources import open_document

ID = make_id("340104", "19850612", "123")
MOBILE = "13800138000"


def readable(path: Path) -> str:
    """What a reader of the copy can make of it: its extracted text with every digit form folded
    and every invisible or separating character removed."""
    with open(path, "rb") as raw:
        text = "".join(piece for _, piece in open_document(raw, str(path)).pieces())
    return "".join(ch for ch in digit_view(to_halfwidth(text)).text if ch.isalnum())


def redact(*args):
    return CliRunner().invoke(main, ["redact", *map(str, args)])


@pytest.mark.parametrize("form", FORMS)
def test_txt_copy_holds_no_disguised_id_or_mobile(form, tmp_path):
    source = tmp_path / "in" / "名单.txt"
    source.parent.mkdir()
    source.write_text(f"学生张三\n身份证号：{FORMS[form](ID)}\n手机：{FORMS[form](MOBILE)}\n", encoding="utf-8")
    result = redact(source, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "out" / "名单.txt"
    assert ID not in readable(copy) and MOBILE not in readable(copy)
    assert copy.read_text(encoding="utf-8").count("*") == 14  # masked as the remedies say, not deleted wholesale
    assert ID not in result.output


@pytest.mark.parametrize("form", FORMS)
def test_html_copy_holds_no_disguised_id(form, tmp_path):
    source = tmp_path / "公示.html"
    written = html.escape(FORMS[form](ID))
    source.write_text(f'<html><head><meta charset="utf-8"></head><body><p>身份证号：{written}</p></body></html>',
                      encoding="utf-8")
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok, outcome
    assert ID not in readable(Path(outcome.output))


@pytest.mark.parametrize("form", FORMS)
def test_docx_copy_holds_no_disguised_id(form, tmp_path):
    source = tmp_path / "名单.docx"
    document = docx.Document()
    document.add_paragraph(f"学生张三，身份证号：{FORMS[form](ID)}。")
    document.save(source)
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok, outcome
    assert ID not in readable(Path(outcome.output))


def test_a_copy_the_writer_could_not_clean_is_removed_and_the_exit_code_says_so(tmp_path, monkeypatch):
    """A writer that leaves a disguised ID in place: the re-scan sees it, the copy goes, exit 1."""
    import screening.redact.text as text_writer

    def copy_unchanged(source, output, replacements):
        output.write_bytes(source.read_bytes())
        return len(replacements), []

    monkeypatch.setattr(text_writer, "redact_text_file", copy_unchanged)
    source = tmp_path / "in" / "名单.txt"
    source.parent.mkdir()
    source.write_text(f"身份证号：{FORMS['zero-width space'](ID)}\n", encoding="utf-8")
    result = redact(source, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "FAILED" in result.output and "still had 1 block finding" in result.output
    assert not (tmp_path / "out" / "名单.txt").exists()
