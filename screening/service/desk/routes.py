"""The desk's routes: /desk/login, /desk/ (my queue and upload), /desk/documents/{id} and its sign-offs."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from screening.service.desk.security import (
    SESSION_HOURS,
    ApiDocsGuard,
    CsrfRejected,
    SignInRequired,
    check_csrf,
    csrf_token,
    signed_in,
    start_session,
    with_page_headers,
)
from screening.model import Location
from screening.sources import open_document
from screening.workflow.accounts import Account, authenticate, role_label
from screening.workflow.chains import open_level, role_problem
from screening.workflow.events import history
from screening.workflow.review import BASIS_LABELS, BLOCK_BASES, BASES, SignOffError, sign_off
from screening.workflow.submissions import Submission, get_submission, office_queue, record_submission

HERE = Path(__file__).parent
ACTION_LABELS = {"block": "禁止公开", "review": "需审核", "allow": "可公开"}
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(role_label=role_label, action_labels=ACTION_LABELS, basis_labels=BASIS_LABELS)
templates.env.filters["location_text"] = lambda location: Location(**location).describe()


def allowed_bases(finding: dict) -> list[str]:
    """The bases that may sign off this finding (a block finding: not 'masked')."""
    return [basis for basis in BASES if finding["action"] != "block" or basis in BLOCK_BASES]


def install_desk(app: FastAPI, service: Any, session_secret: str | None, secure_cookies: bool = False) -> None:
    """Add the desk's routes, session middleware and error pages to the service's app."""
    app.add_middleware(ApiDocsGuard, token_valid=service.token_valid)  # added first: runs inside the session middleware
    app.add_middleware(
        SessionMiddleware, secret_key=session_secret or secrets.token_urlsafe(32), session_cookie="screening_desk",
        max_age=SESSION_HOURS * 3600, same_site="strict", https_only=secure_cookies,
    )
    app.mount("/desk/static", StaticFiles(directory=HERE / "static"), name="desk-static")

    def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("account", None)
        response = templates.TemplateResponse(request, template, {"csrf": csrf_token(request), **context}, status_code=status_code)
        return with_page_headers(response)

    def redirect(url: str) -> Response:
        return with_page_headers(RedirectResponse(url, status_code=303))

    def account_of(request: Request) -> Account:
        return signed_in(request, service.ledger)

    def own_submission(account: Account, submission_id: int) -> Submission | None:
        """The submission when it belongs to the account's office; another office's looks like none (no existence leak)."""
        submission = get_submission(service.ledger, submission_id)
        return submission if submission is not None and submission.office == account.office else None

    @app.exception_handler(SignInRequired)
    async def _sign_in(_request: Request, _error: SignInRequired) -> Response:
        return redirect("/desk/login")

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _error: CsrfRejected) -> Response:
        return page(request, "message.html", 403, title="请求被拒绝", message="表单已过期或来源不明（缺少 CSRF 令牌），请刷新页面后重试。")

    @app.get("/", include_in_schema=False)
    async def root() -> Response:
        return redirect("/desk/")

    @app.get("/desk/login", include_in_schema=False)
    async def login_page(request: Request) -> Response:
        return page(request, "login.html")

    @app.post("/desk/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        check_csrf(request, form)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        account = await anyio.to_thread.run_sync(authenticate, service.ledger, name, password)
        if account is None:  # one message for every cause: a wrong name, password or a lock-out
            return page(request, "login.html", 401, error="用户名或密码错误，或账户已被暂时锁定。")
        start_session(request, account)
        return redirect("/desk/")

    @app.post("/desk/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        check_csrf(request, await request.form())
        request.session.clear()
        return redirect("/desk/login")

    @app.get("/desk/", include_in_schema=False)
    async def queue(request: Request) -> Response:
        account = account_of(request)
        items = await anyio.to_thread.run_sync(office_queue, service.ledger, account.office, service.policy)
        return page(request, "queue.html", account=account, items=items)

    @app.post("/desk/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        account = account_of(request)
        form = await request.form(max_files=1, max_fields=4)
        try:
            check_csrf(request, form)
            draft = form.get("file")
            if not isinstance(draft, UploadFile) or not draft.filename:
                return page(request, "message.html", 422, account=account, title="未选择文件", message="请选择要提交审查的文件。")
            data, filename = await draft.read(), draft.filename
        finally:
            await form.close()
        result, _ = await anyio.to_thread.run_sync(service.timed_scan, data, filename, None, False, limiter=service.scan_limiter)
        text = await anyio.to_thread.run_sync(extracted_text, service, data, filename) if result.verdict != "error" else None
        submission_id = await anyio.to_thread.run_sync(
            lambda: record_submission(service.ledger, result, text, by=account.name, office=account.office))
        return redirect(f"/desk/documents/{submission_id}")

    @app.get("/desk/documents/{submission_id}", include_in_schema=False)
    async def document(request: Request, submission_id: int) -> Response:
        account = account_of(request)
        submission = own_submission(account, submission_id)
        if submission is None:
            return page(request, "message.html", 404, account=account, title="未找到", message="没有这份文件，或它不属于你的处室。")
        state, entries = await anyio.to_thread.run_sync(lambda: (
            submission.state(service.ledger, service.policy), history(service.ledger, submission, BASIS_LABELS)))

        def may_sign(fingerprint: str) -> bool:
            chain = state.chains.get(fingerprint)
            return chain is not None and open_level(chain.chain, chain.filled, account.role, account.name) is not None

        return page(request, "document.html", account=account, submission=submission, state=state, allowed_bases=allowed_bases,
                    may_sign=may_sign if account.may_sign_off else (lambda _fingerprint: False), history=entries)

    @app.post("/desk/documents/{submission_id}/signoff", include_in_schema=False)
    async def signoff(request: Request, submission_id: int) -> Response:
        account = account_of(request)
        form = await request.form()
        check_csrf(request, form)
        submission = own_submission(account, submission_id)
        if submission is None:
            return page(request, "message.html", 404, account=account, title="未找到", message="没有这份文件，或它不属于你的处室。")
        fingerprint, basis, note = (str(form.get(key, "")) for key in ("fingerprint", "basis", "note"))
        problem = refusal(account, submission, fingerprint, basis)
        if problem is None:
            try:
                await anyio.to_thread.run_sync(
                    lambda: sign_off(service.ledger, submission.result(), [fingerprint], basis=basis, by=account.name, note=note,
                                     role=account.role, policy=service.policy))
            except SignOffError as error:
                problem = str(error)
        if problem:
            return page(request, "message.html", 422, account=account, title="未能签发", message=problem,
                        back=f"/desk/documents/{submission_id}")
        return redirect(f"/desk/documents/{submission_id}#f-{fingerprint}")


def refusal(account: Account, submission: Submission, fingerprint: str, basis: str) -> str | None:
    """Why this account may not sign off this finding with this basis, or None."""
    if not account.may_sign_off:
        return f"{role_label(account.role)}不能签发审查意见。"
    finding = next((item for item in submission.findings if item["fingerprint"] == fingerprint), None)
    return role_problem(finding["rule"], basis, account.role) if finding else None


def extracted_text(service: Any, data: bytes, filename: str) -> str | None:
    """The text the findings' offsets index, read again for the view (in a reader process where
    the service has them); None when it cannot be read (the page then lists findings only)."""
    opener = service.readers.open_document if service.readers else open_document
    try:
        document = opener(io.BytesIO(data), filename, service.limits)
        return "".join(piece for _, piece in document.pieces())
    except Exception:  # noqa: BLE001 - the scan already succeeded; the view is a convenience
        return None
