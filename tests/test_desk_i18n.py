"""The desk's English switch: every page in both languages from one catalogue, no key missing, no
Chinese label left on an English page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import make_id
from fastapi.testclient import TestClient
from test_desk import PASSWORD, csrf_of, signed_in_client
from sqlalchemy import insert

from screening.service.app import create_app
from screening.service.desk.i18n import LABELS, TEXTS, Words
from screening.workflow.accounts import add_account
from screening.workflow.ledger import Ledger, clearance_tasks

DESK = Path(__file__).parents[1] / "screening" / "service" / "desk"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ROSTER = "2026年国家助学金拟资助学生名单公示\n" + "".join(f"学生{n} 身份证号：{make_id(sequence=f'{s:03d}')}\n" for n, s in zip("甲乙", (701, 712)))
DRAFT = "2026年招生工作实施方案（征求意见稿）\n请各单位于11月20日前反馈意见。\n"


def template_keys() -> set[str]:
    """Every key the templates name, and those the routes hand to the message page."""
    keys = set()
    for template in (DESK / "templates").glob("*.html"):
        keys |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']""", template.read_text(encoding="utf-8")))
        keys |= {f"lang.{lang}" for lang in ("zh", "en")} if '"lang." + other_lang' in template.read_text(encoding="utf-8") else set()
    for module in DESK.glob("*.py"):
        keys |= set(re.findall(r'"((?:msg|login|charts)\.(?!html")[a-z_]+)"', module.read_text(encoding="utf-8")))
    return {key for key in keys if not key.endswith(".")}  # "lang." + other_lang: both added above


def test_every_key_a_template_names_is_in_the_catalogue_in_both_languages():
    keys = template_keys()
    assert len(keys) > 100 and {"msg.not_found", "login.failed", "charts.months", "lang.en"} <= keys
    assert sorted(keys - TEXTS.keys()) == []
    for key, texts in TEXTS.items():
        assert set(texts) == {"zh", "en"} and all(texts.values()), key
        assert set(re.findall(r"\{(\w+)\}", texts["zh"])) == set(re.findall(r"\{(\w+)\}", texts["en"])), key
        assert not CJK.search(texts["en"].replace("中文", "")), key
    for kind, languages in LABELS.items():
        assert languages["zh"].keys() <= languages["en"].keys(), kind


def test_templates_hold_no_words_of_their_own():
    """Every label goes through the catalogue: a Chinese word typed into a template would stay Chinese in English."""
    for template in (DESK / "templates").glob("*.html"):
        assert not CJK.search(template.read_text(encoding="utf-8")), template.name


def test_a_missing_key_fails_loudly():
    with pytest.raises(KeyError):
        Words("en").t("queue.no-such-key")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A desk with a roster (signed once), a draft for comments (marked, then sent back) and clearance tasks."""
    with Ledger.open(tmp_path_factory.mktemp("i18n") / "ledger.sqlite3") as ledger:
        for name, role in (("李拟稿", "author"), ("王科员", "reviewer"), ("孙审批", "approver")):
            add_account(ledger, name, role, "学生资助中心", PASSWORD)
        with ledger.engine.begin() as connection:
            for number, (days, status) in enumerate(((-2, "open"), (3, "open"), (-5, "closed"))):
                connection.execute(insert(clearance_tasks).values(
                    source="https://jyj.example.gov.cn/", key=f"/gk/{number}.html", rule="RET-AID", path=f"/gk/{number}.html",
                    owner="学生资助中心", due=(date.today() + timedelta(days=days)).isoformat(), urgent=number == 0, reason="公示期已满",
                    listed_at="2026-11-01T09:00:00+00:00", last_run=1, status=status, note="", closing="withdrawn" if status == "closed" else None,
                    closed_by="王科员" if status == "closed" else None, closed_at="2026-11-02T09:00:00+00:00" if status == "closed" else None))
        app = create_app("default", token="machine-token", ledger=ledger, warm_up=False, session_secret="test-secret")
        with TestClient(app):
            author, reviewer = signed_in_client(app, "李拟稿"), signed_in_client(app, "王科员")
            roster = upload(author, "名单.txt", ROSTER)
            draft = upload(author, "方案.txt", DRAFT)
            page = reviewer.get(roster).text
            fingerprint = re.findall(r'name="fingerprint" value="([0-9a-f]+)"', page)[0]
            assert reviewer.post(roster + "/signoff", data={"csrf": csrf_of(page), "fingerprint": fingerprint, "basis": "consent",
                                                            "note": "书面同意"}).status_code == 303
            mark = re.findall(r'name="fingerprint" value="([0-9a-f]+)"', reviewer.get(draft).text)[0]
            assert reviewer.post(draft + "/mark", data={"csrf": csrf_of(page), "fingerprint": mark}).status_code == 303
            assert reviewer.post(draft + "/send-back", data={"csrf": csrf_of(page), "comment": "请删去内部意见"}).status_code == 303
            yield {"author": author, "reviewer": reviewer, "roster": roster, "draft": draft, "fingerprint": fingerprint, "app": app}


def upload(client: TestClient, name: str, text: str) -> str:
    answer = client.post("/desk/upload", data={"csrf": csrf_of(client.get("/desk/").text)}, files={"file": (name, text.encode())})
    assert answer.status_code == 303
    return answer.headers["location"]


def pages(desk, lang: str) -> dict[str, str]:
    """Every desk page in one language: the switch given once, then remembered by the session."""
    reviewer, author = desk["reviewer"], desk["author"]
    assert reviewer.get(f"/desk/?lang={lang}").status_code == 200 and author.get(f"/desk/?lang={lang}").status_code == 200
    anonymous = TestClient(desk["app"], follow_redirects=False)
    page = reviewer.get(desk["roster"]).text
    shown = {
        "login": anonymous.get(f"/desk/login?lang={lang}"),
        "login-failed": anonymous.post("/desk/login", data={"name": "王科员", "password": "wrong-password", "csrf": csrf_of(anonymous.get("/desk/login").text)}),
        "queue": reviewer.get("/desk/"),
        "returned": author.get("/desk/"),
        "worklists": reviewer.get("/desk/worklists"),
        "charts": reviewer.get("/desk/charts"),
        "document": reviewer.get(desk["roster"]),
        "sent-back": reviewer.get(desk["draft"]),
        "raw": reviewer.post(desk["roster"] + "/raw", data={"csrf": csrf_of(page), "fingerprint": desk["fingerprint"]}),
        "not-found": reviewer.get("/desk/documents/9999"),
        "refused": reviewer.post(desk["roster"] + "/signoff", data={"fingerprint": desk["fingerprint"]}),
        "no-comment": reviewer.post(desk["roster"] + "/send-back", data={"csrf": csrf_of(page), "comment": ""}),
    }
    expected = {"login-failed": 401, "not-found": 404, "refused": 403, "no-comment": 422}
    for name, answer in shown.items():
        assert answer.status_code == expected.get(name, 200), (name, answer.status_code)
    return {name: answer.text for name, answer in shown.items()}


CATALOGUE_ZH = sorted({texts["zh"].split("{")[0] for key, texts in TEXTS.items() if not key.startswith("lang.") and len(texts["zh"].split("{")[0]) >= 2 and CJK.search(texts["zh"])}
                      | {label for languages in LABELS.values() for label in languages["zh"].values()}, key=len, reverse=True)


def test_every_page_in_english_has_no_chinese_label(desk):
    english = pages(desk, "en")
    for name, html in english.items():
        assert '<html lang="en">' in html, name
        leftovers = [text for text in CATALOGUE_ZH if text in html and text not in DATA]
        assert leftovers == [], (name, leftovers[:5])
    assert "Sign in to the review desk" in english["login"] and "Wrong name or password" in english["login-failed"]
    assert "Documents screened per month, by verdict" in english["charts"] and "Overdue clearance tasks" in english["charts"]
    assert "Level 1 reviewer: consent of the person" in english["document"] and "awaits the approver" in english["document"]
    assert "signed off PII-ID (consent of the person, level 1)" in english["document"]
    assert "marked for redaction" in english["sent-back"] and "Sent back to the author by 王科员" in english["sent-back"]
    assert "My drafts sent back for changes" in english["returned"]
    assert "This view is recorded in the ledger" in english["raw"]
    assert "No such document" in english["not-found"] and "no CSRF token" in english["refused"]
    assert "Write why it goes back." in english["no-comment"]
    assert "overdue" in english["worklists"] and "taken down" in english["worklists"]


DATA = {"学生资助中心", "王科员", "李拟稿", "孙审批", "书面同意", "请删去内部意见", "公示期已满", "名单.txt", "方案.txt"}


def test_every_page_in_chinese_by_default_and_back(desk):
    chinese = pages(desk, "zh")
    for name, html in chinese.items():
        assert '<html lang="zh-CN">' in html and ">English</a>" in html, name
    assert "第 1 级 审核人：权利人同意" in chinese["document"] and "待审批人" in chinese["document"]
    assert "每月审查文件数（按结论）" in chinese["charts"] and "登录审核台" in chinese["login"]
    assert "Review desk" not in chinese["queue"] and ">中文</a>" not in chinese["queue"]


def test_the_switch_links_to_the_same_page_and_never_re_posts(desk):
    reviewer = desk["reviewer"]
    reviewer.get("/desk/?lang=zh")
    assert f'href="{desk["roster"]}?lang=en"' in reviewer.get(desk["roster"]).text
    refused = reviewer.post(desk["roster"] + "/send-back", data={"csrf": csrf_of(reviewer.get("/desk/").text), "comment": ""})
    assert 'href="/desk/?lang=en"' in refused.text
    assert reviewer.get("/desk/worklists?lang=fr").text.count('<html lang="zh-CN">') == 1  # an unknown language changes nothing


def test_the_language_chosen_before_sign_in_is_kept(desk):
    client = TestClient(desk["app"], follow_redirects=False)
    login = client.get("/desk/login?lang=en")
    assert "Sign in to the review desk" in login.text
    assert client.post("/desk/login", data={"name": "王科员", "password": PASSWORD, "csrf": csrf_of(login.text)}).status_code == 303
    queue = client.get("/desk/")
    assert "学生资助中心 · documents to review" in queue.text and "Submit a draft for screening" in queue.text
    client.post("/desk/logout", data={"csrf": csrf_of(queue.text)})
    assert "登录审核台" in client.get("/desk/login").text  # signing out forgets it


def test_every_workflow_refusal_is_worded_in_both_languages_with_the_same_fields():
    from string import Formatter

    from screening.workflow import refusals

    for key, texts in refusals.TEXTS.items():
        fields = {lang: {name for _, name, _, _ in Formatter().parse(text) if name} for lang, text in texts.items()}
        assert set(texts) == {"zh", "en"} and fields["zh"] == fields["en"], key
        assert not re.search(r"[\u4e00-\u9fff]", texts["en"].replace("审核人", "").replace("审批人", "")
                             .replace("保密审查员", "").replace("条例", "")), key  # English but for the role titles the CLI has always used


def test_a_refused_closing_reads_in_the_page_language(desk):
    reviewer = desk["reviewer"]
    page = reviewer.get("/desk/worklists?lang=en").text
    refused = reviewer.post("/desk/tasks/999999/close", data={"csrf": csrf_of(page), "closing": "withdrawn", "note": ""})
    assert refused.status_code == 422 and "no such open clearance task" in refused.text
    page = reviewer.get("/desk/worklists?lang=zh").text
    refused = reviewer.post("/desk/tasks/999999/close", data={"csrf": csrf_of(page), "closing": "withdrawn", "note": ""})
    assert refused.status_code == 422 and "没有这项待办的清理任务" in refused.text


def test_a_refusal_survives_pickling_as_data():
    import pickle

    from screening.sweeps.tasks import TaskError
    from screening.workflow.refusals import refusal
    from screening.workflow.review import SignOffError

    for error in (SignOffError(refusal("level_role", role="author", needed="approver",
                                       chain=refusal("chain", id="CHAIN-AID", steps="reviewer,approver", filled="1", levels="2"))),
                  TaskError(refusal("no_such_task"))):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and again.refusals == error.refusals and str(again) == str(error)
        assert again.words("zh", Words("zh").label) == error.words("zh", Words("zh").label)
