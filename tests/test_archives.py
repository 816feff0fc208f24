"""Archives: zip, 7z and rar members screened one by one, with their member path.

Every fixture is built here from generated values. RAR cannot be written by any free
tool, so the rar fixtures are assembled byte by byte (RAR 4 headers, stored members:
rarfile reads those without an extraction tool).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import py7zr
import pytest

import screening
from screening.sources import Limits, open_document
from screening.sources.archives import ENCRYPTED, NO_RAR_TOOL, rar_tool_available
from tests.conftest import located, make_id, scan_file

ID_A = make_id()
ID_B = make_id(region="110105", birth="19991231", sequence="123")


def write_zip(path, members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    write_zip(buffer, members)
    return buffer.getvalue()


def members_of(result, entity="CN_RESIDENT_ID") -> dict[str, str]:
    return {location.get("member"): value for value, location in located(result, entity)}


# ---------------------------------------------------------------------------------------
# zip


def test_zip_members_found_with_their_member_path(tmp_path):
    path = write_zip(tmp_path / "附件.zip", {
        "附件/说明.txt": f"申请人身份证号码：{ID_A}\n",
        "附件/名单.csv": f"姓名,身份证号\n张三,{ID_B}\n",
        "附件/": "",
    })
    result = scan_file(path)
    assert result.verdict == "block"
    assert members_of(result) == {"附件/说明.txt": ID_A, "附件/名单.csv": ID_B}
    assert result.error is None


def test_gbk_member_name_without_utf8_flag_is_decoded(tmp_path):
    """Zip tools on Chinese Windows write GBK names and no UTF-8 flag."""

    class GbkInfo(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):  # zipfile's hook: write the raw GBK bytes
            return self.filename.encode("gbk"), self.flag_bits & ~0x800

    path = tmp_path / "gbk.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(GbkInfo("附件/名单.txt"), f"身份证号 {ID_A}\n")
    with zipfile.ZipFile(path) as package:
        assert not package.infolist()[0].flag_bits & 0x800  # really written the Windows way
    assert members_of(scan_file(path)) == {"附件/名单.txt": ID_A}


def test_nested_zip_member_path(tmp_path):
    inner = zip_bytes({"a.txt": f"身份证号 {ID_A}\n"})
    path = write_zip(tmp_path / "outer.zip", {"readme.txt": "公告正文\n", "inner.zip": inner})
    result = scan_file(path)
    assert members_of(result) == {"inner.zip!/a.txt": ID_A}


def set_encrypted_flag(data: bytes, name: str) -> bytes:
    """Set flag bit 0 (encrypted) in the member's local and central headers: zipfile cannot
    encrypt, but this is what a reader sees of an encrypted member."""
    data = bytearray(data)
    raw_name = name.encode()
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        position = data.find(signature)
        while position >= 0 and data[position + name_at : position + name_at + len(raw_name)] != raw_name:
            position = data.find(signature, position + 1)
        assert position >= 0
        data[position + flags_at] |= 0x01
    return bytes(data)


def test_encrypted_member_is_an_error_and_others_are_read(tmp_path):
    data = zip_bytes({"secret.txt": f"身份证号 {ID_A}\n", "open.txt": "公告正文\n"})
    path = tmp_path / "enc.zip"
    path.write_bytes(set_encrypted_flag(data, "secret.txt"))
    result = scan_file(path)
    assert result.verdict == "error"
    assert "secret.txt: " + ENCRYPTED in result.error
    assert not result.findings  # the encrypted member's bytes were not read as text


def test_zip_bomb_member_is_never_read(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("正文.txt", "公告正文\n")
        with package.open("zeros.txt", "w") as member:  # 50 MB of zeros: about 50 KB packed
            for _ in range(50):
                member.write(bytes(1024 * 1024))
    assert path.stat().st_size < 200_000
    result = scan_file(path)
    assert result.verdict == "error"
    assert "zeros.txt: compression ratio over 200:1 (zip bomb?)" in result.error


def test_ratio_limit_is_configurable(tmp_path):
    text = ("公告正文，没有个人信息。" * 20 + "\n") * 1000  # ~700 KB per copy, compresses ~100x
    path = write_zip(tmp_path / "text.zip", {"a.txt": text * 3})
    assert screening.scan_path(path).verdict == "pass"
    result = screening.scan_path(path, limits=Limits(max_ratio=20))
    assert result.verdict == "error" and "compression ratio over 20:1" in result.error


def test_nesting_deeper_than_max_depth_is_not_opened(tmp_path):
    inner = zip_bytes({"a.txt": f"身份证号 {ID_A}\n"})
    middle = zip_bytes({"inner.zip": inner})
    path = write_zip(tmp_path / "outer.zip", {"middle.zip": middle})
    assert members_of(scan_file(path)) == {"middle.zip!/inner.zip!/a.txt": ID_A}
    result = screening.scan_path(path, limits=Limits(max_depth=1))
    assert result.verdict == "error" and not result.findings
    assert "middle.zip: inner.zip: zip nested more than 1 archives deep" in result.error


def test_member_count_and_total_size_limits_refuse_the_archive(tmp_path):
    path = write_zip(tmp_path / "many.zip", {f"{n}.txt": "公告\n" * 100 for n in range(3)})
    result = screening.scan_path(path, limits=Limits(max_members=2))
    assert result.verdict == "error" and "3 members, over the limit of 2" in result.error
    result = screening.scan_path(path, limits=Limits(max_unpacked_bytes=1000))
    assert result.verdict == "error" and "over the limit of 1000" in result.error


def test_member_over_max_bytes_is_not_read(tmp_path):
    path = write_zip(tmp_path / "big.zip", {"big.txt": "公告正文\n" * 20_000, "id.txt": f"身份证号 {ID_A}\n"})
    assert path.stat().st_size < 10_000
    result = screening.scan_path(path, limits=Limits(max_bytes=10_000), show_values=True)
    assert "big.txt: too large" in result.error
    assert members_of(result) == {"id.txt": ID_A}


def test_unsupported_member_is_a_problem_and_os_clutter_is_skipped(tmp_path):
    clutter = {"__MACOSX/._a.txt": b"\x00\x05\x16\x07junk", ".DS_Store": b"\x00\x00\x00\x01Bud1", "图片/Thumbs.db": b"\xd0\xcf\x11\xe0"}
    path = write_zip(tmp_path / "clean.zip", {"a.txt": "公告正文\n", **clutter})
    result = scan_file(path)
    assert result.verdict == "pass" and result.error is None
    path = write_zip(tmp_path / "exe.zip", {"a.txt": "公告正文\n", "setup.exe": b"MZ\x90\x00binary", "图纸.dwg": b"AC1032\x00\x00"})
    result = scan_file(path)
    assert result.verdict == "error"
    assert "setup.exe: unsupported format (.exe)" in result.error and "图纸.dwg: unsupported format (.dwg)" in result.error


def test_corrupt_members_do_not_stop_the_others(tmp_path):
    data = bytearray(zip_bytes({"broken.txt": "公告正文" * 50 + "\n", "fake.docx": b"not a docx", "id.txt": f"身份证号 {ID_A}\n"}))
    position = data.find(b"PK\x03\x04") + 30 + len("broken.txt")
    data[position + 5] ^= 0xFF  # damage the deflate stream of the first member
    path = tmp_path / "corrupt.zip"
    path.write_bytes(bytes(data))
    result = scan_file(path)
    assert members_of(result) == {"id.txt": ID_A}
    assert result.verdict == "block"  # the ID blocks it; the unread members are still reported
    assert "broken.txt: " in result.error and "fake.docx: not a .docx file" in result.error


def test_extracted_text_marks_each_member(tmp_path):
    path = write_zip(tmp_path / "a.zip", {"一.txt": "甲\n", "二.txt": "乙\n"})
    with open(path, "rb") as raw:
        pieces = list(open_document(raw, str(path)).pieces())
    starts = [location.member for location, _ in pieces if location and location.part == "attachment"]
    assert starts == ["一.txt", "二.txt"]


def test_corrupt_zip_is_unreadable(tmp_path):
    path = tmp_path / "cut.zip"
    path.write_bytes(zip_bytes({"a.txt": "公告\n" * 100})[:-30])
    result = screening.scan_path(path)
    assert result.verdict == "error" and "corrupt" in result.error


# ---------------------------------------------------------------------------------------
# 7z


def write_7z(path, members: dict[str, bytes], password: str | None = None, filters=None):
    with py7zr.SevenZipFile(path, "w", password=password, filters=filters) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return path


def test_7z_members_found(tmp_path):
    path = write_7z(tmp_path / "a.7z", {
        "附件/名单.txt": f"身份证号 {ID_A}\n".encode(),
        "附件/表.csv": f"姓名,身份证号\n李四,{ID_B}\n".encode(),
        "附件/空.txt": b"",
    })
    result = scan_file(path)
    assert members_of(result) == {"附件/名单.txt": ID_A, "附件/表.csv": ID_B}
    assert result.error is None


def test_7z_repeated_member_names_are_each_screened(tmp_path):
    path = write_7z(tmp_path / "dup.7z", {"a.txt": b"x"})
    with py7zr.SevenZipFile(path, "w") as archive:
        archive.writestr(f"身份证号 {ID_A}\n".encode(), "a.txt")
        archive.writestr(f"身份证号 {ID_B}\n".encode(), "a.txt")
    result = scan_file(path)
    assert sorted(value for value, _ in located(result, "CN_RESIDENT_ID")) == sorted([ID_A, ID_B])


def test_encrypted_7z_cannot_be_screened(tmp_path):
    path = write_7z(tmp_path / "enc.7z", {"a.txt": f"身份证号 {ID_A}\n".encode()}, password="generated-pass")
    result = screening.scan_path(path)
    assert result.verdict == "error" and result.error == ENCRYPTED


def test_7z_bomb_block_is_not_inflated(tmp_path):
    path = write_7z(tmp_path / "bomb.7z", {"a.txt": "公告正文\n".encode(), "zeros.txt": bytes(3 * 1024 * 1024)})
    result = screening.scan_path(path)
    assert result.verdict == "error"
    assert "zip bomb" in result.error


def test_7z_corrupt_is_unreadable(tmp_path):
    data = (write_7z(tmp_path / "a.7z", {"a.txt": b"x" * 100})).read_bytes()
    path = tmp_path / "cut.7z"
    path.write_bytes(data[:40])
    result = screening.scan_path(path)
    assert result.verdict == "error" and "7z" in result.error


# ---------------------------------------------------------------------------------------
# rar (RAR 4 written by hand)


def _rar_header(kind: int, flags: int, body: bytes) -> bytes:
    rest = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(rest) & 0xFFFF) + rest


def rar_archive(members: list[tuple[bytes, bytes, int, int]]) -> bytes:
    """A RAR 4 archive of (raw name, data, method, extra flags) members, data stored as is."""
    out = b"Rar!\x1a\x07\x00" + _rar_header(0x73, 0, b"\x00" * 6)
    for name, data, method, flags in members:
        body = struct.pack(
            "<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), 0x5A210000, 29, method, len(name), 0x20,
        ) + name
        out += _rar_header(0x74, 0x8000 | flags, body) + data
    return out + _rar_header(0x7B, 0x4000, b"")


def test_rar_stored_members_found_with_gbk_names(tmp_path):
    path = tmp_path / "a.rar"
    path.write_bytes(rar_archive([
        ("附件\\名单.txt".encode("gbk"), f"身份证号 {ID_A}\n".encode(), 0x30, 0),
        (b"b.csv", f"姓名,身份证号\n王五,{ID_B}\n".encode(), 0x30, 0),
    ]))
    result = scan_file(path)
    assert members_of(result) == {"附件/名单.txt": ID_A, "b.csv": ID_B}
    assert result.error is None


def test_rar_encrypted_member(tmp_path):
    path = tmp_path / "enc.rar"
    path.write_bytes(rar_archive([(b"a.txt", f"身份证号 {ID_A}\n".encode(), 0x30, 0x04), (b"b.txt", "公告\n".encode(), 0x30, 0)]))
    result = scan_file(path)
    assert result.verdict == "error" and "a.txt: " + ENCRYPTED in result.error


def test_rar_compressed_member_needs_a_tool(tmp_path):
    path = tmp_path / "packed.rar"
    path.write_bytes(rar_archive([(b"a.txt", b"\x0c\x9a\x17 not really compressed", 0x33, 0)]))
    result = screening.scan_path(path)
    assert result.verdict == "error"
    if not rar_tool_available():
        assert result.error == NO_RAR_TOOL
    else:
        assert result.error.startswith("a.txt: ")  # the tool cannot inflate garbage: a member problem


@pytest.mark.parametrize("suffix", [".zip", ".7z", ".rar"])
def test_empty_or_truncated_archive_header(tmp_path, suffix):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes({".zip": b"PK\x03\x04" + b"\x00" * 10, ".7z": b"7z\xbc\xaf\x27\x1c\x00\x04", ".rar": b"Rar!\x1a\x07\x00\x00"}[suffix])
    result = screening.scan_path(path)
    assert result.verdict == "error" and result.error


def test_many_small_bombs_together_refuse_the_archive(tmp_path):
    """Each member is under the size where a ratio matters; together they are a bomb."""
    path = write_zip(tmp_path / "small.zip", {f"{n}.txt": bytes(900 * 1024) for n in range(3)})
    result = screening.scan_path(path)
    assert result.verdict == "error" and "compression ratio over 200:1 over its members" in result.error


def test_rar_with_encrypted_names_cannot_be_screened(tmp_path):
    data = rar_archive([(b"a.txt", f"身份证号 {ID_A}\n".encode(), 0x30, 0)])
    main = _rar_header(0x73, 0x0080, b"\x00" * 6)  # MAIN_PASSWORD: every header after it is encrypted
    path = tmp_path / "hp.rar"
    path.write_bytes(data[:7] + main + data[7 + len(main):])
    result = screening.scan_path(path)
    assert result.verdict == "error" and result.error == ENCRYPTED


def test_7z_damaged_data_is_a_problem_per_member(tmp_path):
    data = bytearray(write_7z(tmp_path / "a.7z", {"a.txt": "公告正文\n".encode() * 300, "b.txt": "公告\n".encode()}).read_bytes())
    data[40] ^= 0xFF  # inside the packed stream (the header is at the end of a 7z)
    path = tmp_path / "damaged.7z"
    path.write_bytes(bytes(data))
    result = screening.scan_path(path)
    assert result.verdict == "error"
    assert "a.txt: corrupt member, cannot extract" in result.error and "b.txt: corrupt member" in result.error
