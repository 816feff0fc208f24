"""Legacy office files (.doc, .wps, .rtf, .ppt) read through a LibreOffice conversion.

The fixtures are made here: RTF written by hand (with a GBK code page, as Chinese Word
writes it), turned into .doc / .ppt by LibreOffice itself. Tests needing LibreOffice
skip without it; the presentation tests also skip without its Impress component.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import olefile
import pytest

import screening
from screening.sources import Limits, UnreadableInput, legacy
from screening.sources.document import ReadContext
from tests.conftest import located, make_id, scan_file

ID = make_id()
PHONE = "13812345678"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


def gbk_rtf(body: str) -> str:
    """RTF text in code page 936, each Chinese character as its GBK bytes (\\'xx)."""
    escaped = "".join(ch if ch.isascii() else "".join(f"\\'{byte:02x}" for byte in ch.encode("gbk")) for ch in body)
    return "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}" + escaped + "}"


NOTICE_RTF = gbk_rtf(f"\\f0 关于助学金的公示\\par 申请人身份证号：{ID}\\par ")
REVISED_RTF = gbk_rtf(f"{{\\*\\revtbl {{Unknown;}}{{Tester;}}}}\\f0 公示名单 {{\\deleted\\revauthdel1\\revdttmdel0 {ID}}}\\par ")
SLIDES_FODP = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body><office:presentation>
<draw:page draw:name="p1"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box>
<text:p>工作汇报</text:p></draw:text-box></draw:frame></draw:page>
<draw:page draw:name="p2"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box>
<text:p>申请人身份证号 {ID}</text:p></draw:text-box></draw:frame>
<presentation:notes><draw:frame presentation:class="notes" svg:x="1cm" svg:y="10cm" svg:width="15cm" svg:height="5cm">
<draw:text-box><text:p>联系电话 {PHONE}</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>
</office:presentation></office:body></office:document>"""


def soffice_convert(source: Path, convert_to: str, outdir: Path) -> Path | None:
    """Convert with LibreOffice directly (a private profile), for making fixtures."""
    profile = outdir / f"profile-{source.stem}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", convert_to, "--outdir", str(outdir), str(source)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    output = outdir / f"{source.stem}.{convert_to.split(':')[0]}"
    return output if output.is_file() else None


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    folder = tmp_path_factory.mktemp("legacy")
    (folder / "notice.rtf").write_text(NOTICE_RTF, encoding="ascii")
    (folder / "revised.rtf").write_text(REVISED_RTF, encoding="ascii")
    (folder / "slides.fodp").write_text(SLIDES_FODP, encoding="utf-8")
    for name in ("notice", "revised"):
        assert soffice_convert(folder / f"{name}.rtf", "doc", folder)
    soffice_convert(folder / "slides.fodp", "ppt", folder)  # absent without Impress
    return folder


def ids_found(result) -> list[str]:
    return [value for value, _ in located(result, "CN_RESIDENT_ID")]


@needs_soffice
def test_doc_is_converted_and_screened(fixtures):
    started = time.monotonic()
    result = scan_file(fixtures / "notice.doc")
    elapsed = time.monotonic() - started
    assert result.verdict == "block", result.error
    assert ids_found(result) == [ID]
    assert elapsed < 60  # two conversions (scan, then extract for the offset check); ~2 s each here


@needs_soffice
def test_tracked_deletion_in_a_doc_is_reported_as_such(fixtures):
    if legacy.target_for("writer") is legacy.TEXT:
        pytest.skip("docx reader not installed: the text route keeps no revisions")
    result = scan_file(fixtures / "revised.doc")
    assert [(value, location["part"]) for value, location in located(result, "CN_RESIDENT_ID")] == [(ID, "tracked-deletion")]


@needs_soffice
def test_wps_and_rtf_are_read_too(fixtures, tmp_path):
    wps = tmp_path / "通知.wps"  # WPS writer files are Word binaries under another suffix
    wps.write_bytes((fixtures / "notice.doc").read_bytes())
    assert ids_found(scan_file(wps)) == [ID]
    assert ids_found(scan_file(fixtures / "notice.rtf")) == [ID]


@needs_soffice
def test_ppt_slides_and_notes(fixtures):
    if not (fixtures / "slides.ppt").is_file():
        pytest.skip("LibreOffice Impress (libreoffice-impress-nogui) not installed")
    result = scan_file(fixtures / "slides.ppt")
    assert located(result, "CN_RESIDENT_ID") == [(ID, {"part": "body", "page": 2, "line": 1})]
    assert [(value, location["part"], location["page"]) for value, location in located(result, "CN_MOBILE_PHONE")] == [(PHONE, "notes", 2)]


@needs_soffice
def test_encrypted_doc_is_refused_before_conversion(fixtures, tmp_path):
    path = tmp_path / "locked.doc"
    shutil.copy(fixtures / "notice.doc", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        stream[11] |= 0x01  # FIB flags (offset 10, little-endian): fEncrypted is bit 8
        ole.write_stream("WordDocument", bytes(stream))
    result = screening.scan_path(path)
    assert result.verdict == "error" and result.error == legacy.ENCRYPTED


@needs_soffice
def test_doc_libreoffice_cannot_load_is_an_error(fixtures, tmp_path):
    path = tmp_path / "damaged.doc"
    shutil.copy(fixtures / "notice.doc", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        size = len(ole.openstream("WordDocument").read())
        ole.write_stream("WordDocument", bytes(size))  # the Word stream zeroed: no FIB, no text
    result = screening.scan_path(path)
    assert result.verdict == "error"
    assert result.error.startswith("LibreOffice could not convert this document")


@needs_soffice
@pytest.mark.parametrize("route", ["conversion timeout", "per-file time limit"])
def test_conversion_is_killed_at_the_time_limit(fixtures, monkeypatch, tmp_path, route):
    """No LibreOffice process of the conversion outlives the time limit, whether the
    conversion's own timeout or the scanner's per-file alarm ends it."""
    seen: list[Path] = []
    run = legacy.run_soffice

    def recording(soffice, profile, source, outdir, target, timeout):
        seen.append(profile)
        if route == "per-file time limit":
            timeout = 600  # so that only the scanner's alarm can end the wait
        return run(soffice, profile, source, outdir, target, timeout)

    monkeypatch.setattr(legacy, "run_soffice", recording)
    if route == "conversion timeout":
        context = ReadContext("notice.doc", Limits(seconds_per_file=0.2))
        with open(fixtures / "notice.doc", "rb") as raw, pytest.raises(UnreadableInput, match="time limit exceeded"):
            legacy.read_legacy(raw, context)
    else:
        # A real conversion can finish inside any alarm we would wait for (it did on a fast CI
        # machine), so a stand-in that never finishes and, like soffice, starts a child.
        # Both carry the arguments, so processes_using finds them by the profile's path.
        stalling = tmp_path / "soffice"
        stalling.write_text(f'#!/bin/sh\n"{sys.executable}" -c "import time; time.sleep(600)" "$@" &\nwait\n')
        stalling.chmod(0o755)
        monkeypatch.setattr(legacy, "soffice_path", lambda: str(stalling))
        result = screening.scan_path(fixtures / "notice.doc", limits=Limits(seconds_per_file=1))
        assert result.verdict == "error" and result.error.startswith("time limit exceeded")
    assert seen and not processes_using(str(seen[0]))
    assert not seen[0].parent.exists()  # the temporary directory is gone too


@needs_soffice
def test_doc_inside_a_zip(fixtures, tmp_path):
    path = tmp_path / "附件.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.write(fixtures / "notice.doc", "附件/通知.doc")
    assert [(value, location["member"]) for value, location in located(scan_file(path), "CN_RESIDENT_ID")] == [(ID, "附件/通知.doc")]


def processes_using(text: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if text.encode() in handle.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def test_without_libreoffice_the_reason_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    path = tmp_path / "notice.rtf"
    path.write_text(NOTICE_RTF, encoding="ascii")
    result = screening.scan_path(path)
    assert result.verdict == "error"
    assert result.error == "legacy .rtf format: install LibreOffice (Debian package libreoffice-writer-nogui) to screen it"


def test_kind_from_ole_streams_before_suffix():
    assert legacy.kind_of(".doc", {"PowerPoint Document", "Current User"}) == "impress"
    assert legacy.kind_of(".wps", {"WordDocument", "1Table"}) == "writer"
    assert legacy.kind_of(".doc", {"Workbook"}) == "calc"
    assert legacy.kind_of(".dps", None) == "impress"
    assert legacy.kind_of(".et", None) == "calc"


@needs_soffice
def test_text_route_while_the_docx_reader_is_missing(fixtures, monkeypatch):
    monkeypatch.setattr(legacy, "reader_installed", lambda module: False)
    assert legacy.target_for("writer") is legacy.TEXT
    assert ids_found(scan_file(fixtures / "notice.doc")) == [ID]
