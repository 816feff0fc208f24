"""HTML pages: charset, visible text, tables with headers, hidden text, comments, metadata, links."""

import base64
import io

import pytest
from conftest import extracted_text, located, make_id, scan_file

import screening
from screening import Limits
from screening.sources import open_document

ID = make_id()
ID2 = make_id(region="110105", birth="20081122", sequence="274")


def page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return f'<!DOCTYPE html>\n<html><head><meta charset="{charset}">{head}</head>\n<body>{body}</body></html>\n'


def pieces(path, **limits):
    """(part, location dict, text) of each piece the reader yields for `path`."""
    with open(path, "rb") as raw:
        document = open_document(raw, str(path), Limits(**limits))
        return [(location.part, location.to_dict(), text) for location, text in document.pieces() if location], document


def write(tmp_path, name: str, html: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def test_gbk_page_declared_gb2312_is_decoded_and_the_id_located_by_line(tmp_path):
    html = page(f"<h1>关于国家助学金的公示</h1><p>经学校评审，现予公示。<br>学生：张三<br>身份证号：{ID}</p>", charset="gb2312")
    path = write(tmp_path, "公示.html", html, "gbk")
    result = scan_file(path)
    assert (result.verdict, result.encoding) == ("block", "gb18030")
    assert located(result, "CN_RESIDENT_ID") == [(ID, {"part": "body", "line": 4})]


def test_http_equiv_charset_and_a_utf8_page_declaring_gb2312(tmp_path):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
    path = write(tmp_path, "a.htm", f"<html><head>{head}</head><body>身份证号：{ID}</body></html>", "gbk")
    assert located(scan_file(path), "CN_RESIDENT_ID") == [(ID, {"part": "body", "line": 1})]
    # A CMS template declaring gb2312 over UTF-8 content: valid UTF-8 wins.
    path = write(tmp_path, "b.htm", page(f"身份证号：{ID}", charset="gb2312"), "utf-8")
    result = scan_file(path)
    assert result.encoding == "utf-8" and [value for value, _ in located(result, "CN_RESIDENT_ID")] == [ID]


def test_table_cells_carry_row_column_and_header_context(tmp_path):
    table = (
        "<table><caption>拟资助学生名单</caption>"
        "<tr><td colspan=4>2024年国家助学金拟资助学生名单</td></tr>"
        "<tr><th>序号</th><th>姓名</th><th>身份证号</th><th>联系电话</th></tr>"
        f"<tr><td>1</td><td>张三</td><td>{ID}</td><td>13912345678</td></tr>"
        f"<tr><td>2</td><td>李四</td><td><span>{ID2[:6]}</span><span>{ID2[6:]}</span></td><td>13812345679</td></tr>"
        "</table>"
    )
    result = scan_file(write(tmp_path, "名单.html", page(table)))
    assert located(result, "CN_RESIDENT_ID") == [
        (ID, {"part": "table", "table": 1, "row": 3, "column": "身份证号"}),
        (ID2, {"part": "table", "table": 1, "row": 4, "column": "身份证号"}),
    ]
    assert {(value, loc["row"], loc["column"]) for value, loc in located(result, "CN_MOBILE_PHONE")} == {
        ("13912345678", 3, "联系电话"), ("13812345679", 4, "联系电话"),
    }


def test_a_header_row_of_td_labels_and_rowspan_keep_columns_aligned(tmp_path):
    table = (
        "<table><tr><td>学院</td><td>姓名</td><td>身份证号码</td></tr>"
        f"<tr><td rowspan=2>文学院</td><td>张三</td><td>{ID}</td></tr>"
        f"<tr><td>李四</td><td>{ID2}</td></tr></table>"
    )
    result = scan_file(write(tmp_path, "t.html", page(table)))
    assert [loc for _, loc in located(result, "CN_RESIDENT_ID")] == [
        {"part": "table", "table": 1, "row": 2, "column": "身份证号码"},
        {"part": "table", "table": 1, "row": 3, "column": "身份证号码"},
    ]


def test_layout_tables_flow_as_body_text(tmp_path):
    # Old CMS templates lay out the whole page in nested tables: that text is body, by line;
    # the small innermost table is still read as cells.
    layout = (
        "<table><tr><td><table><tr><td>通知</td><td>正文</td></tr></table></td>"
        f"<td><p>第一段</p><p>身份证号：{ID}</p></td></tr></table>"
    )
    path = write(tmp_path, "layout.html", page(layout))
    parts, _ = pieces(path)
    assert [(part, text) for part, _, text in parts] == [
        ("table", "通知\n"), ("table", "正文\n"), ("body", f"第一段\n身份证号：{ID}\n"),
    ]
    assert located(scan_file(path), "CN_RESIDENT_ID") == [(ID, {"part": "body", "line": 2})]


def test_css_hidden_text_and_hidden_inputs_are_hidden_text(tmp_path):
    body = (
        "<p>公示名单见下表。</p>"
        '<div style="DISPLAY: none">学生张三 家长手机13912345678</div>'
        f'<span hidden>{ID}</span>'
        f'<input type="hidden" name="sfz" value="{ID2}">'
        '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==">'
    )
    parts, _ = pieces(write(tmp_path, "h.html", page(body)))
    hidden = [text for part, _, text in parts if part == "hidden-text"]
    assert hidden == [f"学生张三 家长手机13912345678\n{ID}\nsfz: {ID2}\n"]  # no __VIEWSTATE blob
    result = scan_file(tmp_path / "h.html")
    assert located(result, "CN_MOBILE_PHONE") == [("13912345678", {"part": "hidden-text", "line": 1})]
    assert located(result, "CN_RESIDENT_ID") == [
        (ID, {"part": "hidden-text", "line": 2}), (ID2, {"part": "hidden-text", "line": 3}),
    ]


def test_comments_and_numbers_in_scripts_are_screened(tmp_path):
    """A script is published with the page (issue 19): the stretch around a long number in it
    is screened, the rest of the code is not."""
    body = (f"<p>正文</p><!-- 旧版名单：张三 身份证号 {ID} --><script>var demo = '{ID2}';"
            "var tip = '请联系张老师';</script>")
    result = scan_file(write(tmp_path, "c.html", page(body)))
    assert located(result, "CN_RESIDENT_ID") == [(ID, {"part": "comment", "line": 1}), (ID2, {"part": "script", "line": 1})]
    assert "张老师" not in extracted_text(tmp_path / "c.html")


def test_title_meta_and_alt_are_metadata(tmp_path):
    head = (
        "<title>关于2024年国家助学金的公示</title><meta name=\"author\" content=\"王小明\">"
        '<meta name="description" content="联系人张老师，手机13912345678">'
        '<meta name="viewport" content="width=device-width">'
    )
    path = write(tmp_path, "m.html", page('<img src="a.png" alt="张三的获奖证书">', head=head))
    parts, _ = pieces(path)
    assert ("metadata", {"part": "metadata"},
            "关于2024年国家助学金的公示\nauthor: 王小明\ndescription: 联系人张老师，手机13912345678\n张三的获奖证书\n") in parts
    result = scan_file(path)
    assert located(result, "CN_MOBILE_PHONE") == [("13912345678", {"part": "metadata", "line": 3})]


def test_attachment_links_are_listed_not_fetched(tmp_path):
    body = (
        '<p>附件：<a href="/uploads/%E5%BC%A0%E4%B8%89%E8%BA%AB%E4%BB%BD%E8%AF%81%E5%A4%8D%E5%8D%B0%E4%BB%B6.jpg">张三身份证复印件.jpg</a></p>'
        f'<p><a href="/uploads/{ID}.pdf">申请表</a> <a href="/news/2.html">上一篇</a></p>'
    )
    path = write(tmp_path, "a.html", page(body))
    parts, _ = pieces(path)
    attachments = [text for part, _, text in parts if part == "attachment"]
    assert attachments == [f"张三身份证复印件.jpg /uploads/张三身份证复印件.jpg\n申请表 /uploads/{ID}.pdf\n"]
    assert located(scan_file(path), "CN_RESIDENT_ID") == [(ID, {"part": "attachment", "line": 2})]


def test_a_pdf_that_is_really_html_is_read_as_html(tmp_path):
    path = write(tmp_path, "名单.pdf", page(f"<table><tr><th>姓名</th><th>身份证号</th></tr><tr><td>张三</td><td>{ID}</td></tr></table>"))
    result = scan_file(path)
    assert result.verdict == "block"
    assert located(result, "CN_RESIDENT_ID") == [(ID, {"part": "table", "table": 1, "row": 2, "column": "身份证号"})]


def test_an_office_contact_line_in_the_footer_is_allowed(tmp_path):
    footer = '<div class="footer">主办单位：某某市教育局办公室　联系电话：010-66096114　地址：某某路1号</div>'
    result = scan_file(write(tmp_path, "index.html", page("<p>关于开展2024年教师培训的通知</p>" + footer)))
    assert result.verdict == "pass"
    assert [(f.text, f.action, f.rule) for f in result.findings] == [("010-66096114", "allow", "CONTACT-LANDLINE")]


def test_malformed_html_does_not_crash(tmp_path):
    broken = f"<html><body><div><p>名单<td>张三</td></span><table><tr><td>身份证号：{ID}<br/></div></p>&nbsp;&bogus; <b><i>x</b></i><"
    result = scan_file(write(tmp_path, "broken.html", broken))
    assert [value for value, _ in located(result, "CN_RESIDENT_ID")] == [ID]


def test_nesting_beyond_the_parser_limit_is_an_error_not_a_pass(tmp_path):
    deep = "<div>" * 3000 + "正文" + "</div>" * 3000 + f"<p>{ID}</p>"
    result = screening.scan_path(write(tmp_path, "deep.html", page(deep)))
    assert result.verdict == "error" and "HTML parser stopped" in result.error


def test_pre_keeps_lines_and_br_breaks_lines(tmp_path):
    parts, _ = pieces(write(tmp_path, "p.html", page("<pre>序号  姓名\n1     张三</pre><p>a<br>b<br><br>c</p><p>d <b>e</b>\n f</p>")))
    assert [text for part, _, text in parts if part == "body"] == ["序号  姓名\n1     张三\na\nb\n\nc\nd e f\n"]


def test_data_uri_images_are_ocred(tmp_path, monkeypatch):
    from PIL import Image

    from screening.sources import ocr

    buffer = io.BytesIO()
    Image.new("RGB", (400, 320), "white").save(buffer, "PNG")
    src = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    monkeypatch.setattr(ocr, "ocr_text", lambda image: f"身份证号：{ID}")
    path = write(tmp_path, "img.html", page(f'<p>截图：</p><img src="{src}">'))
    assert located(scan_file(path), "CN_RESIDENT_ID") == [(ID, {"part": "image-ocr", "line": 1})]
    result = screening.scan_path(path, limits=Limits(ocr="never"))
    assert result.verdict == "error" and "OCR is off" in result.error


@pytest.mark.parametrize("content", [b"", b"   \n  ", b"<!-- nothing -->"])
def test_empty_pages_pass(tmp_path, content):
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    result = screening.scan_path(path)
    assert (result.verdict, result.error) == ("pass", None)


def test_binary_named_html_is_an_error(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes(bytes(range(256)) * 64)
    result = screening.scan_path(path)
    assert result.verdict == "error" and "binary" in result.error
