"""审核台 end to end in a real headless browser: Playwright for Python driving Debian's Chromium
(`tools/system-packages.sh` installs it; Playwright's own browser download is not used).
Skips when Playwright or Chromium is missing. SCREENING_CHROMIUM names another Chromium binary."""

import io
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from conftest import make_id
from live_server import LiveServer
from test_desk_charts import generated_ledger

from screening.cli import main
from screening.service.app import create_app
from screening.workflow.accounts import add_account
from screening.workflow.ledger import Ledger

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install -e '.[dev]')")
CHROMIUM = os.environ.get("SCREENING_CHROMIUM") or shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (tools/system-packages.sh)")

IDS = [make_id(sequence=f"{n:03d}") for n in (711, 722)]
ROSTER = "2024年国家助学金拟资助学生名单公示\n" + "".join(f"学生{name} 身份证号：{i}\n" for name, i in zip("甲乙", IDS))
PASSWORD = "correct-horse-9"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """(server, ledger) with an author, a reviewer and an approver of 学生资助中心 and a reviewer of 招生办."""
    with Ledger.open(tmp_path_factory.mktemp("desk") / "ledger.sqlite3") as ledger:
        for name, role, office in (("李拟稿", "author", "学生资助中心"), ("王科员", "reviewer", "学生资助中心"),
                                   ("孙审批", "approver", "学生资助中心"), ("赵科员", "reviewer", "招生办")):
            add_account(ledger, name, role, office, PASSWORD)
        app = create_app("default", token="machine-token", ledger=ledger, warm_up=False, concurrency=1)
        with LiveServer(app) as server:
            yield server, ledger


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Visits:
    """Every page the scenario saw, to check afterwards that no raw value was on any of them; the main
    pages also as screenshots at 1366×768 (full page), kept as test artefacts in $SCREENING_SCREENSHOTS
    (point it at a CI job's artefact folder) or in the test's temporary folder."""

    def __init__(self, folder) -> None:
        self.html: list[str] = []
        self.folder = folder
        self.shots: list = []

    def keep(self, page, screenshot: str | None = None) -> None:
        self.html.append(page.content())
        if screenshot:
            self.shots.append(self.folder / f"{screenshot}.png")
            small_png(page.screenshot(full_page=True), self.shots[-1])


def small_png(png: bytes, path: Path) -> None:
    """The screenshot with a 64-colour palette: a tenth of the size, still sharp (flat colours, text);
    small enough for docs/images, which these screenshots are (SCREENING_SCREENSHOTS=docs/images)."""
    with Image.open(io.BytesIO(png)) as shot:
        shot.convert("RGB").quantize(64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def sign_in(browser, url: str, name: str, visits: Visits):
    context = browser.new_context(base_url=url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto("/desk/")  # not signed in: sent to the sign-in page
    assert page.url.endswith("/desk/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_url("**/desk/")
    visits.keep(page)
    return page


def sign_every_finding(page, note: str, visits: Visits) -> None:
    """Fill and send every sign-off form the page offers, one after the other."""
    while page.locator("form.signoff").count():
        form = page.locator("form.signoff").first
        form.locator("select[name=basis]").select_option("public-interest")
        form.locator("input[name=note]").fill(note)
        form.locator("button").click()
        page.wait_for_load_state()
        visits.keep(page)


def test_submit_review_approve_gate_in_a_browser(desk, browser, tmp_path):
    server, ledger = desk
    folder = Path(os.environ.get("SCREENING_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    visits = Visits(folder)
    draft = tmp_path / "名单.txt"
    draft.write_text(ROSTER, encoding="utf-8")

    author = sign_in(browser, server.url, "李拟稿", visits)
    visits.keep(author, "1-queue")
    author.set_input_files("input[type=file]", str(draft))
    author.click("button:has-text('提交审查')")
    author.wait_for_url("**/desk/documents/*")
    document_url = author.url
    assert author.locator(".hit.action-block").count() == len(IDS)
    assert author.locator("form.signoff").count() == 0  # an author submits; reviewers decide
    visits.keep(author)

    reviewer = sign_in(browser, server.url, "王科员", visits)
    reviewer.click("a:has-text('名单.txt')")
    reviewer.wait_for_url(document_url)
    visits.keep(reviewer, "2-document-before-review")
    forged = reviewer.context.request.post(document_url + "/signoff", form={"fingerprint": "0" * 16, "basis": "false-positive", "note": "x"},
                                           max_redirects=0)
    assert forged.status == 403  # the session cookie alone is not enough: no CSRF token
    sign_every_finding(reviewer, "资助公示，依条例第十五条公开", visits)
    assert "审查完成" not in reviewer.inner_text(".status")  # CHAIN-AID-BLOCK: 审核人, then 审批人
    assert reviewer.locator("text=待审批人").count() == len(IDS)
    visits.keep(reviewer, "3-document-awaiting-approver")
    assert CliRunner().invoke(main, ["gate", str(draft), "--ledger", ledger.location]).exit_code == 1

    approver = sign_in(browser, server.url, "孙审批", visits)
    approver.goto(document_url)
    sign_every_finding(approver, "分管领导同意公示", visits)
    assert "审查完成" in approver.inner_text(".status")
    assert approver.locator("text=第 2 级 审批人").count() == len(IDS)
    assert approver.locator("table.history").inner_text().count("孙审批") == len(IDS)
    visits.keep(approver, "4-document-approved-with-history")
    approver.goto("/desk/worklists")
    visits.keep(approver, "5-worklists")
    gate = CliRunner().invoke(main, ["gate", str(draft), "--ledger", ledger.location])
    assert gate.exit_code == 0, gate.output

    other = sign_in(browser, server.url, "赵科员", visits)
    assert "名单.txt" not in other.content()
    answer = other.goto(document_url)
    assert answer.status == 404 and "名单" not in other.content()
    visits.keep(other)
    token = other.locator("input[name=csrf]").first.get_attribute("value")
    acting = other.context.request.post(document_url + "/signoff", form={"fingerprint": "0" * 16, "basis": "false-positive", "note": "x", "csrf": token},
                                        max_redirects=0)
    assert acting.status == 404

    assert len(visits.html) >= 6
    assert [shot.name for shot in visits.shots] == sorted(shot.name for shot in visits.shots) and len(visits.shots) == 5
    assert all(shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000 for shot in visits.shots)
    for html in visits.html:
        assert not any(raw in html or raw[6:14] in html for raw in IDS)


def test_charts_in_a_browser(browser, tmp_path):
    """The charts page on generated data at 1366×768: the SVG charts are drawn (the CSP lets them
    through: no script, no inline style) and kept as a screenshot."""
    folder = Path(os.environ.get("SCREENING_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    visits = Visits(folder)
    with generated_ledger(tmp_path / "ledger.sqlite3") as (ledger, tally):
        app = create_app("default", token="machine-token", ledger=ledger, warm_up=False, concurrency=1)
        with LiveServer(app) as server:
            page = sign_in(browser, server.url, "王科员", visits)
            page.click("a:has-text('统计图表')")
            page.wait_for_url("**/desk/charts")
            assert page.locator("svg.chart").count() == 4
            months = page.locator("#months svg.chart rect")
            assert months.count() == sum(len(counts) for counts in tally["months"].values())
            assert all(months.nth(index).bounding_box()["height"] > 0 for index in range(months.count()))
            assert page.locator("svg.chart").first.bounding_box()["width"] <= 683  # two charts side by side on 1366 pixels
            visits.keep(page, "6-charts")
            page.emulate_media(media="print")  # the print stylesheet: no navigation or forms, the charts kept
            assert not any(page.locator(f"header {part}").is_visible() for part in ("nav", "form", "a.lang"))
            assert page.locator("svg.chart").count() == 4 and page.locator("#months svg.chart").is_visible()
            page.emulate_media(media="screen")
            page.click("header a.lang")  # the English switch: a plain link, remembered by the session
            page.wait_for_url("**/desk/charts?lang=en")
            assert page.locator("h1").inner_text() == "Charts" and page.locator("html").get_attribute("lang") == "en"
            page.click("a:has-text('Worklists')")
            assert page.locator("h1").inner_text() == "Worklists"
            page.goto("/desk/charts")
            visits.keep(page, "7-charts-english")
    assert [shot.read_bytes()[:8] for shot in visits.shots] == [b"\x89PNG\r\n\x1a\n"] * 2
