"""/desk/charts on a ledger of generated documents: every figure on the page (SVG and tables) is what
the ledger holds, counted here from the generated scans themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest
from conftest import make_id
from fastapi.testclient import TestClient
from test_desk import PASSWORD, signed_in_client
from sqlalchemy import insert, update

from screening.api import scan_bytes
from screening.service.app import create_app
from screening.workflow.accounts import add_account
from screening.workflow.ledger import Ledger, clearance_tasks, scans, signoffs, submissions
from screening.workflow.ledger_export import monthly_counts
from screening.workflow.review import sign_off
from screening.workflow.submissions import record_submission

AID, ADMISSION = "学生资助中心", "招生办"
MONTHS = ("2026-09", "2026-10", "2026-11")
CLOSED = {"closed_at": "2026-11-20T09:00:00+00:00", "closed_by": "王科员", "closing": "withdrawn"}


def roster(sequence: int) -> str:
    ids = [make_id(sequence=f"{sequence + n:03d}") for n in range(2)]
    return f"2026年国家助学金拟资助学生名单公示（第{sequence}批）\n" + "".join(f"学生{name} 身份证号：{i}\n" for name, i in zip("甲乙", ids))


def notice(n: int) -> str:
    return f"关于第{n}期校园开放日的通知\n开放时间为周六上午，欢迎家长参观。联系电话：0551-6288{n:04d}\n"


def draft(n: int) -> str:
    return f"2026年第{n}号招生工作实施方案（征求意见稿）\n请各单位于11月20日前反馈意见。\n"


def at(month: str, day: int, hour: int = 9) -> str:
    return datetime.fromisoformat(f"{month}-{day:02d}T{hour:02d}:00:00+00:00").isoformat()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    with generated_ledger(tmp_path_factory.mktemp("charts") / "ledger.sqlite3") as made:
        yield made


@contextmanager
def generated_ledger(location: Path) -> Iterator[tuple[Ledger, dict]]:
    """A ledger of documents over three months in two offices (and the accounts 王科员, 孙审批 of
    学生资助中心, 赵科员 of 招生办): what the page must show, tallied here."""
    tally = {"months": defaultdict(Counter), "rules": Counter(), "hours": defaultdict(list), "paths": defaultdict(list)}
    with Ledger.open(location) as ledger:
        for name, role, office in (("王科员", "reviewer", AID), ("孙审批", "approver", AID), ("赵科员", "reviewer", ADMISSION)):
            add_account(ledger, name, role, office, PASSWORD)
        sequence = 100
        for index, month in enumerate(MONTHS):
            for day in range(1, 3 + index):  # 2, 3, 4 documents a month per kind
                sequence += 3
                kinds = [(roster(sequence), AID, f"名单{sequence}.txt"), (notice(sequence), ADMISSION, f"通知{sequence}.txt")]
                if day == 1:  # and one draft for comments a month (a review verdict)
                    kinds.append((draft(sequence), ADMISSION, f"方案{sequence}.txt"))
                for text, office, path in kinds:
                    result = scan_bytes(text.encode(), path)
                    submission = record_submission(ledger, result, text, by="王科员" if office == AID else "赵科员", office=office)
                    with ledger.engine.begin() as connection:
                        connection.execute(update(submissions).where(submissions.c.id == submission).values(submitted_at=at(month, day)))
                        connection.execute(update(scans).where(scans.c.sha256 == result.sha256).values(scanned_at=at(month, day)))
                    tally["months"][month][result.verdict] += 1
                    tally["rules"].update(finding.rule for finding in result.findings)
                    tally["paths"][office].append(path)
                    if office == AID and day == 1:  # the first roster of each month goes through its whole chain
                        sign(ledger, result, month, day, waited=2 + index)
                        tally["hours"][AID].append(2 + index)
        today = date.today()
        with ledger.engine.begin() as connection:
            for number, (owner, days, status) in enumerate(((AID, -3, "open"), (AID, -1, "open"), (AID, 5, "open"), (AID, -9, "closed"),
                                                            (ADMISSION, 0, "open"), (None, -2, "open"))):
                connection.execute(insert(clearance_tasks).values(
                    source="https://jyj.example.gov.cn/", key=f"/gk/{number}.html", rule="RET-AID", path=f"/gk/{number}.html", owner=owner,
                    due=(today + timedelta(days=days)).isoformat(), urgent=0, reason="公示期已满", listed_at=at("2026-11", 1), last_run=1,
                    status=status, note="", **(CLOSED if status == "closed" else {})))
        tally["overdue"] = {AID: 2, ADMISSION: 1, "": 1}
        yield ledger, tally


def sign(ledger: Ledger, result, month: str, day: int, waited: int) -> None:
    """The reviewer, then the approver, `waited` hours after the submission."""
    sign_off(ledger, result, None, basis="consent", by="王科员", note="学生及监护人书面同意公示", role="reviewer", policy="default")
    sign_off(ledger, result, None, basis="consent", by="孙审批", note="同意", role="approver", policy="default")
    with ledger.engine.begin() as connection:
        connection.execute(update(signoffs).where(signoffs.c.sha256 == result.sha256, signoffs.c.level == 1).values(signed_at=at(month, day, 10)))
        connection.execute(update(signoffs).where(signoffs.c.sha256 == result.sha256, signoffs.c.level == 2).values(signed_at=at(month, day, 9 + waited)))


@pytest.fixture(scope="module")
def page(generated):
    ledger, _ = generated
    app = create_app("default", token="machine-token", ledger=ledger, warm_up=False, session_secret="test-secret")
    with TestClient(app):
        client = signed_in_client(app, "王科员")
        yield client, client.get("/desk/charts")


def section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def rows(html: str) -> list[list[str]]:
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html.split("<tbody>", 1)[1], re.S)]


def test_documents_per_month_by_verdict(page, generated):
    _, tally = generated
    _, answer = page
    assert answer.status_code == 200
    body = section(answer.text, "months")
    table = {cells[0]: [int(cell) for cell in cells[1:]] for cells in rows(body)}
    verdicts = ("pass", "review", "block", "error")
    assert table == {month: [tally["months"][month][v] for v in verdicts] + [sum(tally["months"][month].values())] for month in MONTHS}
    assert [row[-1] for row in table.values()] == [5, 7, 9]  # 2, 3, 4 rosters and notices, one draft a month
    assert [row[1] for row in table.values()] == [1, 1, 1]  # the drafts: review
    for month in MONTHS:  # each verdict's column part says its count; the total stands on top
        for verdict, count in tally["months"][month].items():
            assert f"<title>{month} " in body and re.search(rf"<title>{month} [^<:]+: {count}</title>", body)
        assert f">{sum(tally['months'][month].values())}</text>" in body
    exported = Counter()
    for (month, _c, verdict, _a, _b, measure), count in monthly_counts(generated[0]).items():
        if measure == "documents":
            exported[(month, verdict)] += count
    assert exported == Counter({(m, v): n for m, counts in tally["months"].items() for v, n in counts.items()})


def test_findings_by_rule(page, generated):
    _, tally = generated
    body = section(page[1].text, "rules")
    assert {cells[0]: int(cells[1]) for cells in rows(body)} == dict(tally["rules"])
    top_rule, top_count = tally["rules"].most_common(1)[0]
    assert f"<title>{top_rule}: {top_count}</title>" in body
    assert tally["rules"]["PII-ID"] == 2 * 9  # two IDs in each of the nine rosters


def test_time_to_approval_per_office(page, generated):
    _, tally = generated
    body = section(page[1].text, "approval")
    expected = sum(tally["hours"][AID]) / len(tally["hours"][AID])  # 2, 3, 4 hours
    assert rows(body) == [[AID, "3", f"{expected:g}"]]
    assert f"<title>{AID}: 3 小时</title>" in body


def test_overdue_clearances_per_office(page, generated):
    _, tally = generated
    body = section(page[1].text, "overdue")
    assert {cells[0]: int(cells[1]) for cells in rows(body)} == {AID: 2, ADMISSION: 1, "（未指定处室）": 1}
    assert f"<title>{AID}: 2</title>" in body


def test_annual_report_figures_are_the_exports(page, generated):
    ledger, tally = generated
    body = page[1].text.split('id="annual"', 1)[1]
    year = rows(body)[0]
    assert year[0] == "2026"
    counts = monthly_counts(ledger)
    documents = Counter()
    for (_m, _c, verdict, _a, _b, measure), count in counts.items():
        if measure == "documents":
            documents[verdict] += count
    assert documents == sum(tally["months"].values(), Counter())
    for verdict, count in documents.items():
        assert re.search(rf"{'禁止发布' if verdict == 'block' else '通过' if verdict == 'pass' else '需人工审核'} <b>{count}</b>", year[1])
    signed = sum(count for key, count in counts.items() if key[5] == "signoffs")
    assert signed == 2 * 3 * 2  # two IDs, two levels, three rosters
    assert f"权利人同意 <b>{signed}</b>" in year[3]


def test_counts_only_no_documents_no_values(page, generated):
    client, answer = page
    _, tally = generated
    for office_paths in tally["paths"].values():
        assert not any(path in answer.text for path in office_paths)
    assert not re.search(r"\d{17}[\dX]", answer.text)  # no resident ID, masked or not
    assert "<script" not in answer.text and "style=" not in answer.text  # the CSP allows neither
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert 'href="/desk/charts"' in client.get("/desk/").text


def test_a_period_narrows_every_figure_but_the_overdue_tasks(page, generated):
    ledger, tally = generated
    client, _ = page
    october = client.get("/desk/charts?since=2026-10&until=2026-10")
    assert october.status_code == 200 and "2026-10 至 2026-10" in october.text
    assert [cells[0] for cells in rows(section(october.text, "months"))] == ["2026-10"]
    # findings by rule: October's scans only (three rosters of two IDs each)
    assert {cells[0]: int(cells[1]) for cells in rows(section(october.text, "rules"))}["PII-ID"] == 2 * 3
    assert rows(section(october.text, "approval")) == [[AID, "1", "3"]]  # October's roster waited 3 hours
    assert {cells[0]: int(cells[1]) for cells in rows(section(october.text, "overdue"))}[AID] == 2  # as of today
    annual = rows(october.text.split('id="annual"', 1)[1])
    assert [row[0] for row in annual] == ["2026"]
    labels = {"pass": "通过", "review": "需人工审核", "block": "禁止发布"}
    for verdict, count in tally["months"]["2026-10"].items():  # October's documents, not the three months'
        assert f"{labels[verdict]} <b>{count}</b>" in annual[0][1]
    exported = Counter()
    for (_month, _c, verdict, _a, _b, measure), count in monthly_counts(ledger, "2026-10", until="2026-10").items():
        if measure == "documents":
            exported[verdict] += count
    assert exported == tally["months"]["2026-10"] and sum(exported.values()) == 7


def test_the_year_links_and_the_year_period(page, generated):
    client, _ = page
    whole = client.get("/desk/charts")
    assert 'href="/desk/charts?year=2026"' in whole.text and "统计期间：" in whole.text
    year = client.get("/desk/charts?year=2026")
    assert "2026-01 至 2026-12" in year.text
    assert [cells[0] for cells in rows(section(year.text, "months"))] == list(MONTHS)
    empty = client.get("/desk/charts?year=2025")
    assert empty.status_code == 200 and all("暂无数据" in section(empty.text, anchor) for anchor in ("months", "rules", "approval"))


@pytest.mark.parametrize("query", ["since=2026-13", "until=26-01", "year=twenty", "since=2026-11&until=2026-09"])
def test_a_malformed_period_is_refused_with_a_message(page, query):
    client, _ = page
    answer = client.get(f"/desk/charts?{query}")
    assert answer.status_code == 400 and "统计期间有误" in answer.text
