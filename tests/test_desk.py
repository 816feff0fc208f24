"""审核台 without a browser: accounts, sign-in, CSRF, office scoping, sign-off through the ledger (FastAPI's TestClient)."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from conftest import make_id
from fastapi.testclient import TestClient

from screening.api import scan_path
from screening.cli import main
from screening.service.app import create_app
from screening.workflow.accounts import MAX_FAILURES, AccountError, add_account, authenticate, find_account
from screening.workflow.gate import gate_result
from screening.workflow.ledger import Ledger, accounts

IDS = [make_id(sequence=f"{n:03d}") for n in (611, 622, 633)]
ROSTER = "2024年国家助学金拟资助学生名单公示\n" + "".join(f"学生{name} 身份证号：{i}\n" for name, i in zip("甲乙丙", IDS))
PASSWORD = "correct-horse-9"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    with Ledger.open(tmp_path_factory.mktemp("desk") / "ledger.sqlite3") as opened:
        add_account(opened, "李拟稿", "author", "学生资助中心", PASSWORD)
        add_account(opened, "王科员", "reviewer", "学生资助中心", PASSWORD)
        add_account(opened, "赵科员", "reviewer", "招生办", PASSWORD)
        add_account(opened, "孙审批", "approver", "学生资助中心", PASSWORD)
        add_account(opened, "陈保密", "secrecy", "学生资助中心", PASSWORD)
        yield opened


@pytest.fixture(scope="module")
def app(ledger):
    """The app, started once (its lifespan opens reader processes); the clients below share it."""
    started = create_app("default", token="machine-token", ledger=ledger, warm_up=False, session_secret="test-secret")
    with TestClient(started):
        yield started


def client_of(app) -> TestClient:
    return TestClient(app, follow_redirects=False)  # not entered: the app is started already


def signed_in_client(app, name: str) -> TestClient:
    client = client_of(app)
    page = client.get("/desk/login")
    answer = client.post("/desk/login", data={"name": name, "password": PASSWORD, "csrf": csrf_of(page.text)})
    assert answer.status_code == 303, answer.text
    return client


def mine_part(html: str) -> str:
    """The queue's 轮到我签署 table ('' when the page has none)."""
    if "轮到我签署" not in html:
        return ""
    part = html[html.index("轮到我签署"):]
    return part[: part.index("</table>")]


def signoff_fingerprints(html: str) -> list[str]:
    """The findings the page offers a sign-off form for."""
    return re.findall(r'class="signoff">\s*<input type="hidden" name="csrf" value="[^"]+">\s*<input type="hidden" name="fingerprint" value="([0-9a-f]+)"', html)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture(scope="module")
def submitted(app):
    """The author uploads the roster: (author's client, the document page's URL)."""
    author = signed_in_client(app, "李拟稿")
    queue = author.get("/desk/")
    answer = author.post("/desk/upload", data={"csrf": csrf_of(queue.text)}, files={"file": ("名单.txt", ROSTER.encode())})
    assert answer.status_code == 303
    return author, answer.headers["location"]


def test_pages_need_sign_in(app):
    anonymous = client_of(app)
    for path in ("/desk/", "/desk/documents/1"):
        assert anonymous.get(path).headers["location"] == "/desk/login"
    assert anonymous.post("/desk/upload", files={"file": ("a.txt", b"x")}).status_code == 303
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.post("/scan", json={"text": "x"}).status_code == 401  # the machine token still guards the API


def test_wrong_password_and_lock_out(ledger):
    add_account(ledger, "钱科员", "reviewer", "招生办", PASSWORD)
    now = datetime.now(timezone.utc)
    for _ in range(MAX_FAILURES):
        assert authenticate(ledger, "钱科员", "wrong-password", now) is None
    assert authenticate(ledger, "钱科员", PASSWORD, now) is None  # locked, even with the right password
    assert authenticate(ledger, "钱科员", PASSWORD, now + timedelta(minutes=16)).name == "钱科员"
    with ledger.engine.connect() as connection:
        stored = connection.execute(accounts.select().where(accounts.c.name == "钱科员")).first().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_account_rules(ledger):
    with pytest.raises(AccountError, match="already"):
        add_account(ledger, "王科员", "reviewer", "学生资助中心", PASSWORD)
    with pytest.raises(AccountError, match="role"):
        add_account(ledger, "新人", "boss", "学生资助中心", PASSWORD)
    with pytest.raises(AccountError, match="at least"):
        add_account(ledger, "新人", "author", "学生资助中心", "short")


def test_users_cli(tmp_path):
    location = str(tmp_path / "ledger.sqlite3")
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "孙审批", "--role", "approver", "--office", "办公室", "--ledger", location], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    listed = runner.invoke(main, ["users", "list", "--ledger", location])
    assert "孙审批\tapprover 审批人\t办公室" in listed.output and PASSWORD not in listed.output
    with Ledger.open(location) as opened:
        assert find_account(opened, "孙审批").office == "办公室"
    short = runner.invoke(main, ["users", "add", "周", "--role", "author", "--office", "办公室", "--ledger", location], input="abc\n")
    assert short.exit_code == 2 and "at least" in short.output


def test_login_failure_is_one_message(app):
    client = client_of(app)
    page = client.get("/desk/login")
    wrong = client.post("/desk/login", data={"name": "王科员", "password": "nope", "csrf": csrf_of(page.text)})
    unknown = client.post("/desk/login", data={"name": "无此人", "password": "nope", "csrf": csrf_of(page.text)})
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text


def test_forged_post_without_csrf_fails(app, submitted):
    _, url = submitted
    reviewer = signed_in_client(app, "王科员")
    document = reviewer.get(url)
    fingerprint = signoff_fingerprints(document.text)[0]
    forged = reviewer.post(url + "/signoff", data={"fingerprint": fingerprint, "basis": "public-interest", "note": "x"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    wrong = reviewer.post(url + "/signoff", data={"fingerprint": fingerprint, "basis": "public-interest", "note": "x", "csrf": "guess"})
    assert wrong.status_code == 403
    assert f'value="{fingerprint}"' in reviewer.get(url).text  # still unsigned


def sign_every_form(client: TestClient, url: str, basis: str = "public-interest", note: str = "资助公示，依条例§15公开") -> int:
    """Sign off every finding the page offers this account a form for; returns how many."""
    document = client.get(url)
    fingerprints = signoff_fingerprints(document.text)
    for fingerprint in fingerprints:
        answer = client.post(url + "/signoff", data={"fingerprint": fingerprint, "basis": basis, "note": note, "csrf": csrf_of(document.text)})
        assert answer.status_code == 303, answer.text
    return len(fingerprints)


def test_author_submits_reviewer_signs_approver_completes_gate_passes(app, ledger, submitted, tmp_path):
    author, url = submitted
    page = author.get(url)
    assert page.status_code == 200 and "名单.txt" in page.text
    assert 'class="signoff"' not in page.text  # an author submits; others decide
    for header, value in {"x-frame-options": "DENY", "cache-control": "no-store"}.items():
        assert page.headers[header] == value
    assert "script-src 'self'" in page.headers["content-security-policy"] and "<script" not in page.text
    draft = tmp_path / "名单.txt"
    draft.write_text(ROSTER, encoding="utf-8")
    approver = signed_in_client(app, "孙审批")
    assert 'class="signoff"' not in approver.get(url).text  # CHAIN-AID-BLOCK: the 审核人 signs first

    reviewer = signed_in_client(app, "王科员")
    queue = reviewer.get("/desk/")
    assert "名单.txt" in queue.text and "分钟" in queue.text
    assert url in mine_part(queue.text)  # the first level is the 审核人's: listed as waiting for them
    assert url not in mine_part(approver.get("/desk/").text)  # not yet the 审批人's turn
    document = reviewer.get(url)
    assert document.text.count('class="hit action-block"') == len(IDS) and "CHAIN-AID-BLOCK" in document.text
    assert sign_every_form(reviewer, url) == len(IDS)
    halfway = reviewer.get(url)
    assert "审查完成" not in halfway.text and 'class="signoff"' not in halfway.text  # one person, one level
    assert halfway.text.count("待审批人") == len(IDS)
    gate = CliRunner().invoke(main, ["gate", str(draft), "--ledger", ledger.location])
    assert gate.exit_code == 1 and gate.output.count("awaiting approver") == len(IDS)
    assert url in mine_part(approver.get("/desk/").text)  # now it is
    assert url not in mine_part(reviewer.get("/desk/").text) and url in reviewer.get("/desk/").text  # the 审核人's level is done

    assert sign_every_form(approver, url, note="分管领导同意公示") == len(IDS)
    done = reviewer.get(url)
    assert "审查完成" in done.text and done.text.count("已签发") >= len(IDS)
    assert done.text.count("第 2 级 审批人") == len(IDS)
    history = done.text[done.text.index("历史记录"):]
    assert "提交审查" in history and history.count("孙审批") == len(IDS) and history.count("王科员") == len(IDS)
    assert "名单.txt" not in reviewer.get("/desk/").text  # out of the queue
    gate = CliRunner().invoke(main, ["gate", str(draft), "--ledger", ledger.location])  # `screening gate` sees the desk's sign-offs
    assert gate.exit_code == 0, gate.output
    result = scan_path(draft)
    assert gate_result(result, ledger).signed == len(IDS)
    recorded = ledger.signoffs_for(result.sha256)
    assert {(record.signed_by, record.signer_role, record.level) for record in recorded} == {("王科员", "reviewer", 1), ("孙审批", "approver", 2)}
    for html in (page.text, queue.text, document.text, halfway.text, done.text):
        assert not any(i in html or i[6:14] in html for i in IDS)


def test_other_office_cannot_see_or_act(app, submitted):
    _, url = submitted
    other = signed_in_client(app, "赵科员")
    assert "名单.txt" not in other.get("/desk/").text
    page = other.get(url)
    assert page.status_code == 404 and "名单" not in page.text
    answer = other.post(url + "/signoff", data={"fingerprint": "0" * 16, "basis": "false-positive", "note": "x", "csrf": csrf_of(page.text)})
    assert answer.status_code == 404


def test_block_finding_needs_note(app, ledger):
    author = signed_in_client(app, "李拟稿")
    answer = author.post("/desk/upload", data={"csrf": csrf_of(author.get("/desk/").text)},
                         files={"file": ("另一份.txt", f"学生丁 身份证号：{make_id(sequence='644')}\n".encode())})
    url = answer.headers["location"]
    reviewer = signed_in_client(app, "王科员")
    document = reviewer.get(url)
    fingerprint = signoff_fingerprints(document.text)[0]
    refused = reviewer.post(url + "/signoff", data={"fingerprint": fingerprint, "basis": "public-interest", "note": "", "csrf": csrf_of(document.text)})
    assert refused.status_code == 422 and "须在说明中写明可以公开的理由" in refused.text  # the page's language
    document = reviewer.get(url + "?lang=en")
    refused = reviewer.post(url + "/signoff", data={"fingerprint": fingerprint, "basis": "consent", "note": "", "csrf": csrf_of(document.text)})
    assert refused.status_code == 422 and "needs a note saying why it may be published" in refused.text
    assert "说明" not in refused.text.split("<main", 1)[1]  # no Chinese workflow text left on the English page


def test_api_docs_need_the_token_or_a_session(app):
    anonymous = client_of(app)
    for path in ("/docs", "/openapi.json", "/redoc"):
        assert anonymous.get(path).status_code == 401
    assert anonymous.get("/openapi.json", headers={"Authorization": "Bearer machine-token"}).status_code == 200
    person = signed_in_client(app, "王科员")
    assert person.get("/docs").status_code == 200


def test_identifier_in_the_filename_stays_masked(app):
    raw = make_id(sequence="655")
    author = signed_in_client(app, "李拟稿")
    answer = author.post("/desk/upload", data={"csrf": csrf_of(author.get("/desk/").text)},
                         files={"file": (f"{raw}.txt", "联系人：李老师\n".encode())})
    page = author.get(answer.headers["location"])
    assert page.status_code == 200 and raw not in page.text and raw not in answer.headers["location"]


def test_session_cookie_flags():
    app = create_app("default", warm_up=False, session_secret="test-secret", secure_cookies=True)
    cookie = TestClient(app).get("/desk/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie


def test_only_secrecy_releases_a_mark_as_false_positive():
    from screening.service.desk.i18n import Words
    from screening.service.desk.routes import role_refusal
    from screening.workflow.submissions import Submission

    mark = {"fingerprint": "f" * 16, "rule": "SEC-INTERNAL", "action": "block"}
    submission = Submission(1, "2026-12-07T00:00:00+00:00", "李拟稿", "办公室", "通知.txt", "0" * 64, "block", "default", "1", [mark], [])
    refused = role_refusal(submission, mark["fingerprint"], "false-positive", "reviewer")
    assert refused is not None and "只有保密审查员" in refused.words("zh", Words("zh").label)
    assert "only a 保密审查员 (secrecy reviewer)" in refused.words("en", Words("en").label)
    assert role_refusal(submission, mark["fingerprint"], "false-positive", "secrecy") is None
    assert role_refusal(submission, mark["fingerprint"], "public-interest", "reviewer") is None


NOTICE_ID = make_id(sequence="933")
NOTICE = ("关于2024年暑期社会实践活动的通知\n参加学生：张小明、李华\n"
          f"学生王小红 身份证号：{NOTICE_ID}\n联系人：李老师，手机：13912345678\n")


@pytest.fixture
def notice(app):
    """A general notice (one block ID, review names and a contact mobile) just uploaded: its page's URL."""
    author = signed_in_client(app, "李拟稿")
    answer = author.post("/desk/upload", data={"csrf": csrf_of(author.get("/desk/").text)}, files={"file": ("实践活动.txt", NOTICE.encode())})
    return answer.headers["location"]


def finding_row(html: str, preview: str) -> str:
    """The fingerprint of the finding row showing `preview`."""
    return re.search(r'<tr id="f-([0-9a-f]+)"[^>]*>(?:(?!</tr>).)*?<code>' + re.escape(preview) + "</code>", html, re.S).group(1)


def test_mark_for_redaction_and_download_the_redacted_copy(app, ledger, notice):
    reviewer = signed_in_client(app, "王科员")
    page = reviewer.get(notice)
    student = finding_row(page.text, "张**")
    author = signed_in_client(app, "李拟稿")
    refused = author.post(notice + "/mark", data={"fingerprint": student, "csrf": csrf_of(author.get(notice).text)})
    assert refused.status_code == 422  # an author submits; reviewers mark
    id_row = finding_row(page.text, "340*************33")
    assert reviewer.post(notice + "/mark", data={"fingerprint": id_row, "csrf": csrf_of(page.text)}).status_code == 422  # block: masked anyway
    assert reviewer.post(notice + "/mark", data={"fingerprint": student, "csrf": csrf_of(page.text)}).status_code == 303
    page = reviewer.get(notice)
    assert page.text.count("待脱敏") == 1 and "标记为需脱敏" in page.text[page.text.index("历史记录"):]
    copy = reviewer.post(notice + "/redacted", data={"csrf": csrf_of(page.text)})
    assert copy.status_code == 200 and copy.headers["cache-control"] == "no-store"
    assert "attachment" in copy.headers["content-disposition"] and "%E8%84%B1%E6%95%8F_" in copy.headers["content-disposition"]  # 脱敏_
    text = copy.content.decode("utf-8")
    assert NOTICE_ID not in text and "张小明" not in text  # the block ID and the marked name are masked
    assert "李华" in text and "社会实践活动的通知" in text  # an unmarked review finding and the rest stay
    assert "下载脱敏稿" in reviewer.get(notice).text
    # Unmarked again, the next copy keeps the name.
    reviewer.post(notice + "/mark", data={"fingerprint": student, "unmark": "1", "csrf": csrf_of(page.text)})
    assert "张小明" in reviewer.post(notice + "/redacted", data={"csrf": csrf_of(page.text)}).content.decode("utf-8")


def test_raw_value_on_a_logged_click_for_allowed_roles_only(app, ledger, notice, caplog):
    from screening.workflow.events import events_of

    submission_id = int(notice.rsplit("/", 1)[1])
    reviewer = signed_in_client(app, "王科员")
    page = reviewer.get(notice)
    id_row = finding_row(page.text, "340*************33")
    assert NOTICE_ID not in page.text and "查看原始值" in page.text
    for name in ("孙审批", "李拟稿"):  # approver and author: the masked value only, and no button
        other = signed_in_client(app, name)
        other_page = other.get(notice)
        assert "查看原始值" not in other_page.text
        assert other.post(notice + "/raw", data={"fingerprint": id_row, "csrf": csrf_of(other_page.text)}).status_code == 403
    assert not [event for event in events_of(ledger, submission_id) if event.kind == "raw-viewed"]
    with caplog.at_level("DEBUG"):
        shown = reviewer.post(notice + "/raw", data={"fingerprint": id_row, "csrf": csrf_of(page.text)})
    assert shown.status_code == 200 and NOTICE_ID in shown.text and "已记入台账" in shown.text
    assert shown.headers["cache-control"] == "no-store" and NOTICE_ID not in str(shown.url)
    assert NOTICE_ID not in caplog.text
    viewed = [event for event in events_of(ledger, submission_id) if event.kind == "raw-viewed"]
    assert [(event.actor, event.fingerprint) for event in viewed] == [("王科员", id_row)]
    after = reviewer.get(notice)
    assert NOTICE_ID not in after.text and "查看原始值（已记录）" in after.text
    other_office = signed_in_client(app, "赵科员")
    assert other_office.post(notice + "/raw", data={"fingerprint": id_row, "csrf": csrf_of(other_office.get("/desk/").text)}).status_code == 404


def test_a_docx_draft_is_shown_as_read_and_its_raw_value_read_again(app, tmp_path):
    """A docx is read in the service's reader process, which sends back blocks, not text: the view
    and the raw-value answer read the text again there (they showed nothing for a docx before)."""
    from docx import Document

    draft = Document()
    draft.add_paragraph("2024年国家助学金拟资助学生名单公示")
    table = draft.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "姓名", "身份证号"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "王小红", NOTICE_ID
    path = tmp_path / "名单.docx"
    draft.save(path)
    author = signed_in_client(app, "李拟稿")
    answer = author.post("/desk/upload", data={"csrf": csrf_of(author.get("/desk/").text)}, files={"file": ("名单.docx", path.read_bytes())})
    url = answer.headers["location"]
    reviewer = signed_in_client(app, "王科员")
    page = reviewer.get(url)
    assert "拟资助学生名单公示" in page.text and page.text.count('class="hit action-block"') >= 1
    assert NOTICE_ID not in page.text
    id_row = finding_row(page.text, "340*************33")
    shown = reviewer.post(url + "/raw", data={"fingerprint": id_row, "csrf": csrf_of(page.text)})
    assert shown.status_code == 200 and NOTICE_ID in shown.text


def test_a_cms_submits_a_draft_through_the_api_into_an_office_queue(app, tmp_path):
    from docx import Document

    machine = TestClient(app, headers={"Authorization": "Bearer machine-token"})
    query = {"office": "学生资助中心", "author": "门户网站CMS·张编辑"}
    answer = machine.post("/submit", params=query, json={"text": NOTICE, "filename": "暑期实践.txt"})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["page"] == f"/desk/documents/{body['submission']}" and body["verdict"] == "block"
    assert body["findings"]["block"] >= 1 and NOTICE_ID not in answer.text
    reviewer = signed_in_client(app, "王科员")
    assert body["page"] in mine_part(reviewer.get("/desk/").text)  # in the office's queue, for the 审核人
    page = reviewer.get(body["page"])
    assert "门户网站CMS·张编辑" in page.text and page.text.count('class="hit action-block"') >= 1
    draft = Document()
    draft.add_paragraph(f"学生王小红 身份证号：{NOTICE_ID}")
    draft.save(tmp_path / "a.docx")
    uploaded = machine.post("/submit", params=query, files={"file": ("实践.docx", (tmp_path / "a.docx").read_bytes())})
    assert uploaded.status_code == 201 and 'class="hit action-block"' in reviewer.get(uploaded.json()["page"]).text
    # No token, an office nobody sits in, an empty author: refused, nothing recorded.
    assert TestClient(app).post("/submit", params=query, json={"text": NOTICE}).status_code == 401
    nobody = machine.post("/submit", params={**query, "office": "不存在的处室"}, json={"text": NOTICE})
    assert nobody.status_code == 422 and nobody.json()["error"] == "unknown_office"
    assert machine.post("/submit", params={**query, "author": " "}, json={"text": NOTICE}).status_code == 422


def test_send_back_to_the_author_with_a_comment(app, notice):
    reviewer = signed_in_client(app, "王科员")
    page = reviewer.get(notice)
    assert reviewer.post(notice + "/send-back", data={"comment": " ", "csrf": csrf_of(page.text)}).status_code == 422
    comment = "请删除学生身份证号后重新提交"
    answer = reviewer.post(notice + "/send-back", data={"comment": comment, "csrf": csrf_of(page.text)})
    assert answer.status_code == 303 and answer.headers["location"] == "/desk/"
    assert notice not in reviewer.get("/desk/").text  # out of the reviewers' queue
    returned = reviewer.get(notice)
    assert "退回拟稿人修改" in returned.text and comment in returned.text and 'class="signoff"' not in returned.text
    author_queue = signed_in_client(app, "李拟稿").get("/desk/")
    returned_part = author_queue.text[author_queue.text.index("退回给我修改的文件"):]
    assert notice in returned_part and comment in returned_part and "王科员" in returned_part
    assert reviewer.post(notice + "/send-back", data={"comment": "再退", "csrf": csrf_of(page.text)}).status_code == 422


def test_a_changed_draft_is_linked_to_the_version_sent_back(app, notice):
    reviewer = signed_in_client(app, "王科员")
    comment = "请删除学生身份证号后重新提交"
    reviewer.post(notice + "/send-back", data={"comment": comment, "csrf": csrf_of(reviewer.get(notice).text)})
    earlier = int(notice.rsplit("/", 1)[1])
    author = signed_in_client(app, "李拟稿")
    queue = author.get("/desk/")
    returned_part = queue.text[queue.text.index("退回给我修改的文件"):]
    assert f'name="revises" value="{earlier}"' in returned_part and "提交修改稿" in returned_part
    # the ID taken out, a pupil's home address put in
    changed = NOTICE.replace(f"学生王小红 身份证号：{NOTICE_ID}\n", "学生王小红 家庭住址：合肥市蜀山区长江西路99号3栋501室\n")
    # Another author, or a document not sent back, cannot be revised; a bad id neither.
    for name, target in (("孙审批", earlier), ("李拟稿", earlier + 10_000), ("李拟稿", "x")):
        other = signed_in_client(app, name)
        refused = other.post("/desk/upload", data={"csrf": csrf_of(other.get("/desk/").text), "revises": str(target)},
                             files={"file": ("实践活动.txt", changed.encode())})
        assert refused.status_code == 422 and "不能提交修改稿" in refused.text
    answer = author.post("/desk/upload", data={"csrf": csrf_of(queue.text), "revises": str(earlier)},
                         files={"file": ("实践活动（修改稿）.txt", changed.encode())})
    assert answer.status_code == 303
    later_url = answer.headers["location"]
    later = reviewer.get(later_url)
    assert f"本件为第 {earlier} 号" in later.text and comment in later.text and f'href="/desk/documents/{earlier}"' in later.text
    assert "340*************33" not in later.text.split('class="gone"')[0]  # the changed draft no longer has the ID
    # what changed, finding by finding: the ID gone (listed masked), the address new, the rest unchanged
    earlier_findings = {f["fingerprint"] for f in get_decided(app, earlier)}
    later_findings = {f["fingerprint"] for f in get_decided(app, int(later_url.rsplit("/", 1)[1]))}
    new, gone = later_findings - earlier_findings, earlier_findings - later_findings
    assert len(gone) == 1 and new and len(later_findings & earlier_findings) >= 1
    assert f"新增 {len(new)} 项，已去除 1 项，未变 {len(later_findings & earlier_findings)} 项" in later.text
    assert re.search(r'<details class="gone">.*PII-ID.*340\*+33', later.text, re.S)
    for fingerprint in new:
        row = later.text.split(f'id="f-{fingerprint}"', 1)[1].split("</tr>", 1)[0]
        assert 'class="badge new">新增' in row
    assert 'class="badge new"' not in reviewer.get(notice).text  # the first version compares with nothing
    assert later_url in reviewer.get("/desk/").text  # in the reviewers' queue again
    assert f'href="{later_url}"' in reviewer.get(notice).text and "修改稿" in reviewer.get(notice).text
    queue = author.get("/desk/")
    assert f'name="revises" value="{earlier}"' not in queue.text  # no longer in the author's list sent back
    again = author.post("/desk/upload", data={"csrf": csrf_of(queue.text), "revises": str(earlier)},
                        files={"file": ("实践活动.txt", changed.encode())})
    assert again.status_code == 422  # resubmitted already
    english = reviewer.get(later_url + "?lang=en")
    assert f"The changed draft of no. {earlier}" in english.text and f"{len(new)} new, 1 gone" in english.text


def get_decided(app, submission_id: int) -> list[dict]:
    """The stored findings needing a decision of a submission (as its page lists them)."""
    from screening.workflow.submissions import get_submission

    submission = get_submission(app.state.service.ledger, submission_id)
    return [f for f in submission.findings if f["action"] != "allow"]


def upload(client: TestClient, filename: str, text: str) -> str:
    answer = client.post("/desk/upload", data={"csrf": csrf_of(client.get("/desk/").text)}, files={"file": (filename, text.encode())})
    assert answer.status_code == 303
    return answer.headers["location"]


def test_worklists_pending_by_office_and_stale_signoffs(app):
    first_ids, second_ids = [make_id(sequence=f"{n:03d}") for n in (711, 722)], [make_id(sequence=f"{n:03d}") for n in (733, 744)]
    roster = "2025年国家助学金拟资助学生名单公示\n" + "".join(f"学生{n} 身份证号：{i}\n" for n, i in zip("甲乙", first_ids))
    author = signed_in_client(app, "李拟稿")
    first = upload(author, "变更名单.txt", roster)
    reviewer = signed_in_client(app, "王科员")
    assert sign_every_form(reviewer, first) == 2  # level 1 of CHAIN-AID-BLOCK: it now awaits the approver
    second = upload(author, "变更名单.txt", roster.replace(first_ids[0], second_ids[0]).replace(first_ids[1], second_ids[1]))
    upload(signed_in_client(app, "赵科员"), "招生简章.txt", f"考生甲 身份证号：{make_id(sequence='755')}\n")

    page = reviewer.get("/desk/worklists")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    offices = page.text[page.text.index("各处室待审"):page.text.index("待审文件与等待对象")]
    assert "学生资助中心" in offices and "招生办" in offices and "审批人 2 项" in offices
    mine = page.text[page.text.index("待审文件与等待对象"):page.text.index("过期签发")]
    rows = {url: re.search(f'href="{url}".*?</tr>', mine, re.S).group(0) for url in (first, second)}
    assert "审批人 2 项" in rows[first] and "审核人 2 项" in rows[second]
    stale = page.text[page.text.index("过期签发"):]
    assert f'href="{second}">变更名单.txt' in stale and "王科员" in stale  # the v1 sign-offs do not cover v2
    assert not any(i in page.text or i[6:14] in page.text for i in first_ids + second_ids)
    other = signed_in_client(app, "赵科员").get("/desk/worklists")
    assert "学生资助中心" in other.text and first not in other.text and second not in other.text  # counts, never another office's documents


def test_clearance_tasks_of_my_office_are_listed_and_closed_with_a_recorded_action(app, ledger, tmp_path):
    from test_sweep import sweep_json, write_archive

    archive = write_archive(tmp_path / "site")
    owners = tmp_path / "owners.yaml"
    owners.write_text('owners:\n  - match: "zzgz/**"\n    owner: 学生资助中心\ndefault: 办公室\n', encoding="utf-8")
    sweep_json(str(archive), "--ledger", ledger.location, "--owners", str(owners), "--as-of", "2024-10-20")
    author = signed_in_client(app, "李拟稿")
    page = author.get("/desk/worklists")
    tasks = page.text[page.text.index('id="tasks"'):]
    assert "2024秋季国家助学金公示.txt" in tasks and "RET-AID-NOTICE" in tasks and "已逾期" in tasks and "2024-09-06" in tasks
    assert "家访活动" not in tasks  # another office's task
    assert 'value="kept"' not in tasks  # an author may say 撤下 or 已脱敏, not keep it online
    assert 'value="kept"' in signed_in_client(app, "王科员").get("/desk/worklists").text
    task_id = re.search(r'action="/desk/tasks/(\d+)/close"', tasks).group(1)
    kept = author.post(f"/desk/tasks/{task_id}/close", data={"closing": "kept", "note": "x", "csrf": csrf_of(page.text)})
    assert kept.status_code == 422
    closed = author.post(f"/desk/tasks/{task_id}/close", data={"closing": "withdrawn", "note": "已撤下", "csrf": csrf_of(page.text)})
    assert closed.status_code == 303
    after = author.get("/desk/worklists").text
    done = after[after.index("已关闭"):]
    assert "2024秋季国家助学金公示.txt" in done and "撤下" in done and "李拟稿" in done
    other = signed_in_client(app, "赵科员")
    assert other.post(f"/desk/tasks/{task_id}/close", data={"closing": "withdrawn", "note": "", "csrf": csrf_of(other.get("/desk/").text)}).status_code == 422
