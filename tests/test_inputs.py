"""Files as they really come, and files that are broken: every one gets a result, none passes silently."""

import os

import pytest
from conftest import make_id

import screening
from screening import Limits

ID = make_id()
NOTICE = f"关于2024年国家助学金的公示\n序号 姓名 身份证号\n1 张三 {ID}\n联系电话：0551-62881234\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_encodings_decode_and_offsets_point_into_the_decoded_text(tmp_path, encoding):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode(encoding))
    result = screening.scan_path(path, show_values=True)
    assert result.verdict == "block", result.error
    found = [f for f in result.findings if f.entity_type == "CN_RESIDENT_ID"]
    assert [NOTICE[f.start : f.end] for f in found] == [ID]
    assert found[0].location.line == 3


def test_csv_cells_carry_row_column_and_header(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text(f"姓名,考生号,身份证号\n张三,24340104150123,{ID}\n", encoding="gb18030")
    result = screening.scan_path(path)
    assert {(f.entity_type, f.location.row, f.location.column) for f in result.findings} == {
        ("PERSON", 2, "姓名"),
        ("CN_EXAM_NUMBER", 2, "考生号"),
        ("CN_RESIDENT_ID", 2, "身份证号"),
    }


def test_empty_file_passes_with_nothing_found(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = screening.scan_path(path)
    assert (result.verdict, result.findings, result.error) == ("pass", [], None)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "image"),  # a PNG named .txt is read as the image it is
        (bytes(range(128, 256)) * 64, "undecodable"),
        (b"\x00\x01\x02\x03\x04\x05\x06\x07" * 512, "binary"),
    ],
)
def test_binary_and_undecodable_files_are_errors(tmp_path, content, reason):
    path = tmp_path / "looks-like-text.txt"
    path.write_bytes(content)
    result = screening.scan_path(path)
    assert result.verdict == "error" and reason in result.error


def test_truncated_docx_and_unsupported_format_are_errors_not_passes(tmp_path):
    truncated = tmp_path / "draft.docx"
    truncated.write_bytes(b"PK\x03\x04")
    result = screening.scan_path(truncated)
    assert result.verdict == "error" and "corrupt or truncated .docx" in result.error
    unknown = tmp_path / "drawing.dwg"
    unknown.write_bytes(b"AC1032" + bytes(200))
    result = screening.scan_path(unknown)
    assert result.verdict == "error" and "unsupported format (.dwg)" in result.error


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("正文" * 1000, encoding="utf-8")
    result = screening.scan_path(path, limits=Limits(max_bytes=1000))
    assert result.verdict == "error" and "too large" in result.error


def test_a_ten_megabyte_line_without_newline_is_screened_in_segments(tmp_path):
    filler = "这是一行没有换行的很长的文本，"
    line = filler * (10_000_000 // (3 * len(filler)))
    # Put the ID where a segment boundary is likely to fall: it must still be found whole.
    position = 16384 - 7
    text = line[:position] + ID + line[position:] + f"联系电话13800138000{filler}"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = screening.scan_path(path, show_values=True)
    assert {(f.entity_type, f.text) for f in result.findings} >= {("CN_RESIDENT_ID", ID), ("CN_MOBILE_PHONE", "13800138000")}
    assert all(text[f.start : f.end] == f.text for f in result.findings)


def test_unreadable_file_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(NOTICE, encoding="utf-8")
    real_open = os.open  # files are opened with os.open (screening.sources.files); tests run as root, so no chmod

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", deny)
    result = screening.scan_path(path)
    assert result.verdict == "error" and "Permission denied" in result.error


def test_folder_scan_goes_on_past_bad_files_and_reports_loops(tmp_path):
    deep = tmp_path
    for level in range(60):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "名单.txt").write_text(NOTICE, encoding="gb18030")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "ok.md").write_text("普通通知，无个人信息。", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "d0" / "loop")
    os.symlink(tmp_path / "missing", tmp_path / "dangling.txt")
    results = {os.path.relpath(r.path, tmp_path): r for r in screening.scan_tree([tmp_path])}
    assert results["bad.txt"].verdict == "error"
    assert results["ok.md"].verdict == "pass"
    assert results["dangling.txt"].verdict == "error"
    assert any(r.verdict == "block" for p, r in results.items() if p.endswith("名单.txt"))
    assert any("symlink loop" in (r.error or "") for r in results.values())


def test_workers_give_the_same_results_in_the_same_order(tmp_path, monkeypatch):
    monkeypatch.setattr("screening.engine.parallel.PARALLEL_MIN_BYTES", 0)  # small files: start the workers anyway
    for index in range(6):
        (tmp_path / f"{index}.txt").write_text(NOTICE if index % 2 else "无个人信息的通知。", encoding="utf-8")
    serial = [(r.path, r.verdict, len(r.findings)) for r in screening.scan_tree([tmp_path])]
    parallel = [(r.path, r.verdict, len(r.findings)) for r in screening.scan_tree([tmp_path], workers=2)]
    assert serial == parallel and [v for _, v, _ in serial] == ["pass", "block"] * 3


def test_unexpected_recognizer_failure_becomes_a_per_file_error_without_values(tmp_path, monkeypatch):
    def explode(self, match, text):
        raise ValueError(f"bad value {text}")

    monkeypatch.setattr("recognizers.resident_id.ResidentIdRecognizer.detect", explode)
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    result = screening.scan_path(path)
    assert result.verdict == "error" and "internal error (ValueError" in result.error and ID not in result.error


def test_csv_without_header_never_names_a_column_after_a_value(tmp_path):
    path = tmp_path / "无表头.csv"
    path.write_text(f"张三,{ID},13800138000\n李四,{make_id('110101', '20090101', '123')},13900139000\n", encoding="utf-8")
    result = screening.scan_path(path)
    assert result.verdict == "block"
    assert {f.location.column for f in result.findings} <= {"1", "2", "3"}
    assert {f.location.row for f in result.findings if f.entity_type == "CN_RESIDENT_ID"} == {1, 2}


def test_scan_bytes_for_a_cms_upload_and_scan_path_refuses_folders(tmp_path):
    result = screening.scan_bytes(NOTICE.encode("gb18030"), "公示.txt", show_values=True)
    assert result.verdict == "block" and result.encoding == "gb18030"
    assert [f.text for f in result.findings if f.entity_type == "CN_RESIDENT_ID"] == [ID]
    assert screening.scan_bytes(b"\x00\x01" * 600, "upload.txt").verdict == "error"
    with pytest.raises(IsADirectoryError):
        screening.scan_path(tmp_path)


def test_password_protected_office_file_is_an_error(tmp_path):
    """Word and Excel encrypt a protected file into an OLE container: never a pass."""
    import docx
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("身份证号：" + make_id())
    document.save(plain)
    encrypted = tmp_path / "名单.docx"
    with open(plain, "rb") as source, open(encrypted, "wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    result = screening.scan_path(encrypted)
    assert result.verdict == "error" and "encrypted" in result.error


def test_a_reader_that_hangs_is_ended_by_the_time_limit(tmp_path, monkeypatch):
    import time as time_module

    from screening.sources import plain

    def hanging_reader(raw, context):
        while True:  # a parser stuck in a loop on hostile input
            time_module.sleep(0.05)

    monkeypatch.setattr(plain, "read_plain", hanging_reader)
    path = tmp_path / "stuck.txt"
    path.write_text("通知\n", encoding="utf-8")
    started = time_module.monotonic()
    result = screening.scan_path(path, limits=Limits(seconds_per_file=1))
    assert result.verdict == "error" and "time limit" in result.error
    assert time_module.monotonic() - started < 5
