"""`screening sweep`: incremental, resumable sweeps of published folders and sites, with
clearance dates by owner, finding status across runs, aggregation risk and cron exit codes.

The archive is generated here (invented people, IDs valid by construction), dated so that
`--as-of` puts each document before or after its clearance date.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_id
from site_server import serve_pages
from sqlalchemy import func, select

from screening.cli import main
from screening.workflow.ledger import Ledger, fragments, meta, scans, sweep_items
from screening.sweeps.sweep_state import SweepLocked, sweep_lock

STUDENT_ID = make_id("340104", "20100307", "651")
AID_NOTICE = (
    "江淮职业学院2024年秋季学期国家助学金拟资助学生名单公示\n发布日期：2024-09-02\n"
    "根据有关文件，经个人申请、班级评议、学院审核，现将拟资助学生名单公示如下。"
    "公示期为5个工作日（2024年9月2日至2024年9月6日），如有异议请向学生资助管理中心反映。\n"
    "序号  姓名  班级  资助档次\n1  王晓明  会计2301班  一档\n2  李思琪  护理2302班  二档\n3  欧阳文博  机电2301班  二档\n"
    "学生资助管理中心\n2024年9月2日\n"
)
SPORTS_NEWS = "我校举行第十二届秋季田径运动会\n发布时间：2024-10-12\n10月11日，我校第十二届秋季田径运动会在东校区体育场开幕。全校师生参加了开幕式。\n"
ADMISSION = (
    "江淮职业学院2023年高职分类考试招生拟录取名单公示\n发布日期：2023年7月20日\n经学校招生工作领导小组审定，现将拟录取名单公示如下：\n"
    "考生姓名  录取专业\n张一鸣  会计\n刘雨桐  护理\n招生办公室\n"
)
PENALTY = (
    "城南区教育局行政处罚决定书\n城教罚〔2020〕3号\n发布日期：2020-05-11\n当事人：城南区启明星培训学校有限公司\n"
    "统一社会信用代码：91340100MA2N0G2X5B\n经查，当事人未经审批擅自举办学科类培训，违反了相关规定，决定给予警告并处罚款的行政处罚。\n"
    "城南区教育局\n2020年5月11日\n"
)
HOME_VISIT = f"我校开展暑期家访活动\n发布时间：2024-08-20\n班主任走访了学生家庭，学生张小北（身份证号{STUDENT_ID}）的家长表示感谢。\n"
OWNERS = "owners:\n  - match: \"zzgz/**\"\n    owner: 学生资助管理中心\ndefault: 党政办公室\n"


def write_archive(root: Path) -> Path:
    for relative, text in {
        "zzgz/2024秋季国家助学金公示.txt": AID_NOTICE,
        "news/秋季运动会.txt": SPORTS_NEWS,
        "zsxx/2023年录取名单公示.txt": ADMISSION,
        "cf/行政处罚决定书.txt": PENALTY,
        "news/家访活动.txt": HOME_VISIT,
    }.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "site")


@pytest.fixture
def owners(tmp_path: Path) -> Path:
    path = tmp_path / "owners.yaml"
    path.write_text(OWNERS, encoding="utf-8")
    return path


def sweep_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["sweep", *args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def documents_by_name(report: dict) -> dict[str, dict]:
    return {Path(document["path"]).name: document for document in report["documents"]}


def test_first_sweep_gives_each_document_its_clearance_and_owner(archive, owners, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    code, report = sweep_json(str(archive), "--ledger", ledger, "--owners", str(owners), "--as-of", "2024-10-20")
    assert code == 1  # new and urgent: an ID on a published page, and clearances fallen due
    assert report["sweep"]["counts"] == {"seen": 5, "screened": 5, "unchanged": 0, "removed": 0, "errors": 0, "skipped": 0, "unseen": 0}
    documents = documents_by_name(report)
    assert "秋季运动会.txt" not in documents  # clean, and no retention rule: nothing to do
    aid = documents["2024秋季国家助学金公示.txt"]
    assert aid["category"] == "student_aid"
    assert aid["metadata"]["notice_end"] == "2024-09-06"
    assert aid["clearance"] == {**aid["clearance"], "due": "2024-09-06", "rule": "RET-AID-NOTICE", "owner": "学生资助管理中心"}
    assert documents["2023年录取名单公示.txt"]["clearance"]["due"] == "2023-12-31"
    assert documents["行政处罚决定书.txt"]["clearance"]["due"] == "2023-05-11"  # 3 years after 2020-05-11
    visit = documents["家访活动.txt"]
    assert visit["clearance"]["rule"] == "RET-PERSONAL-DATA" and visit["clearance"]["owner"] == "党政办公室"
    assert [(f["rule"], f["status"]) for f in visit["findings"] if f["action"] == "block"] == [("PII-ID", "new")]
    assert STUDENT_ID not in json.dumps(report, ensure_ascii=False)  # masked everywhere
    # The worklist groups by owner and puts the most overdue first.
    worklist = {group["owner"]: [Path(d["path"]).name for d in group["documents"]] for group in report["worklist"]}
    assert worklist == {
        "党政办公室": ["行政处罚决定书.txt", "2023年录取名单公示.txt", "家访活动.txt"],
        "学生资助管理中心": ["2024秋季国家助学金公示.txt"],
    }
    assert len(report["sweep"]["urgent"]) == 4


def test_unchanged_archive_is_not_read_again_and_nothing_is_new(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    code, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    assert code == 0 and report["sweep"]["urgent"] == []
    assert report["sweep"]["counts"]["screened"] == 0 and report["sweep"]["counts"]["unchanged"] == 5
    visit = documents_by_name(report)["家访活动.txt"]
    assert {f["status"] for f in visit["findings"]} == {"open"}  # still there, no longer new
    assert visit["clearance"]["rule"] == "RET-PERSONAL-DATA"  # and still on the worklist


def test_edits_removals_and_additions_change_finding_status(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    visit = archive / "news/家访活动.txt"
    visit.write_text(HOME_VISIT.replace(STUDENT_ID, "340104********6517"), encoding="utf-8")  # the office masked it
    (archive / "cf/行政处罚决定书.txt").unlink()
    (archive / "news/新闻.txt").write_text(f"学生联系电话：13800138000，身份证号{make_id('340104', '20090101', '123')}\n", encoding="utf-8")
    touched = archive / "news/秋季运动会.txt"
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 10**9))  # same bytes, new mtime: not read again
    code, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    assert report["sweep"]["counts"] == {"seen": 5, "screened": 2, "unchanged": 3, "removed": 1, "errors": 0, "skipped": 0, "unseen": 0}
    documents = documents_by_name(report)
    assert {(f["rule"], f["status"]) for f in documents["家访活动.txt"]["findings"]} >= {("PII-ID", "resolved")}
    assert documents["家访活动.txt"]["status"] == "changed"
    removed = documents["行政处罚决定书.txt"]
    assert removed["status"] == "removed" and removed["clearance"] is None
    assert {f["status"] for f in documents["新闻.txt"]["findings"]} == {"new"}
    assert code == 1 and len(report["sweep"]["urgent"]) == 1 and "新闻.txt" in report["sweep"]["urgent"][0]


def test_as_of_decides_when_a_notice_falls_due_and_it_is_reported_once(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    (archive / "news/家访活动.txt").unlink()
    (archive / "cf/行政处罚决定书.txt").unlink()
    (archive / "zsxx/2023年录取名单公示.txt").unlink()
    code, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-09-03")
    aid = documents_by_name(report)["2024秋季国家助学金公示.txt"]
    assert code == 0 and aid["clearance"]["due"] == "2024-09-06"  # during the 公示: nothing to do yet
    assert report["worklist"][0]["documents"][0]["overdue"] is False
    code, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-09-09")
    assert code == 1 and report["sweep"]["urgent"] == [f"{archive.resolve()}/zzgz/2024秋季国家助学金公示.txt: 已到撤下期限 2024-09-06（RET-AID-NOTICE）"]
    code, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-09-10")
    assert code == 0 and report["worklist"][0]["documents"][0]["overdue"] is True  # still listed, no longer new


def test_signed_off_block_finding_is_not_a_clearance(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    visit = archive / "news/家访活动.txt"
    runner = CliRunner()
    listing = runner.invoke(main, ["review", str(visit), "--ledger", ledger, "--format", "json"])
    fingerprints = [f["fingerprint"] for f in json.loads(listing.stdout)["findings"] if f["action"] == "block"]
    signed = runner.invoke(main, ["review", str(visit), "--ledger", ledger, "--approve", ",".join(fingerprints),
                                  "--basis", "consent", "--by", "李老师", "--note", "监护人书面同意公开"])
    assert "recorded 1 sign-off" in signed.output  # the ID; the pupil's name (review) is still open, which is no clearance
    _, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    assert documents_by_name(report)["家访活动.txt"]["clearance"] is None


def test_policy_change_screens_everything_again(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    _, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20", "--policy", "strict")
    assert report["sweep"]["counts"]["screened"] == 5


def test_a_second_sweep_on_the_same_ledger_is_refused(archive, tmp_path):
    ledger_path = str(tmp_path / "ledger.sqlite3")
    with Ledger.open(ledger_path) as ledger, sweep_lock(ledger):
        with pytest.raises(SweepLocked), sweep_lock(ledger):
            pass
        result = CliRunner().invoke(main, ["sweep", str(archive), "--ledger", ledger_path])
    assert result.exit_code == 2 and "another sweep is running" in result.output
    assert CliRunner().invoke(main, ["sweep", str(archive), "--ledger", ledger_path]).exit_code == 1  # released


def test_unreadable_items_are_errors_retried_next_run(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    broken = archive / "news/损坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    _, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    assert report["sweep"]["counts"]["errors"] == 1 and documents_by_name(report)["损坏.docx"]["verdict"] == "error"
    _, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2024-10-20")
    assert report["sweep"]["counts"]["screened"] == 1  # only the unreadable one, again


def test_report_dir_holds_dated_json_and_html_without_values(archive, tmp_path):
    reports = tmp_path / "reports"
    result = CliRunner().invoke(main, ["sweep", str(archive), "--ledger", str(tmp_path / "l.sqlite3"), "--as-of", "2024-10-20",
                                       "--report-dir", str(reports)])
    assert result.exit_code == 1
    written = sorted(path.name for path in reports.iterdir())
    assert [name.rsplit(".", 1)[1] for name in written] == ["html", "json"] and written[0].startswith("sweep-")
    html = next(reports.glob("*.html")).read_text(encoding="utf-8")
    assert "RET-PERSONAL-DATA" in html and f"{STUDENT_ID[:3]}{'*' * 13}{STUDENT_ID[-2:]}" in html  # the masked preview
    assert "2024-09-06" in html and "学生资助管理中心" in html  # the 公示 end, under its owner
    for path in reports.iterdir():
        assert STUDENT_ID not in path.read_text(encoding="utf-8")
    assert STUDENT_ID not in result.output


def test_aggregation_across_documents_is_reported_with_masked_keys(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    student = make_id("340104", "20100307", "651")
    (root / "a.csv").write_text(f"姓名,身份证号\n王小明,{student[:6]}********{student[-4:]}\n", encoding="utf-8")
    (root / "b.csv").write_text(f"姓名,身份证号\n王小明,{student[:10]}********\n", encoding="utf-8")
    _, report = sweep_json(str(root), "--ledger", str(tmp_path / "l.sqlite3"), "--as-of", "2024-10-20")
    [risk] = report["aggregation"]
    assert sorted(Path(d).name for d in risk["documents"]) == ["a.csv", "b.csv"]
    assert risk["exposed"] == "身份证号 18 位中 14 位；出生年份"  # 6+8*+4 and 10+8*: the region, birth year and last four
    assert "王小明" not in json.dumps(report, ensure_ascii=False) and risk["person_key"].startswith("王")
    # The key is outside the ledger, readable by its owner only; the ledger holds its id.
    key_file = tmp_path / "l.sqlite3.fragment-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    with Ledger.open(tmp_path / "l.sqlite3") as ledger, ledger.engine.connect() as connection:
        stored = dict(connection.execute(select(meta.c.key, meta.c.value)).all())
    assert key_file.read_text().strip() not in json.dumps(stored) and "fragment_key_id" in stored


def test_a_new_fragment_key_drops_the_old_index(tmp_path, monkeypatch):
    root = _aggregation_site(tmp_path / "site")
    ledger = str(tmp_path / "l.sqlite3")
    sweep_json(str(root), "--ledger", ledger)
    monkeypatch.setenv("SCREENING_FRAGMENT_KEY", "ab" * 32)
    _, report = sweep_json(str(root), "--ledger", ledger)
    assert report["aggregation"] == [] and report["sweep"]["notes"]  # tokens of two keys never compare
    _, report = sweep_json(str(root), "--ledger", ledger, "--rescan")
    assert len(report["aggregation"]) == 1


def test_killed_sweep_resumes_without_losing_or_repeating_work(tmp_path):
    root = tmp_path / "site"
    files = 120  # enough that the kill lands mid-run: each takes a few ms to screen
    for index in range(files):
        folder = root / f"col{index % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:03d}.txt").write_text(f"通知{index}\n发布日期：2024-03-{index % 28 + 1:02d}\n联系电话：0551-6{index:07d}\n" * 30, encoding="utf-8")
    ledger_path = tmp_path / "l.sqlite3"
    command = [sys.executable, "-m", "screening", "sweep", str(root), "--ledger", str(ledger_path), "--as-of", "2024-10-20"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorded = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if ledger_path.exists():
            with Ledger.open(ledger_path) as ledger, ledger.engine.connect() as connection:
                recorded = connection.execute(select(func.count()).select_from(sweep_items)).scalar()
            if recorded >= 5:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the sweep finished before it could be killed: make the archive larger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with Ledger.open(ledger_path) as ledger, ledger.engine.connect() as connection:
        recorded = connection.execute(select(func.count()).select_from(sweep_items)).scalar()
    assert 5 <= recorded < files
    _, report = sweep_json(str(root), "--ledger", str(ledger_path), "--as-of", "2024-10-20")
    assert report["sweep"]["interrupted_runs_resumed"] == 1
    assert report["sweep"]["counts"]["screened"] == files - recorded
    assert report["sweep"]["counts"]["unchanged"] == recorded


# --- a site, served from 127.0.0.1 ------------------------------------------------------------

SITE: dict = {}  # the fixture site's pages (tests/site_server.py); tests edit it between sweeps


@pytest.fixture
def site():
    SITE.clear()
    SITE.update({
        "/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain", None),
        "/": ("<html><head><title>首页</title></head><body><a href='/zzgz/gs.html'>资助公示</a>"
              "<a href='/news/1.html'>新闻</a><a href='/broken.html'>旧链接</a></body></html>".encode(), "text/html; charset=utf-8", None),
        "/zzgz/gs.html": (("<html><head><title>2024年国家助学金拟资助学生名单公示</title></head><body>"
                          "<h1>2024年国家助学金拟资助学生名单公示</h1><p>发布日期：2024-09-02</p>"
                          "<p>公示期为2024年9月2日至2024年9月6日。</p><a href='/files/mingdan.csv'>附件：名单</a></body></html>").encode(),
                         "text/html; charset=utf-8", None),
        "/news/1.html": (SPORTS_NEWS.replace("\n", "<br>").encode(), "text/html; charset=utf-8", None),
        "/files/mingdan.csv": (f"姓名,身份证号\n王晓明,{STUDENT_ID}\n".encode(), "text/csv", '"v1"'),
    })
    server, url = serve_pages(SITE)
    yield url
    server.shutdown()


def test_site_sweep_fetches_pages_and_attachments_then_only_what_changed(site, tmp_path):
    ledger = str(tmp_path / "l.sqlite3")
    code, report = sweep_json(site, "--ledger", ledger, "--as-of", "2024-10-20", "--rate", "50")
    documents = {document["path"].replace(site, "/"): document for document in report["documents"]}
    attachment = documents["/files/mingdan.csv"]
    assert attachment["source_page"].endswith("/zzgz/gs.html")
    assert [(f["rule"], f["status"]) for f in attachment["findings"] if f["action"] == "block"] == [("PII-ID", "new")]
    assert documents["/zzgz/gs.html"]["clearance"]["due"] == "2024-09-06"
    assert "/broken.html" not in documents and report["sweep"]["counts"]["skipped"] == 1  # a dead link is no document
    assert code == 1
    del SITE["/news/1.html"]  # taken down since
    code, report = sweep_json(site, "--ledger", ledger, "--as-of", "2024-10-20", "--rate", "50")
    counts = report["sweep"]["counts"]
    assert counts["screened"] == 0 and counts["removed"] == 1 and code == 0


def test_an_incomplete_crawl_removes_nothing_it_did_not_see(site, tmp_path):
    ledger = str(tmp_path / "l.sqlite3")
    sweep_json(site, "--ledger", ledger, "--as-of", "2024-10-20", "--rate", "50")
    gs, SITE["/zzgz/gs.html"] = SITE["/zzgz/gs.html"], None  # now a 500: its attachment is not reached
    _, report = sweep_json(site, "--ledger", ledger, "--as-of", "2024-10-20", "--rate", "50")
    counts = report["sweep"]["counts"]
    assert counts["removed"] == 0 and counts["errors"] == 1
    attachment = next(d for d in report["documents"] if d["path"].endswith("/files/mingdan.csv"))
    assert attachment["status"] == "unseen" and {f["status"] for f in attachment["findings"]} == {"open"}
    assert attachment["clearance"]["rule"] == "RET-PERSONAL-DATA"  # still on the worklist
    assert counts["unseen"] == 1
    SITE["/zzgz/gs.html"] = gs


def test_commands_that_do_not_screen_do_not_load_the_engine():
    # A nightly re-sweep of an unchanged archive must not pay for Presidio, spaCy and the name model.
    probe = "import sys, screening, screening.cli.root; print(sorted(m for m in ('presidio_analyzer', 'spacy', 'onnxruntime') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
    assert subprocess.run([sys.executable, "-c", "import screening; print(screening.scan_text('身份证号：' + " + repr(STUDENT_ID) + ").verdict)"],
                          capture_output=True, text=True, check=True).stdout.strip() == "block"


def test_workers_screen_changed_files_in_parallel_with_the_same_result(archive, tmp_path, monkeypatch):
    monkeypatch.setattr("screening.engine.parallel.PARALLEL_MIN_BYTES", 0)  # small files: start the workers anyway
    _, serial = sweep_json(str(archive), "--ledger", str(tmp_path / "a.sqlite3"), "--as-of", "2024-10-20")
    _, parallel = sweep_json(str(archive), "--ledger", str(tmp_path / "b.sqlite3"), "--as-of", "2024-10-20", "--workers", "2")
    def summary(report):
        return [(d["path"], d["verdict"], (d["clearance"] or {}).get("rule"), sorted(f["fingerprint"] for f in d["findings"]))
                for d in report["documents"]]
    assert parallel["sweep"]["counts"] == serial["sweep"]["counts"] and summary(parallel) == summary(serial)


def test_an_unusable_fragment_key_is_a_usage_error(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENING_FRAGMENT_KEY", "not-hex")
    result = CliRunner().invoke(main, ["sweep", str(archive), "--ledger", str(tmp_path / "l.sqlite3")])
    assert result.exit_code == 2 and "SCREENING_FRAGMENT_KEY must be hex" in result.output


@pytest.mark.parametrize("problem", ["owners", "source", "as-of"])
def test_usage_errors_exit_2_and_record_nothing(problem, archive, tmp_path):
    bad_owners = tmp_path / "owners.yaml"
    bad_owners.write_text("owners:\n  - match: \"zsxx/**\"\n", encoding="utf-8")  # no owner
    args = {"owners": [str(archive), "--owners", str(bad_owners)], "source": [str(tmp_path / "missing")],
            "as-of": [str(archive), "--as-of", "2024-13-01"]}[problem]
    ledger = tmp_path / "l.sqlite3"
    result = CliRunner().invoke(main, ["sweep", *args, "--ledger", str(ledger)])
    assert result.exit_code == 2, result.output
    assert not ledger.exists()


def test_a_birth_date_in_one_document_completes_a_masked_id_in_another(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    student = make_id("340104", "20100307", "651")
    (root / "获奖名单.csv").write_text("姓名,出生日期,班级\n王小明,2010年3月7日,初三(2)班\n", encoding="utf-8")
    (root / "资助公示.csv").write_text(f"姓名,身份证号\n王小明,{student[:6]}********{student[-4:]}\n", encoding="utf-8")
    _, report = sweep_json(str(root), "--ledger", str(tmp_path / "l.sqlite3"), "--as-of", "2024-10-20")
    [risk] = report["aggregation"]
    assert risk["exposed"] == "身份证号 18 位中 18 位（完整号码）；出生日期"
    assert sorted(Path(d).name for d in risk["documents"]) == ["获奖名单.csv", "资助公示.csv"]
    assert report["pattern_outliers"] == []  # a birth date is not a mask


def test_sweep_state_on_sqlite_and_postgresql(archive, ledger_location):
    code, first = sweep_json(str(archive), "--ledger", ledger_location, "--as-of", "2024-10-20")
    assert code == 1 and first["sweep"]["counts"]["screened"] == 5
    (archive / "news/秋季运动会.txt").unlink()
    code, again = sweep_json(str(archive), "--ledger", ledger_location, "--as-of", "2024-10-20")
    assert code == 0 and again["sweep"]["counts"] == {**again["sweep"]["counts"], "screened": 0, "unchanged": 4, "removed": 1}
    assert {group["owner"] for group in again["worklist"]} == {group["owner"] for group in first["worklist"]}
    with Ledger.open(ledger_location) as ledger, sweep_lock(ledger):  # an advisory lock on PostgreSQL
        assert CliRunner().invoke(main, ["sweep", str(archive), "--ledger", ledger_location]).exit_code == 2


def test_a_what_if_run_in_the_future_does_not_use_up_the_alert(archive, tmp_path):
    ledger = str(tmp_path / "ledger.sqlite3")
    for name in ("news/家访活动.txt", "cf/行政处罚决定书.txt", "zsxx/2023年录取名单公示.txt"):
        (archive / name).unlink()
    code, report = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2099-12-01")  # what if…
    assert code == 1 and report["sweep"]["notes"]
    code, _ = sweep_json(str(archive), "--ledger", ledger, "--as-of", "2099-12-01")
    assert code == 1  # still the first real alert to come: nothing was recorded as sent


def test_a_folder_changing_during_the_sweep_gives_an_error_item_and_the_next_run_settles_it(archive, tmp_path, monkeypatch):
    from datetime import date

    from policies import load_policy
    from screening.sweeps import runner as sweep_module

    vanishing = archive / "news/秋季运动会.txt"
    screened = sweep_module._screened

    def delete_then_screen(paths, *args):  # the file goes away between the walk and its reading
        vanishing.unlink()
        yield from screened(paths, *args)

    monkeypatch.setattr(sweep_module, "_screened", delete_then_screen)
    options = sweep_module.SweepOptions(policy=load_policy("default"), as_of=date(2024, 10, 20))
    with Ledger.open(tmp_path / "l.sqlite3") as ledger:
        report = sweep_module.sweep([str(archive)], ledger, options)
        assert report.counts["errors"] == 1 and report.counts["screened"] == 5
        [error] = [d for d in report.documents if d.error]
        assert error.key == "news/秋季运动会.txt" and "cannot read" in error.error
        monkeypatch.setattr(sweep_module, "_screened", screened)
        again = sweep_module.sweep([str(archive)], ledger, options)
    assert again.counts["removed"] == 1 and again.counts["errors"] == 0


def _aggregation_site(root: Path) -> Path:
    root.mkdir()
    student = make_id("340104", "20100307", "651")
    (root / "a.csv").write_text(f"姓名,身份证号\n王小明,{student[:6]}********{student[-4:]}\n", encoding="utf-8")
    (root / "b.csv").write_text(f"姓名,身份证号\n王小明,{student[:10]}********\n", encoding="utf-8")
    return root


def test_a_ledger_through_a_symlink_shares_the_lock_and_key_of_its_real_path(tmp_path):
    site = _aggregation_site(tmp_path / "site")
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "l.sqlite3"
    link = tmp_path / "link.sqlite3"
    sweep_json(str(site), "--ledger", str(real))
    link.symlink_to(real)
    _, report = sweep_json(str(site), "--ledger", str(link), "--rescan")
    assert report["sweep"]["notes"] == [] and len(report["aggregation"]) == 1  # the same key: the index kept
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.sqlite3", "real", "site"]  # no lock or key beside the link
    with Ledger.open(real) as ledger, sweep_lock(ledger):
        result = CliRunner().invoke(main, ["sweep", str(site), "--ledger", str(link)])
    assert result.exit_code == 2 and "another sweep is running" in result.output


def test_a_missing_fragment_key_is_refused_not_replaced(tmp_path):
    site = _aggregation_site(tmp_path / "site")
    ledger = tmp_path / "l.sqlite3"
    sweep_json(str(site), "--ledger", str(ledger))
    key_file = tmp_path / "l.sqlite3.fragment-key"
    key_file.unlink()
    result = CliRunner().invoke(main, ["sweep", str(site), "--ledger", str(ledger), "--rescan"])
    assert result.exit_code == 2 and "fragment key" in result.output and str(key_file) in result.output
    assert not key_file.exists()  # not made anew: the old index stays comparable once the key is restored
    with Ledger.open(ledger) as opened, opened.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(fragments)).scalar() > 0


# A writer that records a batch of 8 items and, when told to, kills itself (SIGKILL) once the row of
# the batch's last item is written (and with it, in one transaction, every other), before the commit.
_BATCH_WRITER = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from screening.model import ScanResult
from screening.sweeps.sweep_state import ItemRecord, Observed, SweepState
from screening.workflow.ledger import Ledger

location, source, die = sys.argv[1], sys.argv[2], sys.argv[3] == "die"

@event.listens_for(Engine, "after_cursor_execute")
def _die_mid_batch(connection, cursor, statement, parameters, context, executemany):
    if die and statement.lstrip().upper().startswith("INSERT INTO SWEEP_ITEMS") and "007.txt" in str(parameters):
        os.kill(os.getpid(), signal.SIGKILL)

records = [ItemRecord(source, f"{n:03d}.txt", ScanResult(path=f"{n:03d}.txt", verdict="pass", sha256=f"{n:064x}",
                                                         policy_name="default", policy_version="test"),
                      Observed(size=n, mtime_ns=n), None) for n in range(8)]
with Ledger.open(location) as ledger:
    SweepState(ledger).record_many(records)
"""


def _items_and_scans(location: str, source: str) -> tuple[int, int]:
    with Ledger.open(location) as ledger, ledger.engine.connect() as connection:
        items = connection.execute(select(func.count()).select_from(sweep_items).where(sweep_items.c.source == source)).scalar()
        recorded = connection.execute(select(func.count()).select_from(scans).where(scans.c.path.like("%.txt"))).scalar()
    return items, recorded


@pytest.mark.parametrize("die", [True, False], ids=["killed-mid-batch", "not-killed"])
def test_a_batch_killed_mid_transaction_leaves_nothing_half_recorded(ledger_location, die):
    Ledger.open(ledger_location).close()  # created and migrated before the writer starts
    source = f"/archive-{make_id()[-6:]}"
    writer = subprocess.run([sys.executable, "-c", _BATCH_WRITER, ledger_location, source, "die" if die else "live"],
                            capture_output=True, timeout=120)
    if die:
        assert writer.returncode == -signal.SIGKILL  # it died inside the transaction, the batch's rows already sent
        assert _items_and_scans(ledger_location, source) == (0, 0)  # none of the batch is recorded
        writer = subprocess.run([sys.executable, "-c", _BATCH_WRITER, ledger_location, source, "live"], capture_output=True, timeout=120)
    assert writer.returncode == 0, writer.stderr.decode(errors="replace")[-2000:]
    assert _items_and_scans(ledger_location, source) == (8, 8)  # the batch run again: each item once


def notices(folder: Path, count: int, start: int = 0) -> Path:
    """Generated notices, each naming a pupil with a resident ID (a block finding in every one)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + count):
        (folder / f"{index:03d}.txt").write_text(
            f"关于第{index}批学生资助工作的通知\n发布日期：2024-03-{index % 28 + 1:02d}\n各学校：请按要求报送材料。\n"
            f"学生身份证号：{make_id(sequence=f'{100 + index:03d}')}\n", encoding="utf-8")
    return folder


def test_a_sweep_records_its_items_in_batches_not_one_commit_each(tmp_path):
    from datetime import date

    from sqlalchemy import event

    from policies import load_policy
    from screening.sweeps.runner import SweepOptions, sweep

    folder = notices(tmp_path / "archive", 70)
    with Ledger.open(tmp_path / "l.sqlite3") as ledger:
        commits: list[object] = []
        event.listen(ledger.engine, "commit", commits.append)
        report = sweep([str(folder)], ledger, SweepOptions(policy=load_policy("default"), as_of=date(2024, 10, 20)))
        assert report.counts["screened"] == 70 and len(report.urgent) == 70
        assert ledger.count(sweep_items) == 70 and ledger.count(scans) == 70
    # 70 items in batches of 32 (or 2 s): 3 to 70 batch commits, plus the run's own (lock, key, run, tasks)
    assert len(commits) < 70


def test_scan_with_a_ledger_records_every_scan_in_batches(tmp_path):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    folder = notices(tmp_path / "drafts", 40)
    ledger_path = tmp_path / "l.sqlite3"
    Ledger.open(ledger_path).close()
    commits: list[object] = []

    def count(connection) -> None:
        commits.append(connection)

    event.listen(Engine, "commit", count)  # every engine: the command opens its own
    try:
        result = CliRunner().invoke(main, ["scan", str(folder), "--ledger", str(ledger_path), "--format", "json"])
    finally:
        event.remove(Engine, "commit", count)
    assert result.exit_code == 1
    with Ledger.open(ledger_path) as ledger:
        assert [record.verdict for record in ledger.scan_records()] == ["block"] * 40
    assert len(commits) < 40  # 40 scans in batches of 32 (or 2 s), not a commit each


def test_a_write_batch_is_written_after_its_size_or_its_seconds():
    from screening.workflow.batches import WriteBatch

    written: list[list[int]] = []
    by_size = WriteBatch(written.append, size=3, seconds=3600)
    for number in range(7):
        by_size.add(number)
    assert written == [[0, 1, 2], [3, 4, 5]] and len(by_size) == 1
    by_size.flush()
    by_size.flush()  # nothing left: nothing written
    assert written[-1] == [6] and len(written) == 3
    written.clear()
    by_time = WriteBatch(written.append, size=1000, seconds=0.05)
    by_time.add(1)
    time.sleep(0.06)
    by_time.add(2)  # the first item waited long enough: both are written now
    assert written == [[1, 2]]
