"""Build the binary samples (docx, xlsx, pdf, html, zip) in samples/ from generated values.

    python tools/make_samples.py

Each sample hides its personal data where real leaks hide — a tracked deletion, a hidden
sheet, text under a black box, a CSS-hidden block, an attachment bundle — next to
visible text that is clean or correctly masked. Values are generated (valid checksums,
made-up people); the files are committed, this script says how they were made.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from stdnum.cn import ric

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def make_id(region: str, birth: str, sequence: str) -> str:
    body = region + birth + sequence
    return body + ric.calc_check_digit(body + "0")


STUDENTS = [
    ("陈思远", make_id("420106", "20080512", "031"), "13907151234"),
    ("刘雨桐", make_id("420111", "20071123", "042"), "15827364512"),
    ("王子涵", make_id("420102", "20080219", "015"), "18672943150"),
]


def masked(number: str) -> str:
    return number[:4] + "*" * 10 + number[-4:]


def aid_list_docx(path: Path) -> None:
    """A 资助公示 whose table is masked — but an earlier full ID survives as a tracked deletion,
    a reviewer's comment quotes a phone, and the header still says 内部资料."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.core_properties.author = "学生资助管理中心"
    document.add_paragraph("武汉市第十一中学2024年秋季学期国家助学金拟资助学生名单公示")
    document.add_paragraph("根据《学生资助资金管理办法》，经学生申请、班级评议、学校审核，拟资助以下学生，现予公示。公示期为5个工作日。")
    table = document.add_table(rows=1, cols=3)
    for column, label in enumerate(["姓名", "身份证号", "资助档次"]):
        table.rows[0].cells[column].text = label
    for name, number, _ in STUDENTS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, masked(number), "一档"
    edited = document.add_paragraph("如有异议，请于公示期内向学校资助办反映。")
    edited._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="经办人" w:date="2024-09-02T10:00:00Z"><w:r>'
        f"<w:delText>（陈思远 身份证号 {STUDENTS[0][1]}）</w:delText></w:r></w:del>"
    ))
    contact = document.add_paragraph("联系人：周老师，联系电话：027-85551234")
    document.add_comment(contact.runs, text=f"家长电话 {STUDENTS[1][2]} 已核实", author="审核人")
    document.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    document.save(path)


def clean_notice_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好2024年秋季学期学生资助政策宣传工作的通知")
    document.add_paragraph("各中小学：为确保家庭经济困难学生及时了解资助政策，现就有关事项通知如下。")
    document.add_paragraph("一、各校要通过家长会、校园网等渠道宣传资助政策，做到应助尽助。")
    document.add_paragraph("联系人：周老师，联系电话：027-85551234，电子邮箱：zizhu@whedu.gov.cn")
    document.save(path)


def scholarship_xlsx(path: Path) -> None:
    """A published 获奖名单: the visible sheet lists names and classes only; a hidden sheet
    kept from the working copy still holds IDs and phones."""
    from openpyxl import Workbook

    workbook = Workbook()
    visible = workbook.active
    visible.title = "获奖名单"
    visible.append(["序号", "姓名", "班级", "奖项"])
    for number, (name, _, _) in enumerate(STUDENTS, start=1):
        visible.append([number, name, "高二（3）班", "三好学生"])
    hidden = workbook.create_sheet("原始数据")
    hidden.sheet_state = "hidden"
    hidden.append(["姓名", "身份证号", "家长手机"])
    for name, number, phone in STUDENTS:
        hidden.append([name, number, phone])
    workbook.save(path)


def penalty_pdf(path: Path) -> None:
    """A 行政处罚决定书 "redacted" by drawing black boxes over the ID — the text is still there."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    lines = [
        "武汉市教育局行政处罚决定书",
        "武教罚〔2024〕3号",
        "当事人：某培训学校有限公司",
        "法定代表人：刘某",
        f"身份证号：{make_id('420103', '19790304', '117')}",
        "经查，当事人未经审批擅自举办面向中小学生的学科类校外培训。",
    ]
    y = 780
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 24
    pdf.setFillColorRGB(0, 0, 0)
    pdf.rect(118, 780 - 4 * 24 - 4, 190, 16, fill=1, stroke=0)  # the "redaction" over the ID
    pdf.save()


def school_page_html(path: Path) -> None:
    """A school news page: a CSS-hidden block left from the CMS draft holds student phones."""
    rows = "".join(f"<tr><td>{name}</td><td>{phone}</td></tr>" for name, _, phone in STUDENTS)
    path.write_text(
        "<!doctype html><html><head><meta charset='gb2312'><title>我校学生在市级比赛中获奖</title></head><body>"
        "<h1>我校学生在市级比赛中获奖</h1><p>近日，我校学生在武汉市中学生科技创新大赛中获得佳绩。</p>"
        f"<div style='display:none'><table><tr><th>姓名</th><th>联系电话</th></tr>{rows}</table></div>"
        "<p>联系电话：027-85551234（学校办公室）</p></body></html>",
        encoding="gb18030",
    )


def attachments_zip(path: Path) -> None:
    """An attachment bundle as a CMS stores it: a GB18030-encoded CSV roster inside."""
    roster = "姓名,身份证号,联系电话\n" + "".join(f"{name},{number},{phone}\n" for name, number, phone in STUDENTS)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("附件/研学活动报名表.csv", roster.encode("gb18030"))
        bundle.writestr("附件/活动安排.txt", "研学活动于10月12日出发，请各班主任做好安全教育。\n".encode("gb18030"))


def main() -> None:
    archive = SAMPLES / "archive"
    aid_list_docx(SAMPLES / "2024年秋季学期国家助学金拟资助学生名单公示（修订稿）.docx")
    clean_notice_docx(SAMPLES / "关于做好2024年秋季学期学生资助政策宣传工作的通知.docx")
    scholarship_xlsx(archive / "2023-2024学年三好学生获奖名单.xlsx")
    penalty_pdf(archive / "行政处罚决定书（已遮盖）.pdf")
    school_page_html(archive / "我校学生在市级比赛中获奖.html")
    attachments_zip(archive / "研学活动附件.zip")


if __name__ == "__main__":
    main()
