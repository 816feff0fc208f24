"""The desk's routes: /desk/login, /desk/ (my queue, my drafts sent back, upload), /desk/worklists
(pending by office, stale sign-offs, 清理任务 and closing them), /desk/documents/{id} and its sign-offs;
the per-document actions are in screening.service.desk.actions."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from screening.service.desk.actions import install_actions
from screening.service.desk.chart_page import install_charts
from screening.service.desk.kit import HERE, Kit, NotFound
from screening.service.desk.security import (
    SESSION_HOURS,
    ApiDocsGuard,
    CsrfRejected,
    SignInRequired,
    check_csrf,
    start_session,
)
from screening.service.desk.drafts import record_draft
from screening.sweeps.tasks import CLOSINGS, TaskError, close_task, office_tasks
from screening.workflow.accounts import Account, authenticate
from screening.workflow.chains import open_level, role_problem
from screening.workflow.events import events_of, history, marked_for_redaction, sent_back
from screening.workflow.review import BLOCK_BASES, BASES, SignOffError, sign_off
from screening.workflow.roles import RAW_VALUE_ROLES
from screening.workflow.refusals import Refusal
from screening.workflow.queue import open_items, pending_by_office, stale_signoffs
from screening.workflow.versions import compare_versions
from screening.workflow.submissions import Submission, get_submission, returned_to, revisable, revised_by


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

    kit = Kit(service)
    page, redirect, account_of = kit.page, kit.redirect, kit.account_of

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, _error: NotFound) -> Response:
        account = signed_in_or_none(request)
        return kit.message(request, account, 404, "msg.not_found", "msg.not_found_text")

    def signed_in_or_none(request: Request) -> Account | None:
        try:
            return account_of(request)
        except SignInRequired:
            return None

    @app.exception_handler(SignInRequired)
    async def _sign_in(_request: Request, _error: SignInRequired) -> Response:
        return redirect("/desk/login")

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _error: CsrfRejected) -> Response:
        return kit.message(request, None, 403, "msg.refused", "msg.refused_text")

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
            return page(request, "login.html", 401, error="login.failed")
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
        items, returned = await anyio.to_thread.run_sync(lambda: (
            open_items(service.ledger, service.policy, account.office), returned_to(service.ledger, account.name, account.office)))
        # The next level sees its documents first: those with a finding whose chain waits for this signer.
        waiting = [(queued, state, queued.awaiting_signer(state, account.role, account.name)) for queued, state in items]
        mine = [item for item in waiting if item[2]]
        others = [(queued, state) for queued, state, n in waiting if not n]
        return page(request, "queue.html", account=account, items=others, mine=mine, returned=returned)

    @app.get("/desk/worklists", include_in_schema=False)
    async def worklists(request: Request) -> Response:
        account = account_of(request)
        offices, stale, tasks = await anyio.to_thread.run_sync(lambda: (
            pending_by_office(service.ledger, service.policy), stale_signoffs(service.ledger, account.office),
            office_tasks(service.ledger, account.office)))
        return page(request, "worklists.html", account=account, offices=offices, stale=stale, tasks=tasks, today=date.today(),
                    closings=CLOSINGS)

    @app.post("/desk/tasks/{task_id}/close", include_in_schema=False)
    async def close(request: Request, task_id: int) -> Response:
        account = account_of(request)
        form = await request.form()
        check_csrf(request, form)
        try:
            await anyio.to_thread.run_sync(lambda: close_task(
                service.ledger, task_id, account.office, by=account.name, may_keep=account.may_sign_off,
                closing=str(form.get("closing", "")), note=str(form.get("note", ""))))
        except TaskError as error:
            return kit.refused(request, account, "msg.close_failed", error, back="/desk/worklists#tasks")
        return redirect("/desk/worklists#tasks")

    @app.post("/desk/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        account = account_of(request)
        form = await request.form(max_files=1, max_fields=4)
        try:
            check_csrf(request, form)
            draft = form.get("file")
            if not isinstance(draft, UploadFile) or not draft.filename:
                return kit.message(request, account, 422, "msg.no_file", "msg.no_file_text")
            revises = str(form.get("revises", "")).strip()
            if revises:  # the changed draft of one sent back: the author's own, not resubmitted yet
                earlier = await anyio.to_thread.run_sync(
                    revisable, service.ledger, int(revises) if revises.isdigit() else -1, account.name, account.office)
                if earlier is None:
                    return kit.message(request, account, 422, "msg.cannot_revise", "msg.cannot_revise_text", back="/desk/")
            data, filename = await draft.read(), draft.filename
        finally:
            await form.close()
        result, _ = await anyio.to_thread.run_sync(service.timed_scan, data, filename, None, False, limiter=service.scan_limiter)
        submission_id = await record_draft(service, result, data, filename, by=account.name, office=account.office,
                                           revises=int(revises) if revises else None)
        return redirect(f"/desk/documents/{submission_id}")

    @app.get("/desk/documents/{submission_id}", include_in_schema=False)
    async def document(request: Request, submission_id: int) -> Response:
        account = account_of(request)
        submission = kit.own_submission(account, submission_id)

        def read() -> tuple:
            recorded = events_of(service.ledger, submission.id)
            return (submission.state(service.ledger, service.policy), history(service.ledger, submission),
                    marked_for_redaction(recorded), sent_back(recorded), versions(submission))

        def versions(submission: Submission) -> tuple:
            """(the sent-back version this one changes and its send-back, the version that replaced this one)."""
            earlier = get_submission(service.ledger, submission.revises) if submission.revises else None
            earlier_back = sent_back(events_of(service.ledger, earlier.id)) if earlier else None
            return earlier, earlier_back, revised_by(service.ledger, submission.id)

        state, entries, marked, returned, (earlier, earlier_back, replaced_by) = await anyio.to_thread.run_sync(read)

        def may_sign(fingerprint: str) -> bool:
            chain = state.chains.get(fingerprint)
            return (returned is None and account.may_sign_off and chain is not None
                    and open_level(chain.chain, chain.filled, account.role, account.name) is not None)

        change = compare_versions(earlier.findings, submission.findings) if earlier else None
        return page(request, "document.html", account=account, submission=submission, state=state, allowed_bases=allowed_bases,
                    may_sign=may_sign, history=entries, marked=marked, returned=returned,
                    earlier=earlier, earlier_back=earlier_back, replaced_by=replaced_by, change=change,
                    may_see_raw=account.role in RAW_VALUE_ROLES)

    @app.post("/desk/documents/{submission_id}/signoff", include_in_schema=False)
    async def signoff(request: Request, submission_id: int) -> Response:
        account, form, submission = await kit.posted(request, submission_id)
        fingerprint, basis, note = (str(form.get(key, "")) for key in ("fingerprint", "basis", "note"))
        back = f"/desk/documents/{submission_id}"
        if not account.may_sign_off:
            return kit.message(request, account, 422, "msg.signoff_failed", "msg.may_not_sign", back=back,
                               role=kit.words(request).label("role", account.role))
        problem = role_refusal(submission, fingerprint, basis, account.role)
        if problem is not None:
            return kit.refused(request, account, "msg.signoff_failed", problem, back=back)
        try:
            await anyio.to_thread.run_sync(
                lambda: sign_off(service.ledger, submission.result(), [fingerprint], basis=basis, by=account.name, note=note,
                                 role=account.role, policy=service.policy))
        except SignOffError as error:
            return kit.refused(request, account, "msg.signoff_failed", error, back=back)
        return redirect(f"/desk/documents/{submission_id}#f-{fingerprint}")

    install_actions(app, kit)
    install_charts(app, kit)


def role_refusal(submission: Submission, fingerprint: str, basis: str, role: str) -> Refusal | None:
    """Why a signing `role` may not sign off this finding with this basis whatever its chain, or None."""
    finding = next((item for item in submission.findings if item["fingerprint"] == fingerprint), None)
    return role_problem(finding["rule"], basis, role) if finding else None
