"""OFD (GB/T 33190): pages in order, lines from positions, DocInfo, annotations, attachments, images, limits."""

import io
import zipfile

import pytest
from conftest import located, make_id, scan_file

import screening
from screening import Limits
from screening.sources import open_document

ID = make_id()
ID2 = make_id(region="110105", birth="20081122", sequence="274")
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def text_object(x: float, y: float, *codes: str, size: float = 4.0, ctm: str | None = None) -> str:
    """A TextObject at (x, y) holding TextCode elements given as ready XML."""
    transform = f' CTM="{ctm}"' if ctm else ""
    return f'<ofd:TextObject ID="1" Boundary="{x} {y} 170 8" Font="2" Size="{size}"{transform}>{"".join(codes)}</ofd:TextObject>'


def code(text: str, x: float = 0, y: float = 5, delta: str | None = None) -> str:
    deltas = f' DeltaX="{delta}"' if delta else ""
    return f'<ofd:TextCode X="{x}" Y="{y}"{deltas}>{text}</ofd:TextCode>'


def content(*objects: str, extra: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}>{extra}<ofd:Content><ofd:Layer ID="9">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'


PAGE_1 = content(
    text_object(30, 20, code("关于2024年国家助学金拟资助学生名单的公示")),
    text_object(20, 40, code("经学校评审，现将名单公示如下。")),
)
# Page 2, in drawing order unlike reading order: the second line first, and the first line
# in three pieces — the label, then the ID split across two TextObjects that touch.
PAGE_2 = content(
    text_object(20, 60, code("联系电话：0551-62881234")),
    text_object(78, 40.1, code(ID[9:], delta="g 8 2")),
    text_object(20, 40, code("学生张三，身份证号：", delta="g 9 4")),
    text_object(62.5, 40, code(ID[:9], delta="g 8 2"), ctm="1 0 0 1 -2.5 0"),
)


def build_ofd(pages=(PAGE_1, PAGE_2), author: str = "王小明", annotation: str | None = None,
              attachment: tuple[str, bytes] | None = None, extra: dict[str, bytes] | None = None,
              document_extra: str = "", compress=zipfile.ZIP_DEFLATED) -> bytes:
    files: dict[str, bytes | str] = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo><ofd:DocID>4bd1b6f2e36c4e9f</ofd:DocID><ofd:Title>国家助学金公示</ofd:Title>"
            f"<ofd:Author>{author}</ofd:Author><ofd:Creator>Suwell OFD Writer</ofd:Creator>"
            f"<ofd:Keywords><ofd:Keyword>资助</ofd:Keyword><ofd:Keyword>公示</ofd:Keyword></ofd:Keywords></ofd:DocInfo>"
            f"<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ),
    }
    page_list = "".join(f'<ofd:Page ID="{10 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    annots = '<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>' if annotation else ""
    attachs = '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>' if attachment else ""
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>50</ofd:MaxUnitID>'
        f'<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>{document_extra}</ofd:CommonData>'
        f"<ofd:Pages>{page_list}</ofd:Pages>{annots}{attachs}</ofd:Document>"
    )
    for n, page in enumerate(pages):
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = page
    if annotation:
        files["Doc_0/Annots/Annotations.xml"] = (
            f'<ofd:Annotations {NS}><ofd:Page PageID="11"><ofd:FileLoc>Page_1/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>'
        )
        files["Doc_0/Annots/Page_1/Annotation.xml"] = (
            f'<ofd:PageAnnot {NS}><ofd:Annot ID="30" Type="Stamp" Creator="审核员"><ofd:Remark>{annotation}</ofd:Remark>'
            f'<ofd:Appearance Boundary="0 0 50 10">{text_object(0, 0, code("已核对"))}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>'
        )
    if attachment:
        name, data = attachment
        files["Doc_0/Attachs/Attachments.xml"] = (
            f'<ofd:Attachments {NS}><ofd:Attachment ID="40" Name="{name}" Format="txt">'
            f"<ofd:FileLoc>{name}</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"
        )
        files[f"Doc_0/Attachs/{name}"] = data
    files.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as package:
        for name, data in files.items():
            package.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return buffer.getvalue()


def write(tmp_path, data: bytes, name: str = "公示.ofd"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pieces(path, **limits):
    with open(path, "rb") as raw:
        document = open_document(raw, str(path), Limits(**limits))
        return [(location.to_dict(), text) for location, text in document.pieces() if location is not None], document


def test_pages_in_order_with_lines_grouped_by_position(tmp_path):
    parts, document = pieces(write(tmp_path, build_ofd()))
    assert parts == [
        ({"part": "metadata"}, "Title: 国家助学金公示\nAuthor: 王小明\nCreator: Suwell OFD Writer\nKeywords: 资助 公示\n"),
        ({"part": "body", "page": 1}, "关于2024年国家助学金拟资助学生名单的公示\n经学校评审，现将名单公示如下。\n"),
        ({"part": "body", "page": 2}, f"学生张三，身份证号：{ID}\n联系电话：0551-62881234\n"),
    ]
    assert document.problems == []


def test_an_id_split_across_text_codes_is_found_on_its_page_and_line(tmp_path):
    result = scan_file(write(tmp_path, build_ofd()))
    assert result.verdict == "block"
    assert located(result, "CN_RESIDENT_ID") == [(ID, {"part": "body", "page": 2, "line": 1})]
    landline = [f for f in result.findings if f.entity_type == "CN_LANDLINE_PHONE"]
    assert [(f.text, f.location.page, f.location.line) for f in landline] == [("0551-62881234", 2, 2)]


def test_separate_cells_on_one_line_do_not_fuse_into_one_number(tmp_path):
    row = content(
        text_object(20, 40, code("张三")),
        text_object(50, 40, code(ID, delta="g 17 2")),
        text_object(95, 40, code("13912345678", delta="g 10 2")),
    )
    parts, _ = pieces(write(tmp_path, build_ofd(pages=[row])))
    assert ({"part": "body", "page": 1}, f"张三 {ID} 13912345678\n") in parts


def test_annotations_are_comments_on_their_page(tmp_path):
    path = write(tmp_path, build_ofd(annotation=f"请核对身份证号{ID2}"))
    parts, _ = pieces(path)
    assert ({"part": "comment", "page": 2}, f"Creator: 审核员\n请核对身份证号{ID2}\n已核对\n") in parts
    assert (ID2, {"part": "comment", "page": 2, "line": 2}) in located(scan_file(path), "CN_RESIDENT_ID")


def test_attachments_are_listed_and_screened_as_members(tmp_path):
    listing = f"序号 姓名 身份证号\n1 李四 {ID2}\n".encode("gb18030")
    path = write(tmp_path, build_ofd(attachment=("附件1名单.txt", listing)))
    parts, _ = pieces(path)
    assert ({"part": "attachment"}, "附件1名单.txt 附件1名单.txt\n") in parts
    result = scan_file(path)
    assert (ID2, {"part": "body", "line": 2, "member": "附件1名单.txt"}) in located(result, "CN_RESIDENT_ID")


def test_a_missing_page_is_a_problem_not_a_pass(tmp_path):
    data = build_ofd(pages=[PAGE_1, PAGE_1])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            if info.filename != "Doc_0/Pages/Page_1/Content.xml":
                target.writestr(info, source.read(info))
    result = screening.scan_path(write(tmp_path, broken.getvalue()))
    assert result.verdict == "error" and "page 2: Doc_0/Pages/Page_1/Content.xml: missing" in result.error


@pytest.mark.parametrize(
    "data, reason",
    [
        (build_ofd()[:300], "corrupt"),  # truncated download
        (b"PK\x03\x04" + bytes(200), "corrupt"),
        (b"not a zip at all, just text named .ofd", "no .ofd signature"),
    ],
)
def test_corrupt_ofd_is_an_error(tmp_path, data, reason):
    result = screening.scan_path(write(tmp_path, data))
    assert result.verdict == "error" and reason in result.error


def test_malformed_ofd_xml_is_an_error(tmp_path):
    data = build_ofd(extra={"OFD.xml": b"<ofd:OFD><ofd:DocBody>"})
    result = screening.scan_path(write(tmp_path, data))
    assert result.verdict == "error" and "corrupt OFD: OFD.xml: not well-formed XML" in result.error


def test_zip_bomb_members_and_the_unpacked_budget_are_refused(tmp_path):
    padding = " " * (3 * 1024 * 1024)  # compresses about 1000 times
    bomb = content(text_object(20, 40, code("正文")), extra=f"<!--{padding}-->")
    result = screening.scan_path(write(tmp_path, build_ofd(pages=[PAGE_1, bomb])))
    assert result.verdict == "error" and "zip bomb guard" in result.error
    result = screening.scan_path(write(tmp_path, build_ofd()), limits=Limits(max_unpacked_bytes=1500))
    assert result.verdict == "error" and "too large to unpack" in result.error


def test_entities_are_not_expanded(tmp_path):
    laughs = '<!DOCTYPE p [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    page = content(text_object(20, 40, code("正文&b;"))).replace("?>", "?>" + laughs, 1)
    parts, _ = pieces(write(tmp_path, build_ofd(pages=[page])))
    assert ({"part": "body", "page": 1}, "正文\n") in parts


def _image_ofd(size: tuple[int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    res = (
        f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="7" Type="Image" Format="PNG">'
        "<ofd:MediaFile>scan_0.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"
    )
    scanned = content('<ofd:ImageObject ID="8" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="7"/>')
    return build_ofd(
        pages=[scanned], document_extra="<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>",
        extra={"Doc_0/DocumentRes.xml": res.encode(), "Doc_0/Res/scan_0.png": buffer.getvalue()},
    )


def test_scanned_page_images_are_ocred(tmp_path, monkeypatch):
    from screening.sources import ocr

    monkeypatch.setattr(ocr, "ocr_text", lambda image: f"姓名：张三\n身份证号：{ID}")
    path = write(tmp_path, _image_ofd((400, 560)))
    assert located(scan_file(path), "CN_RESIDENT_ID") == [(ID, {"part": "image-ocr", "page": 1, "line": 2})]
    result = screening.scan_path(path, limits=Limits(ocr="never"))
    assert result.verdict == "error" and "page 1: image not screened: OCR is off" in result.error


def test_small_images_are_skipped_in_auto(tmp_path, monkeypatch):
    from screening.sources import ocr

    monkeypatch.setattr(ocr, "ocr_text", lambda image: pytest.fail("a logo-sized image must not be OCRed"))
    result = screening.scan_path(write(tmp_path, _image_ofd((120, 40))))
    assert (result.verdict, result.error) == ("pass", None)


def test_template_page_text_is_part_of_each_page_using_it(tmp_path):
    letterhead = content(text_object(20, 280, code("某某市教育局办公室　2024年3月1日")))
    page = content(text_object(20, 40, code("正文")), extra='<ofd:Template TemplateID="3" ZOrder="Background"/>')
    data = build_ofd(
        pages=[page, page], document_extra='<ofd:TemplatePage ID="3" BaseLoc="Tpls/Tpl_0/Content.xml"/>',
        extra={"Doc_0/Tpls/Tpl_0/Content.xml": letterhead.encode()},
    )
    parts, document = pieces(write(tmp_path, data))
    assert [text for location, text in parts if location["part"] == "body"] == ["正文\n某某市教育局办公室　2024年3月1日\n"] * 2
    assert document.problems == []


def test_password_protected_package_is_an_error(tmp_path):
    # zipfile cannot write encrypted entries: set the "encrypted" flag bit in the headers.
    data = bytearray(build_ofd(compress=zipfile.ZIP_STORED))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            data[start + flags_at] |= 0x1
            start = data.find(signature, start + 4)
    result = screening.scan_path(write(tmp_path, bytes(data)))
    assert result.verdict == "error" and "encrypted" in result.error


def test_gmt_0099_encrypted_ofd_is_an_error(tmp_path):
    data = build_ofd(extra={"Encryptions.xml": f'<ofd:Encryptions {NS}><ofd:EncryptInfo ID="1"/></ofd:Encryptions>'.encode()})
    result = screening.scan_path(write(tmp_path, data))
    assert result.verdict == "error" and "encrypted OFD" in result.error
